#!/usr/bin/env python3
"""Cross-checks the az-frame decode vectors (Conformance/vectors/az-frame.json) against
Wireshark's BitTorrent dissector.

Writes each valid fixture frame into its own loopback TCP stream (after a BitTorrent handshake)
in a pcap, runs `tshark -d tcp.port==6881,bittorrent`, and prints, per fixture, the id length,
message id and version ("priority") byte Wireshark read, or its Info column when it did not
take the frame for an Azureus message. Needs tshark (Debian: apt-get install tshark).
Run: python3 Conformance/tools/tshark_check.py
"""
import json, os, struct, subprocess, tempfile

here = os.path.dirname(os.path.abspath(__file__))
vectors = json.load(open(os.path.join(here, "..", "vectors", "az-frame.json")))["vectors"]
cases = [dict(c, raw=c["hex"]) for c in vectors if c["lenient"]["ok"] and c["id"] != "az-frame/trailing"]

def checksum(header):
    s = sum(struct.unpack(">10H", header))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF

records = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
def segment(sport, seq, payload):
    tcp = struct.pack(">HHIIBBHHH", sport, 6881, seq, 1, 5 << 4, 0x18, 65535, 0, 0)
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), 1, 0, 64, 6, 0, bytes([127, 0, 0, 2]), bytes([127, 0, 0, 1]))
    ip = ip[:10] + struct.pack(">H", checksum(ip)) + ip[12:]
    frame = b"\x00" * 12 + b"\x08\x00" + ip + tcp + payload
    records.append(struct.pack("<IIII", len(records), 0, len(frame), len(frame)) + frame)

handshake = bytes([19]) + b"BitTorrent protocol" + bytes(8) + bytes(range(20)) + b"-XX0000-" + bytes(12)
for n, case in enumerate(cases):
    segment(40000 + n, 1000, handshake)
    segment(40000 + n, 1000 + len(handshake), bytes.fromhex(case["raw"]))

with tempfile.NamedTemporaryFile(suffix=".pcap") as pcap:
    pcap.write(b"".join(records))
    pcap.flush()
    fields = ["tcp.srcport", "bittorrent.msg.typelen", "bittorrent.msg.aztype", "bittorrent.msg.prio", "_ws.col.Info"]
    out = subprocess.run(["tshark", "-r", pcap.name, "-d", "tcp.port==6881,bittorrent", "-T", "fields"] + sum((["-e", f] for f in fields), []),
                         capture_output=True, text=True, check=True).stdout
rows = [line.split("\t") for line in out.splitlines()][1::2]
for case, row in zip(cases, rows):
    print("%-40s %s" % (case["id"], " | ".join(x.strip() for x in row[1:])))
