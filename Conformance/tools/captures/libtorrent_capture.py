#!/usr/bin/python3
"""Captures what libtorrent (python3-libtorrent, Debian) sends to a raw peer on loopback:
its handshake, its extended handshake and its first ut_pex message.

A libtorrent seed listens on 127.0.0.1 (DHT, LSD, UPnP, NAT-PMP off); two raw peers connect
from 127.0.0.2 and 127.0.0.3 (see capture_common.raw_peers). Loopback only, bounded in time.
Prints one JSON object: hex of each captured structure.
"""
import json, sys, tempfile, time
sys.dont_write_bytecode = True
import libtorrent as lt
from capture_common import capture, make_torrent, raw_peers


def main():
    work = tempfile.mkdtemp(prefix="pexspec-lt-")
    torrent, info_hash = make_torrent(work)
    settings = {
        "listen_interfaces": "127.0.0.1:0", "enable_dht": False, "enable_lsd": False, "enable_upnp": False,
        "enable_natpmp": False, "allow_multiple_connections_per_ip": True, "close_redundant_connections": False,
        "alert_mask": 0,
    }
    ses = lt.session(settings)
    h = ses.add_torrent({"ti": lt.torrent_info(lt.bdecode(torrent)), "save_path": work})
    deadline = time.time() + 20
    while time.time() < deadline and (not h.status().is_seeding or ses.listen_port() == 0):
        time.sleep(0.1)
    socks = raw_peers(ses.listen_port(), info_hash)
    out = {"libtorrent_version": lt.__version__}
    capture(socks[0], out, 8)
    for s in socks:
        s.close()
    json.dump(out, sys.stdout, indent=1)
    print()


main()
