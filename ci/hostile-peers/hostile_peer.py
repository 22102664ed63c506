"""A hostile BitTorrent peer for ci/hostile: listens on loopback, answers every connection with a
handshake (extension bit set) and an extended handshake that assigns ut_pex, then misbehaves.

    hostile_peer.py MODE PORT [--hash HEX]

MODE:
  flood        keep-alives (4 zero bytes) as fast as the socket takes them, until the probe closes
  bigpex       one ut_pex of 100,000 IPv4 peers (600,000-byte added), then stays quiet
  prefix       a 0xFFFFFFFF length prefix, then stays quiet
  reset        half a frame, then a TCP reset (SO_LINGER 0)

Prints "ready PORT" once listening. Runs until killed (the caller stops it by its pid).
"""
import os, socket, struct, sys, threading

# The repository's one Python bencoder (canonical: keys sorted by their bytes).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Conformance", "tools"))
from casekit import benc as bencode  # noqa: E402

def frame(payload):
    return struct.pack(">I", len(payload)) + payload

def extended(ext_id, payload):
    return frame(bytes([20, ext_id]) + payload)

def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data

def serve(conn, mode):
    try:
        theirs = read_exact(conn, 68)
        info_hash = theirs[28:48]
        reserved = bytearray(8); reserved[5] = 0x10
        conn.sendall(bytes([19]) + b"BitTorrent protocol" + bytes(reserved) + info_hash + b"-HP0001-hostilepeer!")
        conn.sendall(extended(0, bencode({b"m": {b"ut_pex": 1}, b"v": b"hostile " + mode.encode()})))
        pex_id = 6  # the probe's default --pex-id
        if mode == "flood":
            burst = b"\0\0\0\0" * 16384
            while True:
                conn.sendall(burst)
        elif mode == "bigpex":
            added = b"".join(struct.pack(">IH", 0x0A000000 + i, 6881) for i in range(100_000))
            conn.sendall(extended(pex_id, bencode({b"added": added, b"added.f": bytes(100_000)})))
        elif mode == "prefix":
            conn.sendall(b"\xff\xff\xff\xff\x14\x00")
        elif mode == "reset":
            conn.sendall(b"\0\0\0\x10\x14\x01abc")
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
            return
        while conn.recv(65536):
            pass
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass

def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(64)
    print("ready", server.getsockname()[1], flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn, mode), daemon=True).start()

if __name__ == "__main__":
    main()
