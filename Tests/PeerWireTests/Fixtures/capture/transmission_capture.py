#!/usr/bin/python3
"""Captures what transmission-daemon 3.00 (Debian) sends to a raw peer on loopback: its
handshake, its extended handshake and its first ut_pex message.

The daemon seeds a v1 torrent on 127.0.0.1 (DHT, LPD, uTP, port mapping and RPC off; the
torrent is added through a watch directory). Two raw peers connect from 127.0.0.2 and 127.0.0.3,
each sending a handshake with the extension bit, an extended handshake with `p` and a bitfield.
Loopback only, bounded in time; the daemon is stopped by its pid. Prints one JSON object.
"""
import json, os, shutil, signal, socket, struct, subprocess, sys, tempfile, time
sys.dont_write_bytecode = True
import libtorrent as lt
from capture_frames import frames

def main():
    work = tempfile.mkdtemp(prefix="pexspec-tr-")
    data = os.path.join(work, "data")
    os.makedirs(data)
    path = os.path.join(data, "data.bin")
    with open(path, "wb") as f:
        f.write(os.urandom(64 * 1024))
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs, 16384, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, data)
    torrent = lt.bencode(ct.generate())
    info_hash = bytes.fromhex(str(lt.torrent_info(lt.bdecode(torrent)).info_hash()))
    config = os.path.join(work, "config")
    watch = os.path.join(work, "watch")
    os.makedirs(config)
    os.makedirs(watch)
    port = 51413 + os.getpid() % 1000
    settings = {
        "bind-address-ipv4": "127.0.0.1", "bind-address-ipv6": "::1", "peer-port": port, "peer-port-random-on-start": False,
        "dht-enabled": False, "lpd-enabled": False, "utp-enabled": False, "port-forwarding-enabled": False,
        "pex-enabled": True, "rpc-enabled": False, "download-dir": data, "watch-dir": watch, "watch-dir-enabled": True,
        "encryption": 1, "message-level": 0,
    }
    with open(os.path.join(config, "settings.json"), "w") as f:
        json.dump(settings, f)
    daemon = subprocess.Popen(["transmission-daemon", "-f", "-g", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        with open(os.path.join(watch, "t.torrent"), "wb") as f:
            f.write(torrent)
        time.sleep(6)  # the watch directory is polled, then the data verified
        out = {"transmission": subprocess.run(["transmission-daemon", "-V"], capture_output=True, text=True).stderr.strip()}
        socks = []
        for n, source in enumerate(["127.0.0.2", "127.0.0.3"]):
            s = socket.socket()
            s.bind((source, 0))
            s.connect(("127.0.0.1", port))
            s.sendall(b"\x13BitTorrent protocol" + bytes.fromhex("0000000000100000") + info_hash + ("-PX0001-%012d" % n).encode())
            ext = b"d1:md6:ut_pexi1ee1:pi%de1:v7:pexspece" % (7000 + n)
            s.sendall(struct.pack(">IBB", len(ext) + 2, 20, 0) + ext)
            s.sendall(struct.pack(">IB", 2, 5) + b"\x00")  # bitfield: no pieces
            socks.append(s)
            time.sleep(1.0)
        s = socks[1]
        s.settimeout(5)
        hs = b""
        while len(hs) < 68:
            chunk = s.recv(68 - len(hs))
            if not chunk:
                break
            hs += chunk
        out["handshake"] = hs.hex()
        for body in frames(s, time.time() + 10):
            if body[:1] == b"\x14" and body[1:2] == b"\x00" and "ext_handshake" not in out:
                out["ext_handshake"] = body[2:].hex()
            elif body[:1] == b"\x14" and body[1:2] != b"\x00" and "ut_pex" not in out:
                out["ut_pex_extended_id"] = body[1]
                out["ut_pex"] = body[2:].hex()
                break
        for s in socks:
            s.close()
        json.dump(out, sys.stdout, indent=1)
        print()
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

main()
