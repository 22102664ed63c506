#!/usr/bin/python3
"""Captures what libtorrent (python3-libtorrent, Debian) sends to a raw peer on loopback:
its handshake, its extended handshake and its first ut_pex message.

Two raw peers connect from 127.0.0.2 and 127.0.0.3 to a libtorrent seed on 127.0.0.1, each
sending a handshake with the extension bit and an extended handshake with `p`, so that each
appears in the ut_pex that libtorrent sends the other. Loopback only, bounded in time.
Prints one JSON object: hex of each captured structure.
"""
import hashlib, json, os, socket, struct, sys, tempfile, time
sys.dont_write_bytecode = True
import libtorrent as lt
from capture_frames import frames

def main():
    work = tempfile.mkdtemp(prefix="pexspec-lt-")
    path = os.path.join(work, "data.bin")
    with open(path, "wb") as f:
        f.write(os.urandom(64 * 1024))
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs, 16384, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, work)
    info = lt.torrent_info(ct.generate())
    settings = {
        "listen_interfaces": "127.0.0.1:0", "enable_dht": False, "enable_lsd": False, "enable_upnp": False,
        "enable_natpmp": False, "allow_multiple_connections_per_ip": True, "close_redundant_connections": False,
        "alert_mask": 0,
    }
    ses = lt.session(settings)
    h = ses.add_torrent({"ti": info, "save_path": work})
    deadline = time.time() + 20
    while time.time() < deadline and (not h.status().is_seeding or ses.listen_port() == 0):
        time.sleep(0.1)
    port = ses.listen_port()
    info_hash = bytes.fromhex(str(info.info_hash()))
    socks = []
    for n, source in enumerate(["127.0.0.2", "127.0.0.3"]):
        s = socket.socket()
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        reserved = bytes.fromhex("0000000000100000")
        s.sendall(b"\x13BitTorrent protocol" + reserved + info_hash + ("-PX0001-%012d" % n).encode())
        ext = b"d1:md6:ut_pexi1ee1:pi%de1:v7:pexspece" % (7000 + n)
        s.sendall(struct.pack(">IBB", len(ext) + 2, 20, 0) + ext)
        socks.append(s)
        time.sleep(0.3)
    out = {"libtorrent_version": lt.__version__}
    s = socks[0]
    s.settimeout(5)
    hs = b""
    while len(hs) < 68:
        hs += s.recv(68 - len(hs))
    out["handshake"] = hs.hex()
    for body in frames(s, time.time() + 8):
        if body[:1] == b"\x14" and body[1:2] == b"\x00" and "ext_handshake" not in out:
            out["ext_handshake"] = body[2:].hex()
        elif body[:1] == b"\x14" and body[1:2] not in (b"\x00",) and "ut_pex" not in out:
            out["ut_pex_extended_id"] = body[1]
            out["ut_pex"] = body[2:].hex()
            break
    for s in socks:
        s.close()
    json.dump(out, sys.stdout, indent=1)
    print()

main()
