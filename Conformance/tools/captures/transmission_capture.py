#!/usr/bin/python3
"""Captures what transmission-daemon 3.00 (Debian) sends to a raw peer on loopback: its
handshake, its extended handshake and its first ut_pex message.

The daemon seeds a v1 torrent on 127.0.0.1 (DHT, LPD, uTP, port mapping and RPC off; the
torrent is added through a watch directory). Two raw peers connect from 127.0.0.2 and
127.0.0.3 (see capture_common.raw_peers), each also sending an empty bitfield. Loopback only,
bounded in time; the daemon is stopped by its pid. Prints one JSON object.
"""
import json, os, shutil, signal, struct, subprocess, sys, tempfile, time
sys.dont_write_bytecode = True
from capture_common import capture, make_torrent, raw_peers


def main():
    work = tempfile.mkdtemp(prefix="pexspec-tr-")
    data, config, watch = (os.path.join(work, d) for d in ("data", "config", "watch"))
    for d in (data, config, watch):
        os.makedirs(d)
    torrent, info_hash = make_torrent(data)
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
        socks = raw_peers(port, info_hash, after_handshake=struct.pack(">IB", 2, 5) + b"\x00", pause=1.0)
        capture(socks[1], out, 10)
        for s in socks:
            s.close()
        json.dump(out, sys.stdout, indent=1)
        print()
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


main()
