"""Decode vectors for the codec details found by replaying other projects' test suites and by
a differential run against libtorrent: BEP 6's Fast extension messages and their fixed lengths,
the strict checks of the bitfield and the piece, libtorrent's depth rule, a key repeated out of
order, the one-to-one JSON form of bencode, and v4-mapped IPv6 text (RFC 5952 section 5).
"""
import struct

from casekit import after, compact, err, ok, std, vector, warn

FAST = "BEP 6, Fast Extension: message ids and lengths"
BEP3 = "BEP 3: bitfield (peers with nothing may skip it), piece"
LIBTORRENT = "libtorrent src/bdecode.cpp (arvidn/libtorrent at 005fa0cc0f00), bdecode()"
CONTRACT = "pexspec decode contract (README.md, Kinds)"


def frame(message_id, payload=b""):
    return std(message_id, payload)


def fast(name, message_id, payload, value):
    vector("frames/fast/" + name, "frames", frame(message_id, payload), ok([value]), description=name + " with its fixed length", source=FAST)
    for n, wrong in enumerate([payload + b"\x00"] + ([payload[:-1]] if payload else [])):
        vector("frames/fast/%s-length-%d" % (name, len(wrong)), "frames", frame(message_id, wrong), err("bad_payload_length", 5),
               description="%s with %d payload bytes: rejected in both modes" % (name, len(wrong)), source=FAST)


fast("suggest", 13, struct.pack(">I", 3), {"type": "suggest", "piece_index": 3, "payload": "00000003"})
fast("have_all", 14, b"", {"type": "have_all", "payload": ""})
fast("have_none", 15, b"", {"type": "have_none", "payload": ""})
fast("reject", 16, struct.pack(">III", 1, 16384, 16384),
     {"type": "reject", "index": 1, "begin": 16384, "length": 16384, "payload": "000000010000400000004000"})
fast("allowed_fast", 17, struct.pack(">I", 9), {"type": "allowed_fast", "piece_index": 9, "payload": "00000009"})

vector("frames/strict/empty-bitfield", "frames", frame(5), ok([{"type": "bitfield", "payload": ""}], warn("empty_bitfield", 5)),
       description="a bitfield of no bytes: a warning, an error in strict mode", source=BEP3)
vector("frames/strict/piece-without-block", "frames", frame(7, struct.pack(">II", 1, 0)),
       ok([{"type": "piece", "index": 1, "begin": 0, "block": "", "payload": "0000000100000000"}], warn("empty_block", 13)),
       description="a piece with no block: a warning, an error in strict mode", source=BEP3)

deep_ok = b"l" * 99 + b"e" * 99
nested = []
for _ in range(98):
    nested = [nested]
vector("bencode/depth/99-levels", "bencode", deep_ok, ok(nested), description="99 nested lists: the most libtorrent reads", source=LIBTORRENT)
vector("bencode/depth/100-levels", "bencode", b"l" * 100 + b"e" * 100, err("depth_exceeded", 100),
       description="100 nested lists: refused at the first closing e, as libtorrent", source=LIBTORRENT)
vector("bencode/depth/100-open-then-eof", "bencode", b"l" * 100, err("unexpected_eof", 100),
       description="100 opening l and nothing else: the end of the input is checked first", source=LIBTORRENT)

raw = b"d1:ai1e1:bi2e1:ai3ee"
vector("bencode/duplicate/not-adjacent", "bencode", raw, ok({"dict": [["a", 1], ["b", 2], ["a", 3]]}, warn("duplicate_key", 13)),
       description="a key repeated after another key: duplicate_key", source=LIBTORRENT)
raw = b"d1:bi1e1:ai2e1:bi3ee"
vector("bencode/duplicate/in-order-after-unsorted", "bencode", raw,
       ok({"dict": [["b", 1], ["a", 2], ["b", 3]]}, warn("unsorted_keys", 7), warn("duplicate_key", 13)),
       description="b, a, b: the second b sorts after a and still repeats", source=LIBTORRENT)

vector("bencode/json/string-not-utf8", "bencode", b"1:\xff", ok({"hex": "ff"}), description="a byte string that is not UTF-8", source=CONTRACT)
vector("bencode/json/key-hex", "bencode", b"d3:hex2:ffe", ok({"hex:686578": "ff"}),
       description="a dictionary with the key hex: escaped, so it prints apart from 1:\\xff", source=CONTRACT)
vector("bencode/json/key-dict", "bencode", b"d4:dicti1ee", ok({"hex:64696374": 1}), description="the key dict is escaped", source=CONTRACT)
raw = b"d6:hex:ffi1e1:\xffi2ee"
vector("bencode/json/key-like-escape", "bencode", raw, ok({"hex:6865783a6666": 1, "hex:ff": 2}),
       description="a key spelled like the escape of another prints apart from it", source=CONTRACT)

raw = b"d6:added6" + b"18:" + compact("[::ffff:127.0.0.1]:6881") + b"8:added6.f1:\x00e"
vector("ut-pex/address/v4-mapped", "ut-pex", raw,
       ok({"added": [], "added6": [{"ip": "::ffff:127.0.0.1", "port": 6881, "flags": 0}], "dropped": [], "dropped6": []}),
       description="a v4-mapped IPv6 peer prints in the mixed form of RFC 5952 section 5", source="RFC 5952 section 5")
