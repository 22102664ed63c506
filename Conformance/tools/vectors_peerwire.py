"""The peer wire decode vectors (handshake, frames, ext-handshake, ut-pex): written to
Conformance/vectors/ by make_cases.py through casekit.vector.

Each case gives its input, the lenient outcome (the decoded JSON value of the `pexspec decode`
contract with the warnings in order, or the error of an input both modes reject); strict mode
is the contract's (casekit.vector): it fails with the first warning, and succeeds with the same
value when there are none.

Expected values and offsets are written here by hand from the reference documents, never taken
from the Swift code's output. Offsets are located with bytes.find() on the raw input.
"""
import json, os, struct

from casekit import after, at, benc as bstr, diag as w, err, ok, std as frame, vector

CAPTURES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "captures")
CAPTURES = {name: json.load(open(os.path.join(CAPTURES_DIR, name + ".json"))) for name in ("libtorrent-2.0.8", "transmission-3.00")}


def case(name, description, raw, expected=None, warnings=(), source="constructed", error=None):
    lenient = err(error["code"], error["offset"]) if error is not None else ok(expected, *warnings)
    return {"id": name, "description": description, "raw": raw, "lenient": lenient, "source": source}


def write(kind, cases):
    for c in cases:
        vector(c["id"], kind, c["raw"], c["lenient"], description=c["description"], source=c["source"])


# ---------------------------------------------------------------- handshake
PSTR = b"\x13BitTorrent protocol"
IH = bytes(range(0x20, 0x34))


def handshake_value(reserved_hex, info_hash, peer_id_json):
    r = int(reserved_hex, 16)
    return {"protocol": "BitTorrent protocol", "reserved": reserved_hex, "extensions": bool(r & 0x100000),
            "dht": bool(r & 0x01), "fast": bool(r & 0x04), "info_hash": info_hash.hex(), "peer_id": peer_id_json}


hs = []
for client, peer_id in (("libtorrent-2.0.8", "-LT2080-AH(lUwG0weYO"), ("transmission-3.00", "-TR3000-vniltz5nyxw4")):
    raw = bytes.fromhex(CAPTURES[client]["handshake"])
    hs.append(case(f"handshake/observed/{client}", f"the handshake {client} sent on loopback", raw,
                   handshake_value(raw[20:28].hex(), raw[28:48], peer_id), source=f"captures/{client}.json"))
rt_id = b"-lt0D80-" + bytes([0xff, 0xfe, 0x80, 0x81, 0, 1, 2, 3, 4, 5, 6, 7])
hs.append(case("handshake/reserved/rtorrent", "rtorrent's reserved bytes (extension bit only), a peer id that is not UTF-8",
               PSTR + bytes.fromhex("0000000000100000") + IH + rt_id,
               handshake_value("0000000000100000", IH, {"hex": rt_id.hex()}), source="libtorrent-rakshasa source (rtorrent\'s library), rakshasa/libtorrent at 6de39f4 (GitHub)"))
hs.append(case("handshake/reserved/all-bits", "every reserved bit set: unknown bits kept",
               PSTR + b"\xff" * 8 + IH + b"-PX0001-000000000000",
               handshake_value("ffffffffffffffff", IH, "-PX0001-000000000000")))
hs.append(case("handshake/reserved/none", "no reserved bit set: no extensions",
               PSTR + bytes(8) + IH + b"-PX0001-000000000000",
               handshake_value("0000000000000000", IH, "-PX0001-000000000000")))
good = PSTR + bytes.fromhex("0000000000100004") + IH + b"-PX0001-000000000000"
hs.append(case("handshake/trailing/1", "bytes after the 68 (the first frame): trailing_data at 68",
               good + bytes.fromhex("0000000105"), handshake_value("0000000000100004", IH, "-PX0001-000000000000"),
               [w("trailing_data", 68)]))
hs.append(case("handshake/eof/empty", "no bytes", b"", error=w("unexpected_eof", 0)))
hs.append(case("handshake/eof/in-pstr", "ends inside a correct protocol string", good[:5], error=w("unexpected_eof", 5)))
hs.append(case("handshake/eof/in-peer-id", "67 bytes", good[:67], error=w("unexpected_eof", 67)))
hs.append(case("handshake/eof/after-pstr", "ends after the protocol string", good[:20], error=w("unexpected_eof", 20)))
hs.append(case("handshake/protocol/pstrlen", "pstrlen 18", b"\x12" + good[1:], error=w("bad_protocol", 0)))
hs.append(case("handshake/protocol/case", "'BitTorrent Protocol': the capital P is wrong",
               good.replace(b"protocol", b"Protocol"), error=w("bad_protocol", 12)))
hs.append(case("handshake/protocol/before-eof", "a wrong byte is reported before the short buffer",
               b"\x13Bix", error=w("bad_protocol", 3)))
hs.append(case("handshake/protocol/azureus-length", "an Azureus-style frame length instead of pstrlen",
               bytes.fromhex("00000010") + good[4:], error=w("bad_protocol", 0)))
write("handshake", hs)

# ---------------------------------------------------------------- frames
BEP10_EXAMPLE = b"d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e"
fr = []
fr.append(case("frames/keep-alive/1", "one keep-alive", bytes(4), [{"type": "keep_alive"}]))
fr.append(case("frames/empty/1", "no bytes: no frames", b"", []))
stream = (frame(0) + frame(1) + frame(2) + frame(3) + frame(4, struct.pack(">I", 7)) + frame(5, b"\xff\x80")
          + frame(6, struct.pack(">III", 1, 16384, 16384)) + frame(7, struct.pack(">II", 1, 16384) + b"abc")
          + frame(8, struct.pack(">III", 1, 16384, 16384)) + frame(9, struct.pack(">H", 6881)) + bytes(4)
          + frame(20, b"\x00" + BEP10_EXAMPLE) + frame(20, b"\x01") + frame(21, struct.pack(">I", 3)))
fr.append(case("frames/all/1", "every message type of BEP 3, port, extended and an unknown id", stream, [
    {"type": "choke", "payload": ""}, {"type": "unchoke", "payload": ""}, {"type": "interested", "payload": ""},
    {"type": "not_interested", "payload": ""}, {"type": "have", "piece_index": 7, "payload": "00000007"},
    {"type": "bitfield", "payload": "ff80"},
    {"type": "request", "index": 1, "begin": 16384, "length": 16384, "payload": "000000010000400000004000"},
    {"type": "piece", "index": 1, "begin": 16384, "block": b"abc".hex(), "payload": "0000000100004000" + b"abc".hex()},
    {"type": "cancel", "index": 1, "begin": 16384, "length": 16384, "payload": "000000010000400000004000"},
    {"type": "port", "port": 6881, "payload": "1ae1"}, {"type": "keep_alive"},
    {"type": "extended", "extended_id": 0, "payload": BEP10_EXAMPLE.hex()},
    {"type": "extended", "extended_id": 1, "payload": ""},
    {"type": "unknown", "id": 21, "payload": "00000003"}], source="BEP 3, BEP 10"))
ltx = bytes.fromhex(CAPTURES["libtorrent-2.0.8"]["ext_handshake"])
ltp = bytes.fromhex(CAPTURES["libtorrent-2.0.8"]["ut_pex"])
fr.append(case("frames/observed/libtorrent-2.0.8", "libtorrent's extended handshake then its ut_pex (extended id 1)",
               frame(20, b"\x00" + ltx) + frame(20, b"\x01" + ltp),
               [{"type": "extended", "extended_id": 0, "payload": ltx.hex()}, {"type": "extended", "extended_id": 1, "payload": ltp.hex()}],
               source="captures/libtorrent-2.0.8.json"))
fr.append(case("frames/extended/too-short", "id 20 with no extended id byte: extended_too_short at the payload",
               bytes(4) + struct.pack(">IB", 1, 20), error=w("extended_too_short", 9)))
fr.append(case("frames/payload/have-3", "have with 3 payload bytes", struct.pack(">IB", 4, 4) + b"\x00\x00\x01",
               error=w("bad_payload_length", 5)))
fr.append(case("frames/payload/request-11", "request with 11 payload bytes", struct.pack(">IB", 12, 6) + bytes(11),
               error=w("bad_payload_length", 5)))
fr.append(case("frames/payload/piece-7", "piece shorter than index and begin", struct.pack(">IB", 8, 7) + bytes(7),
               error=w("bad_payload_length", 5)))
fr.append(case("frames/payload/choke-1", "choke with a payload byte", struct.pack(">IB", 2, 0) + b"\x00",
               error=w("bad_payload_length", 5)))
fr.append(case("frames/payload/port-3", "port with 3 payload bytes", struct.pack(">IB", 4, 9) + bytes(3),
               error=w("bad_payload_length", 5)))
fr.append(case("frames/size/over-1mib", "a length prefix of 1 MiB + 1 after a keep-alive: rejected at the prefix, body absent",
               bytes(4) + struct.pack(">I", (1 << 20) + 1), error=w("frame_too_large", 4)))
fr.append(case("frames/size/max-u32", "length prefix 0xffffffff", b"\xff\xff\xff\xff" + bytes(10), error=w("frame_too_large", 0)))
fr.append(case("frames/size/just-1mib-truncated", "a length prefix of exactly 1 MiB is accepted; the body is missing",
               struct.pack(">I", 1 << 20) + b"\x07", error=w("unexpected_eof", 5)))
fr.append(case("frames/eof/in-length", "ends inside a length prefix", frame(1) + b"\x00\x00", error=w("unexpected_eof", 7)))
fr.append(case("frames/eof/in-payload", "ends inside a have", frame(1) + struct.pack(">IB", 5, 4) + b"\x00", error=w("unexpected_eof", 11)))
write("frames", fr)

# ---------------------------------------------------------------- extended handshake
eh = []
eh.append(case("ext-handshake/bep10/example", "the BEP 10 example payload", BEP10_EXAMPLE,
               {"m": {"LT_metadata": 1, "ut_pex": 2}, "p": 6881, "v": "uTorrent 1.2"}, source="BEP 10"))
eh.append(case("ext-handshake/bep10/disable-literal",
               "BEP 10's disable example as printed, without the m wrapper: an unknown key, nothing disabled",
               b"d11:LT_metadatai0ee", {"extra": {"LT_metadata": 0}}, source="BEP 10"))
eh.append(case("ext-handshake/bep10/disable-in-m", "the disable example inside m: LT_metadata id 0",
               b"d1:md11:LT_metadatai0eee", {"m": {"LT_metadata": 0}}, source="BEP 10"))
eh.append(case("ext-handshake/observed/libtorrent-2.0.8", "libtorrent's extended handshake on loopback", ltx, {
    "complete_ago": -1,
    "m": {"lt_donthave": 7, "share_mode": 8, "upload_only": 3, "ut_holepunch": 4, "ut_metadata": 2, "ut_pex": 1},
    "metadata_size": 146, "reqq": 2000, "upload_only": 1, "v": "libtorrent/2.0.8.0", "yourip": "127.0.0.2"},
    source="captures/libtorrent-2.0.8.json"))
trx = bytes.fromhex(CAPTURES["transmission-3.00"]["ext_handshake"])
eh.append(case("ext-handshake/observed/transmission-3.00", "Transmission's extended handshake on loopback", trx, {
    "e": 1, "m": {"ut_metadata": 3, "ut_pex": 1}, "metadata_size": 146, "p": 51700, "reqq": 512, "upload_only": 1,
    "v": "Transmission 3.00"}, source="captures/transmission-3.00.json"))
rtx = b"d1:ei0e1:md11:ut_metadatai2e6:ut_pexi1ee13:metadata_sizei146e1:pi6890e4:reqqi2048e1:v12:rTorrent 0.9e"
eh.append(case("ext-handshake/documented/rtorrent-0.9.8", "rtorrent's keys as its library writes them", rtx, {
    "e": 0, "m": {"ut_metadata": 2, "ut_pex": 1}, "metadata_size": 146, "p": 6890, "reqq": 2048, "v": "rTorrent 0.9"},
    source="libtorrent-rakshasa source (rtorrent\'s library), rakshasa/libtorrent at 6de39f4 (GitHub)"))
v6 = bytes.fromhex("20010db8000000000000000000000001")
raw = b"d4:ipv44:\x0a\x00\x00\x014:ipv616:" + v6 + b"1:md6:ut_pexi1ee6:yourip16:" + v6 + b"e"
eh.append(case("ext-handshake/address/all", "ipv4, ipv6 and an IPv6 yourip", raw,
               {"ipv4": "10.0.0.1", "ipv6": "2001:db8::1", "m": {"ut_pex": 1}, "yourip": "2001:db8::1"}, source="BEP 10"))
raw = b"d1:md6:ut_pexi1ee8:x_customld1:ai1eee7:z_plain3:abce"
eh.append(case("ext-handshake/extra/nested", "unknown keys kept in wire order, nested values included", raw,
               {"m": {"ut_pex": 1}, "extra": {"x_custom": [{"a": 1}], "z_plain": "abc"}}))
eh.append(case("ext-handshake/empty/1", "an empty dictionary: every key is optional", b"de", {}))
# warnings
raw = b"d1:md6:ut_pexi1ee1:pi0ee"
eh.append(case("ext-handshake/port/zero", "p = 0", raw, {"m": {"ut_pex": 1}}, [w("port_out_of_range", after(raw, b"1:p"))]))
raw = b"d1:pi65536ee"
eh.append(case("ext-handshake/port/65536", "p = 65536", raw, {}, [w("port_out_of_range", after(raw, b"1:p"))]))
raw = b"d1:pi-1ee"
eh.append(case("ext-handshake/port/negative", "p = -1", raw, {}, [w("port_out_of_range", after(raw, b"1:p"))]))
raw = b"d1:p4:6881e"
eh.append(case("ext-handshake/port/string", "p as a string", raw, {}, [w("wrong_type", after(raw, b"1:p"))]))
raw = b"d1:pi65535e6:yourip5:\x01\x02\x03\x04\x05e"
eh.append(case("ext-handshake/yourip/5-bytes", "yourip of 5 bytes: ignored", raw, {"p": 65535},
               [w("bad_address_length", after(raw, b"6:yourip"))]))
raw = b"d4:ipv416:" + v6 + b"4:ipv64:\x01\x02\x03\x04e"
eh.append(case("ext-handshake/address/swapped", "ipv4 of 16 bytes and ipv6 of 4", raw, {},
               [w("bad_address_length", after(raw, b"4:ipv4")), w("bad_address_length", after(raw, b"4:ipv6"))]))
raw = b"d1:md11:ut_metadatai1e6:ut_pexi1ee1:v1:xe"
eh.append(case("ext-handshake/m/shared-id", "two extensions share id 1: both kept", raw,
               {"m": {"ut_metadata": 1, "ut_pex": 1}, "v": "x"}, [w("duplicate_extension_id", after(raw, b"6:ut_pex"))]))
raw = b"d1:md11:ut_metadatai0e6:ut_pexi0eee"
eh.append(case("ext-handshake/m/zeros", "two disabled extensions share 0: no warning", raw, {"m": {"ut_metadata": 0, "ut_pex": 0}}))
raw = b"d1:md11:ut_metadata1:16:ut_pexi256e7:ut_zeroi-1eee"
eh.append(case("ext-handshake/m/bad-ids", "an id that is a string, one above 255, one negative: all ignored", raw, {"m": {}},
               [w("wrong_type", after(raw, b"11:ut_metadata")), w("value_out_of_range", after(raw, b"6:ut_pex")),
                w("value_out_of_range", after(raw, b"7:ut_zero"))]))
raw = b"d1:md6:ut_pexi1e2:\xff\xfei3eee"
eh.append(case("ext-handshake/m/name-not-utf8", "an extension name that is not UTF-8: that entry dropped", raw,
               {"m": {"ut_pex": 1}}, [w("invalid_utf8", at(raw, b"2:\xff"))]))
raw = b"d1:v4:\xc3\x28abe"
eh.append(case("ext-handshake/v/not-utf8", "v that is not UTF-8: kept as hex", raw, {"v": {"hex": "c3286162"}},
               [w("invalid_utf8", after(raw, b"1:v"))]))
raw = b"d1:ei1e13:metadata_sizei-5e4:reqqi-1e11:upload_only1:1e"
eh.append(case("ext-handshake/numbers/negative", "negative metadata_size and reqq ignored; upload_only as a string ignored", raw,
               {"e": 1}, [w("value_out_of_range", after(raw, b"13:metadata_size")), w("value_out_of_range", after(raw, b"4:reqq")),
                          w("wrong_type", after(raw, b"11:upload_only"))]))
raw = b"d6:yourip4:\x7f\x00\x00\x011:md6:ut_pexi1eee"
eh.append(case("ext-handshake/bencode/unsorted", "keys out of order: the bencode warning flows through", raw,
               {"m": {"ut_pex": 1}, "yourip": "127.0.0.1"}, [w("unsorted_keys", at(raw, b"1:m"))]))
raw = b"d1:md6:ut_pexi1e6:ut_pexi2eee"
eh.append(case("ext-handshake/bencode/duplicate-name", "ut_pex twice in m: the first wins", raw, {"m": {"ut_pex": 1}},
               [w("duplicate_key", raw.rfind(b"6:ut_pex"))]))
raw = b"d1:pi6881e1:pi6882ee"
eh.append(case("ext-handshake/bencode/duplicate-key", "p twice: the first wins", raw, {"p": 6881},
               [w("duplicate_key", raw.rfind(b"1:p"))]))
# errors
eh.append(case("ext-handshake/error/list", "a list, not a dictionary", b"li1ee", error=w("not_a_dictionary", 0)))
eh.append(case("ext-handshake/error/integer", "an integer, not a dictionary", b"i0e", error=w("not_a_dictionary", 0)))
eh.append(case("ext-handshake/error/m-integer", "m that is an integer", b"d1:mi1ee", error=w("not_a_dictionary", 4)))
eh.append(case("ext-handshake/error/m-list", "m that is a list", b"d1:ai0e1:mle1:pi1ee", error=w("not_a_dictionary", 10)))
eh.append(case("ext-handshake/error/truncated", "truncated bencode", b"d1:md6:ut_pexi1e", error=w("unexpected_eof", 16)))
eh.append(case("ext-handshake/error/empty", "no bytes", b"", error=w("unexpected_eof", 0)))
write("ext-handshake", eh)

# ---------------------------------------------------------------- ut_pex
def peer(ip, port, flags=None):
    p = {"ip": ip, "port": port}
    if flags is not None:
        p["flags"] = flags
    return p


def pex(added=(), added6=(), dropped=(), dropped6=()):
    return {"added": list(added), "added6": list(added6), "dropped": list(dropped), "dropped6": list(dropped6)}


A = bytes([1, 2, 3, 4, 0x1a, 0xe1])        # 1.2.3.4:6881
B = bytes([5, 6, 7, 8, 0x1a, 0xe2])        # 5.6.7.8:6882
C6 = v6 + b"\x1a\xe3"                     # [2001:db8::1]:6883
D6 = bytes.fromhex("fe800000000000000000000000000002") + b"\x00\x50"  # [fe80::2]:80
up = []
up.append(case("ut-pex/observed/libtorrent-2.0.8", "libtorrent's first ut_pex on loopback: all six keys, itself listed", ltp,
               pex([peer("127.0.0.2", 7000, 0), peer("127.0.0.3", 7001, 0)]), source="captures/libtorrent-2.0.8.json"))
trp = bytes.fromhex(CAPTURES["transmission-3.00"]["ut_pex"])
up.append(case("ut-pex/observed/transmission-3.00", "Transmission's first ut_pex on loopback: only non-empty keys", trp,
               pex([peer("127.0.0.2", 7000, 0), peer("127.0.0.3", 7001, 0)]), source="captures/transmission-3.00.json"))
raw = b"d5:added" + bstr(A + B) + b"7:added.f" + bstr(b"\x01\x12") + b"6:added6" + bstr(C6) + b"8:added6.f" + bstr(b"\x1f") \
    + b"7:dropped" + bstr(B) + b"8:dropped6" + bstr(D6) + b"e"
up.append(case("ut-pex/keys/all-six", "all six keys with peers, IPv6 included, every flag bit", raw,
               pex([peer("1.2.3.4", 6881, 1), peer("5.6.7.8", 6882, 0x12)], [peer("2001:db8::1", 6883, 0x1f)],
                   [peer("5.6.7.8", 6882)], [peer("fe80::2", 80)])))
raw = b"d5:added" + bstr(A) + b"7:added.f" + bstr(b"\xe0") + b"e"
up.append(case("ut-pex/flags/unknown-bits", "flag bits no client names are kept", raw, pex([peer("1.2.3.4", 6881, 0xe0)])))
raw = b"d5:added" + bstr(A + B) + b"7:dropped0:e"
up.append(case("ut-pex/documented/rtorrent", "rtorrent: added and an empty dropped, never added.f", raw,
               pex([peer("1.2.3.4", 6881, 0), peer("5.6.7.8", 6882, 0)]), [w("flags_length_mismatch", after(raw, b"5:added"))],
               source="libtorrent-rakshasa source (rtorrent\'s library), rakshasa/libtorrent at 6de39f4 (GitHub)"))
raw = b"d7:dropped" + bstr(A) + b"e"
up.append(case("ut-pex/dropped/only", "only dropped", raw, pex(dropped=[peer("1.2.3.4", 6881)])))
raw = b"d8:dropped6" + bstr(C6 + D6) + b"e"
up.append(case("ut-pex/dropped/v6", "only dropped6", raw, pex(dropped6=[peer("2001:db8::1", 6883), peer("fe80::2", 80)])))
up.append(case("ut-pex/empty/de", "an empty dictionary: four empty lists (decodes; the builder never writes it)", b"de", pex()))
up.append(case("ut-pex/empty/added", "an empty added", b"d5:added0:e", pex()))
raw = b"d5:added" + bstr(A + b"\x09") + b"7:added.f" + bstr(b"\x02") + b"e"
up.append(case("ut-pex/compact/7-bytes", "added of 7 bytes: one whole entry kept", raw, pex([peer("1.2.3.4", 6881, 2)]),
               [w("bad_compact_length", after(raw, b"5:added7:") + 6)]))
raw = b"d5:added" + bstr(A + B[:2]) + b"7:added.f" + bstr(b"\x02") + b"e"
up.append(case("ut-pex/compact/8-bytes", "added of 8 bytes", raw, pex([peer("1.2.3.4", 6881, 2)]),
               [w("bad_compact_length", after(raw, b"5:added8:") + 6)]))
raw = b"d5:added3:abce"
up.append(case("ut-pex/compact/3-bytes", "added of 3 bytes: no whole entry, no flags needed", raw, pex(),
               [w("bad_compact_length", after(raw, b"5:added3:"))]))
raw = b"d6:added6" + bstr(C6 + b"\x00") + b"8:added6.f" + bstr(b"\x04") + b"e"
up.append(case("ut-pex/compact/19-bytes-v6", "added6 of 19 bytes", raw, pex(added6=[peer("2001:db8::1", 6883, 4)]),
               [w("bad_compact_length", after(raw, b"6:added619:") + 18)]))
raw = b"d7:dropped" + bstr(A + b"\x01") + b"8:dropped6" + bstr(b"\x00" * 17) + b"e"
up.append(case("ut-pex/compact/dropped", "dropped of 7 and dropped6 of 17 bytes", raw, pex(dropped=[peer("1.2.3.4", 6881)]),
               [w("bad_compact_length", after(raw, b"7:dropped7:") + 6), w("bad_compact_length", after(raw, b"8:dropped617:"))]))
raw = b"d5:added" + bstr(A + B) + b"7:added.f" + bstr(b"\x01") + b"e"
up.append(case("ut-pex/flags/short", "one flag for two peers: the second gets 0", raw,
               pex([peer("1.2.3.4", 6881, 1), peer("5.6.7.8", 6882, 0)]), [w("flags_length_mismatch", after(raw, b"7:added.f1:") + 1)]))
raw = b"d5:added" + bstr(A) + b"7:added.f" + bstr(b"\x01\x02\x04") + b"e"
up.append(case("ut-pex/flags/long", "three flags for one peer: the extra ones ignored", raw, pex([peer("1.2.3.4", 6881, 1)]),
               [w("flags_length_mismatch", after(raw, b"7:added.f3:") + 1)]))
raw = b"d7:added.f" + bstr(b"\x01") + b"e"
up.append(case("ut-pex/flags/without-peers", "added.f without added", raw, pex(), [w("flags_length_mismatch", after(raw, b"7:added.f1:"))]))
raw = b"d6:added6" + bstr(C6) + b"e"
up.append(case("ut-pex/flags/v6-missing", "added6 without added6.f", raw, pex(added6=[peer("2001:db8::1", 6883, 0)]),
               [w("flags_length_mismatch", after(raw, b"6:added6"))]))
raw = b"d5:addedi1e7:droppedle8:dropped6de7:added.fi0ee"
up.append(case("ut-pex/type/wrong", "lists that are not byte strings read as empty", raw, pex(),
               [w("unsorted_keys", at(raw, b"7:added.f")), w("wrong_type", after(raw, b"5:added")),
                w("wrong_type", after(raw, b"7:added.f")), w("wrong_type", after(raw, b"7:dropped")),
                w("wrong_type", after(raw, b"8:dropped6"))]))
raw = b"d5:added" + bstr(A) + b"7:added.f" + bstr(b"\x00") + b"1:xi1ee"
up.append(case("ut-pex/extra/ignored", "an unknown key is ignored", raw, pex([peer("1.2.3.4", 6881, 0)])))
up.append(case("ut-pex/error/list", "a list instead of a dictionary", b"le", error=w("not_a_dictionary", 0)))
up.append(case("ut-pex/error/not-bencode", "bytes that are not bencode", b"hello", error=w("expected_value", 0)))
up.append(case("ut-pex/error/truncated", "added claims more bytes than remain", b"d5:added12:\x01\x02\x03e",
               error=w("unexpected_eof", 15)))
write("ut-pex", up)
