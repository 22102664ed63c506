"""The Azureus decode vectors (az-pex, az-frame): written to Conformance/vectors/ by
make_cases.py through casekit.vector.

Each case: id, description, kind (a `pexspec decode` kind), the input, then the lenient outcome
(expected + warnings, or error) and the strict one (strict_error; when strict succeeds it equals
the lenient outcome). Offsets are found here from the encoded bytes, independently of the Swift
code.
"""
import struct

from casekit import az as frame, benc, content_offset as string_content, diag as w, err, ok, value_offset, vector

def peer(ip, port):
    return bytes(int(p) for p in ip.split(".")) + struct.pack(">H", port)

IH = bytes(range(1, 21))
P1, P2, P3 = peer("10.0.0.1", 6881), peer("192.168.1.2", 51413), peer("1.2.3.4", 80)
V6 = bytes([0x20, 0x01, 0x0d, 0xb8] + [0] * 11 + [1]) + struct.pack(">H", 6881)

def j(ip, port, hs=None, udp=None):
    d = {"ip": ip, "port": port}
    if hs is not None: d["handshake"] = hs
    if udp is not None: d["udp_port"] = udp
    return d


def case(kind, cid, desc, raw, expected=None, warnings=(), error=None, strict_error=None):
    lenient = err(error["code"], error["offset"]) if error else ok(expected, *warnings)
    strict = err((strict_error or error)["code"], (strict_error or error)["offset"]) if (error or strict_error) else lenient
    vector(cid, kind, raw, lenient, strict=strict, description=desc, source="constructed")

# --- az-pex -------------------------------------------------------------------------------
full = {"infohash": IH, "added": [P1, P2], "added_HST": bytes([0, 1]), "added_UDP": struct.pack(">HH", 6881, 0),
        "dropped": [P3], "dropped_HST": bytes([1]), "dropped_UDP": struct.pack(">H", 4000)}
raw = benc(full)
case("az-pex", "az-pex/all-fields", "every key of the document, both lists", raw,
     {"infohash": IH.hex(), "added": [j("10.0.0.1", 6881, "plain", 6881), j("192.168.1.2", 51413, "crypto", 0)],
      "dropped": [j("1.2.3.4", 80, "crypto", 4000)]})

raw = benc({"infohash": IH, "added": [P1]})
case("az-pex", "az-pex/no-hst-no-udp", "added without _HST and _UDP (senders before 2.3.0.7)", raw,
     {"infohash": IH.hex(), "added": [j("10.0.0.1", 6881)], "dropped": []})

raw = benc({"infohash": IH, "added": [P1, P2], "added_HST": bytes([1])})
case("az-pex", "az-pex/hst-short", "added_HST of 1 byte for 2 peers: ignored whole in lenient mode", raw,
     {"infohash": IH.hex(), "added": [j("10.0.0.1", 6881), j("192.168.1.2", 51413)], "dropped": []},
     [w("handshake_types_length_mismatch", value_offset(raw, "added_HST"))],
     strict_error=w("handshake_types_length_mismatch", value_offset(raw, "added_HST")))

raw = benc({"infohash": IH, "added": [P1], "added_HST": bytes([2])})
case("az-pex", "az-pex/hst-value", "an added_HST byte that is neither 0 nor 1", raw,
     {"infohash": IH.hex(), "added": [j("10.0.0.1", 6881)], "dropped": []},
     [w("value_out_of_range", string_content(raw, "added_HST"))],
     strict_error=w("value_out_of_range", string_content(raw, "added_HST")))

raw = benc({"infohash": IH, "added": [P1, P2], "added_UDP": bytes([0, 1, 0])})
case("az-pex", "az-pex/udp-odd", "added_UDP of 3 bytes for 2 peers: ignored whole", raw,
     {"infohash": IH.hex(), "added": [j("10.0.0.1", 6881), j("192.168.1.2", 51413)], "dropped": []},
     [w("udp_ports_length_mismatch", value_offset(raw, "added_UDP"))],
     strict_error=w("udp_ports_length_mismatch", value_offset(raw, "added_UDP")))

raw = benc({"infohash": IH, "dropped": [P1, P2], "dropped_UDP": struct.pack(">H", 9)})
case("az-pex", "az-pex/dropped-udp-short", "dropped_UDP for 1 of 2 dropped peers", raw,
     {"infohash": IH.hex(), "added": [], "dropped": [j("10.0.0.1", 6881), j("192.168.1.2", 51413)]},
     [w("udp_ports_length_mismatch", value_offset(raw, "dropped_UDP"))],
     strict_error=w("udp_ports_length_mismatch", value_offset(raw, "dropped_UDP")))

raw = benc({"infohash": IH, "added": [P1, P2[:5], P3], "added_HST": bytes([1, 0, 1]), "added_UDP": struct.pack(">HHH", 1, 2, 3)})
bad = value_offset(raw, "added") + 1 + len(benc(P1))
case("az-pex", "az-pex/entry-5-bytes", "an added entry of 5 bytes: dropped, the others keep their own HST/UDP", raw,
     {"infohash": IH.hex(), "added": [j("10.0.0.1", 6881, "crypto", 1), j("1.2.3.4", 80, "crypto", 3)], "dropped": []},
     [w("bad_peer_entry_length", bad)], strict_error=w("bad_peer_entry_length", bad))

raw = benc({"infohash": IH, "added": [V6], "added_HST": bytes([0])})
v6 = value_offset(raw, "added") + 1
case("az-pex", "az-pex/entry-ipv6", "an 18-byte entry: kept as IPv6 in lenient mode", raw,
     {"infohash": IH.hex(), "added": [j("2001:db8::1", 6881, "plain")], "dropped": []},
     [w("ipv6_peer_entry", v6)], strict_error=w("ipv6_peer_entry", v6))

raw = benc({"infohash": IH[:19], "added": [P1]})
case("az-pex", "az-pex/infohash-19", "an infohash of 19 bytes", raw,
     {"infohash": IH[:19].hex(), "added": [j("10.0.0.1", 6881)], "dropped": []},
     [w("bad_infohash_length", value_offset(raw, "infohash"))],
     strict_error=w("bad_infohash_length", value_offset(raw, "infohash")))

raw = benc({"added": [P1]})
case("az-pex", "az-pex/infohash-missing", "no infohash", raw,
     {"infohash": "", "added": [j("10.0.0.1", 6881)], "dropped": []},
     [w("missing_key", 0)], strict_error=w("missing_key", 0))

raw = benc({"infohash": IH, "added": P1})
case("az-pex", "az-pex/added-not-list", "added as a string rather than a list", raw,
     {"infohash": IH.hex(), "added": [], "dropped": []},
     [w("wrong_type", value_offset(raw, "added")), w("empty_peer_exchange", 0)],
     strict_error=w("wrong_type", value_offset(raw, "added")))

raw = benc({"infohash": IH})
case("az-pex", "az-pex/empty", "no peers at all: a warning in both modes (BiglyBT rejects it)", raw,
     {"infohash": IH.hex(), "added": [], "dropped": []}, [w("empty_peer_exchange", 0)])

many = [peer("10.%d.%d.%d" % (i // 65536, i // 256 % 256, i % 256), 1000 + i) for i in range(1001)]
raw = benc({"infohash": IH, "added": many})
past_limit = value_offset(raw, "added") + 1 + 1000 * len(benc(many[0]))
case("az-pex", "az-pex/1001-peers", "1,001 added peers: the first 1,000 (the default limit) kept", raw,
     {"infohash": IH.hex(), "added": [j("10.%d.%d.%d" % (i // 65536, i // 256 % 256, i % 256), 1000 + i) for i in range(1000)], "dropped": []},
     [w("too_many_peers", past_limit)], strict_error=w("too_many_peers", past_limit))

raw = benc([IH])
case("az-pex", "az-pex/not-a-dict", "a list, not a dictionary", raw, error=w("not_a_dictionary", 0))

raw = b"d8:infohash20:" + IH
case("az-pex", "az-pex/truncated", "bencode that ends early", raw, error=w("unexpected_eof", len(raw)))

# --- az-frame ------------------------------------------------------------------------------
payload = benc({"infohash": IH, "added": [P1], "added_HST": bytes([1])})
raw = frame("AZ_PEER_EXCHANGE", payload)
case("az-frame", "az-frame/pex", "AZ_PEER_EXCHANGE frame, version 1", raw,
     {"message_id": "AZ_PEER_EXCHANGE", "version": 1, "payload": {"infohash": IH.hex(), "added": [j("10.0.0.1", 6881, "crypto")], "dropped": []}})

hs = {"identity": bytes(range(100, 120)), "client": "Azureus", "version": "2.5.0.4", "tcp_port": 6881, "udp_port": 6882,
      "udp2_port": 6883, "handshake_type": 1, "upload_only": 0,
      "messages": [{"id": "AZ_HANDSHAKE", "ver": bytes([1])}, {"id": "AZ_PEER_EXCHANGE", "ver": bytes([1])}, {"id": "BT_HAVE", "ver": bytes([1])}]}
raw = frame("AZ_HANDSHAKE", benc(hs))
case("az-frame", "az-frame/handshake", "AZ_HANDSHAKE with every key and an unknown one", raw,
     {"message_id": "AZ_HANDSHAKE", "version": 1, "payload": {
         "identity": bytes(range(100, 120)).hex(), "client": "Azureus", "version": "2.5.0.4", "tcp_port": 6881, "udp_port": 6882,
         "udp2_port": 6883, "handshake_type": "crypto",
         "messages": [{"id": "AZ_HANDSHAKE", "ver": 1}, {"id": "AZ_PEER_EXCHANGE", "ver": 1}, {"id": "BT_HAVE", "ver": 1}],
         "extra": {"upload_only": 0}}})

hs2 = dict(hs, messages=[{"id": "BT_HAVE", "ver": 1}])
raw = frame("AZ_HANDSHAKE", benc(hs2))
ver = 8 + len("AZ_HANDSHAKE") + 1 + value_offset(benc(hs2), "ver")
case("az-frame", "az-frame/handshake-integer-ver", "a messages entry whose ver is an integer", raw,
     {"message_id": "AZ_HANDSHAKE", "version": 1, "payload": {
         "identity": bytes(range(100, 120)).hex(), "client": "Azureus", "version": "2.5.0.4", "tcp_port": 6881, "udp_port": 6882,
         "udp2_port": 6883, "handshake_type": "crypto", "messages": [{"id": "BT_HAVE", "ver": 1}], "extra": {"upload_only": 0}}},
     [w("integer_message_version", ver)], strict_error=w("integer_message_version", ver))

hs3 = dict(hs, identity=bytes(19))
raw = frame("AZ_HANDSHAKE", benc(hs3))
ident = 8 + len("AZ_HANDSHAKE") + 1 + value_offset(benc(hs3), "identity")
exp = {"message_id": "AZ_HANDSHAKE", "version": 1, "payload": {
    "identity": bytes(19).hex(), "client": "Azureus", "version": "2.5.0.4", "tcp_port": 6881, "udp_port": 6882,
    "udp2_port": 6883, "handshake_type": "crypto",
    "messages": [{"id": "AZ_HANDSHAKE", "ver": 1}, {"id": "AZ_PEER_EXCHANGE", "ver": 1}, {"id": "BT_HAVE", "ver": 1}],
    "extra": {"upload_only": 0}}}
case("az-frame", "az-frame/handshake-identity-19", "an identity of 19 bytes", raw, exp,
     [w("bad_identity_length", ident)], strict_error=w("bad_identity_length", ident))

bt = [("BT_CHOKE", b"", {"type": "choke"}), ("BT_UNCHOKE", b"", {"type": "unchoke"}),
      ("BT_INTERESTED", b"", {"type": "interested"}), ("BT_UNINTERESTED", b"", {"type": "not_interested"}),
      ("BT_HAVE", struct.pack(">I", 7), {"type": "have", "piece_index": 7}),
      ("BT_BITFIELD", b"\xff\x80", {"type": "bitfield"}),
      ("BT_REQUEST", struct.pack(">III", 1, 16384, 16384), {"type": "request", "index": 1, "begin": 16384, "length": 16384}),
      ("BT_PIECE", struct.pack(">II", 2, 0) + b"abc", {"type": "piece", "index": 2, "begin": 0, "block": "616263"}),
      ("BT_CANCEL", struct.pack(">III", 3, 0, 16384), {"type": "cancel", "index": 3, "begin": 0, "length": 16384}),
      ("BT_KEEP_ALIVE", b"", {"type": "keep_alive"})]
for name, payload, fields in bt:
    if name != "BT_KEEP_ALIVE": fields = dict(fields, payload=payload.hex())
    case("az-frame", "az-frame/" + name.lower(), name + " with its standard payload", frame(name, payload),
         {"message_id": name, "version": 1, "payload": fields})

raw = frame("BT_HAVE", b"\x00\x00\x07")
case("az-frame", "az-frame/bt_have-short", "BT_HAVE with 3 payload bytes", raw,
     error=w("bad_payload_length", 8 + len("BT_HAVE") + 1))
raw = frame("BT_KEEP_ALIVE", b"\x00")
case("az-frame", "az-frame/keep_alive-payload", "BT_KEEP_ALIVE with a payload", raw,
     error=w("bad_payload_length", 8 + len("BT_KEEP_ALIVE") + 1))

for v in (0, 2):
    case("az-frame", "az-frame/version-%d" % v, "version %d, accepted as Wireshark accepts it" % v, frame("BT_CHOKE", b"", v),
         {"message_id": "BT_CHOKE", "version": v, "payload": {"type": "choke", "payload": ""}})
raw = frame("BT_CHOKE", b"", 3)
case("az-frame", "az-frame/version-3", "version 3: unsupported", raw,
     {"message_id": "BT_CHOKE", "version": 3, "payload": {"type": "choke", "payload": ""}},
     [w("unsupported_version", 8 + len("BT_CHOKE"))], strict_error=w("unsupported_version", 8 + len("BT_CHOKE")))

body = struct.pack(">I", 7) + b"BT_HAVE" + bytes([0x12]) + struct.pack(">H", 2) + b"\x00\x00" + struct.pack(">I", 5)
raw = struct.pack(">I", len(body)) + body
case("az-frame", "az-frame/biglybt-padding", "BiglyBT's version-and-flags byte 0x12: version 2, 2 bytes of padding", raw,
     {"message_id": "BT_HAVE", "version": 2, "flags": 1, "padding": "0000", "payload": {"type": "have", "piece_index": 5, "payload": "00000005"}},
     [w("version_flags", 8 + 7)], strict_error=w("version_flags", 8 + 7))

raw = frame("AZ_HAVE", b"\x01\x02")
case("az-frame", "az-frame/unknown-id", "an id outside the known set: kept, warned in both modes", raw,
     {"message_id": "AZ_HAVE", "version": 1, "payload": {"hex": "0102"}}, [w("unknown_message_id", 8)])
raw = frame(b"\xff\xfe", b"")
case("az-frame", "az-frame/unknown-id-binary", "an id that is not UTF-8", raw,
     {"message_id": {"hex": "fffe"}, "version": 1, "payload": {"hex": ""}}, [w("unknown_message_id", 8)])
jpc = struct.pack(">I", 9) + b"127.0.0.1" + struct.pack(">II", 6881, 0xCAFE)
raw = frame("JPC_HELLO", jpc)
case("az-frame", "az-frame/jpc-hello", "JPC_HELLO (address length, address, port, session, as Wireshark reads it), payload kept as hex", raw,
     {"message_id": "JPC_HELLO", "version": 1, "payload": {"hex": jpc.hex()}})

raw = struct.pack(">II", 100, 200) + b"x" * 96
case("az-frame", "az-frame/id-length-too-large", "an id length larger than the frame", raw, error=w("id_length_too_large", 4))
raw = struct.pack(">II", 4, 0)
case("az-frame", "az-frame/too-short", "a length prefix of 4: no version byte", raw, error=w("frame_too_short", 0))
raw = struct.pack(">I", (1 << 20) + 1) + b"\x00" * 8
case("az-frame", "az-frame/too-large", "a length prefix above 1 MiB", raw, error=w("frame_too_large", 0))
raw = frame("BT_CHOKE", b"")[:-1]
case("az-frame", "az-frame/truncated", "a frame cut one byte short", raw, error=w("unexpected_eof", len(raw)))
raw = frame("BT_CHOKE", b"") + b"\x00"
case("az-frame", "az-frame/trailing", "one byte after the frame", raw,
     {"message_id": "BT_CHOKE", "version": 1, "payload": {"type": "choke", "payload": ""}},
     [w("trailing_data", len(raw) - 1)], strict_error=w("trailing_data", len(raw) - 1))
payload = benc({"infohash": IH[:3], "added": [P1]})
raw = frame("AZ_PEER_EXCHANGE", payload)
off = 8 + len("AZ_PEER_EXCHANGE") + 1 + value_offset(payload, "infohash")
case("az-frame", "az-frame/pex-bad-infohash", "a payload warning carries its offset in the frame", raw,
     {"message_id": "AZ_PEER_EXCHANGE", "version": 1, "payload": {"infohash": IH[:3].hex(), "added": [j("10.0.0.1", 6881)], "dropped": []}},
     [w("bad_infohash_length", off)], strict_error=w("bad_infohash_length", off))

