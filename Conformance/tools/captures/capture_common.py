"""What both capture scripts share: a v1 test torrent, raw peers, and reading what a client sends."""
import os, socket, struct, time

import libtorrent as lt


def make_torrent(directory):
    """Writes 64 KiB of random data to directory/data.bin; returns (torrent bytes, info-hash)."""
    path = os.path.join(directory, "data.bin")
    with open(path, "wb") as f:
        f.write(os.urandom(64 * 1024))
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs, 16384, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, directory)
    torrent = lt.bencode(ct.generate())
    return torrent, bytes.fromhex(str(lt.torrent_info(lt.bdecode(torrent)).info_hash()))


def raw_peers(port, info_hash, after_handshake=b"", pause=0.3):
    """Connects from 127.0.0.2 and 127.0.0.3; each sends a handshake with the extension bit and an
    extended handshake with `p` (7000, 7001), so each is listed in the ut_pex the other receives."""
    socks = []
    for n, source in enumerate(["127.0.0.2", "127.0.0.3"]):
        s = socket.socket()
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"\x13BitTorrent protocol" + bytes.fromhex("0000000000100000") + info_hash + ("-PX0001-%012d" % n).encode())
        ext = b"d1:md6:ut_pexi1ee1:pi%de1:v7:pexspece" % (7000 + n)
        s.sendall(struct.pack(">IBB", len(ext) + 2, 20, 0) + ext + after_handshake)
        socks.append(s)
        time.sleep(pause)
    return socks


def frames(sock, deadline):
    buf = b""
    while time.time() < deadline:
        sock.settimeout(max(0.05, deadline - time.time()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        buf += chunk
        while len(buf) >= 4:
            n = struct.unpack(">I", buf[:4])[0]
            if len(buf) < 4 + n:
                break
            yield buf[4:4 + n]
            buf = buf[4 + n:]


def capture(sock, out, seconds):
    """Reads the client's handshake, extended handshake and first ut_pex into `out` (hex)."""
    sock.settimeout(5)
    hs = b""
    while len(hs) < 68:
        chunk = sock.recv(68 - len(hs))
        if not chunk:
            break
        hs += chunk
    out["handshake"] = hs.hex()
    for body in frames(sock, time.time() + seconds):
        if body[:2] == b"\x14\x00" and "ext_handshake" not in out:
            out["ext_handshake"] = body[2:].hex()
        elif body[:1] == b"\x14" and body[1:2] != b"\x00":
            out["ut_pex_extended_id"] = body[1]
            out["ut_pex"] = body[2:].hex()
            return
