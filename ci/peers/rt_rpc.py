"""Minimal rtorrent XML-RPC client over SCGI on a local (unix) socket, for ci/peers/rtorrent
(standard library only).

    rt_rpc.py SOCKET call METHOD [ARG...]          print the result
    rt_rpc.py SOCKET add-seed TORRENT HASH SECONDS load and start the torrent; wait until complete
"""
import socket, sys, time, xmlrpc.client


def call(path, method, *args):
    body = xmlrpc.client.dumps(tuple(args), method).encode()
    headers = b"CONTENT_LENGTH\x00%d\x00SCGI\x001\x00" % len(body)
    request = b"%d:%s," % (len(headers), headers) + body
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(path)
        s.sendall(request)
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    _, _, xml = reply.partition(b"\r\n\r\n")
    return xmlrpc.client.loads(xml.decode())[0][0]


def main():
    path, command = sys.argv[1], sys.argv[2]
    if command == "call":
        print(call(path, sys.argv[3], *sys.argv[4:]))
    elif command == "add-seed":
        torrent, info_hash, seconds = sys.argv[3], sys.argv[4].upper(), float(sys.argv[5])
        call(path, "load.start_verbose", "", torrent)
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                if call(path, "d.complete", info_hash) == 1 and call(path, "d.is_active", info_hash) == 1:
                    return
            except xmlrpc.client.Fault:
                pass  # not loaded yet
            time.sleep(0.3)
        sys.exit(f"rt_rpc: {info_hash} not seeding after {seconds:.0f} s")
    else:
        sys.exit(f"rt_rpc: unknown command {command}")


main()
