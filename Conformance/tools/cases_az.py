"""Azureus messaging cases: framing, AZ_HANDSHAKE, AZ_PEER_EXCHANGE and the BT_* messages."""
from casekit import *
from clients import *

FRAMING_REQ = ("Like normal bittorrent messages, all azureus messages begin with the length of the rest of the message in bytes ad a 4-byte "
               "integer in network byte order. [...] After that is another 4-byte network byte order integer containing the length of the "
               "following message id string in bytes, then the message id string, then a 1 byte integer containing the protocol version. "
               "The current version is 1.")
PEX_REQ = ("AZ_PEER_EXCHANGE [...] payload is a bencoded dictionary: infohash: string, 20 byte info_hash for the torrent; added: list, each "
           "item is a 6 byte string for an IP address and port added since the last peer exchange message. added_HST: string, one byte for "
           "each item in the added list. Each byte is the handshake type (0 plain, 1 crypto) for the matching item in the added list. "
           "added_UDP: string, two bytes for each item in the added list. [...] dropped: same format as added [...]")
TRANSMISSION_07 = peer("Transmission", "0.7", "reference")
IDENTITY_A = bytes.fromhex("9c41e2a07b5d3f1188ce04d2b6a97f3e5021c4d8")
IDENTITY_B = bytes.fromhex("03f7aa61c90e2b8d4e15f6a7c3d2901b8e7f6a5c")
MESSAGES = ["AZ_HANDSHAKE", "AZ_PEER_EXCHANGE", "BT_CHOKE", "BT_UNCHOKE", "BT_INTERESTED", "BT_UNINTERESTED", "BT_HAVE", "BT_BITFIELD",
            "BT_REQUEST", "BT_PIECE", "BT_CANCEL", "BT_KEEP_ALIVE"]


def az_pex(payload_dict):
    return az("AZ_PEER_EXCHANGE", benc(payload_dict))


def az_peer(text, handshake=None, udp=None):
    host, port = text.rsplit(":", 1)
    p = {"ip": host, "port": int(port)}
    if handshake is not None:
        p["handshake"] = handshake
    if udp is not None:
        p["udp_port"] = udp
    return p


def with_payload(value, payload):
    """A BT_* message as the frames kind writes its standard twin: the fields, then the payload as hex (none for keep-alive)."""
    return value if value["type"] == "keep_alive" else dict(value, payload=payload.hex())


def write():
    hs_a = benc({"client": "Transmission", "identity": IDENTITY_A, "messages": [{"id": m, "ver": b"\x01"} for m in MESSAGES],
                 "tcp_port": 51413, "version": "0.7"})
    hs_b = benc({"client": "Azureus", "handshake_type": 1, "identity": IDENTITY_B,
                 "messages": [{"id": m, "ver": b"\x01"} for m in MESSAGES], "tcp_port": 6881, "udp2_port": 6883, "udp_port": 6882,
                 "version": "2.5.0.4"})
    messages_json = [{"id": m, "ver": 1} for m in MESSAGES]
    pex = {"infohash": INFO_HASH, "added": [compact("198.51.100.1:6881"), compact("203.0.113.7:51413")], "added_HST": b"\x00\x01",
           "added_UDP": (6881).to_bytes(2, "big") + (51414).to_bytes(2, "big"), "dropped": [compact("198.51.100.9:6881")],
           "dropped_HST": b"\x00", "dropped_UDP": (0).to_bytes(2, "big")}
    pex_json = {"infohash": INFO_HASH.hex(),
                "added": [az_peer("198.51.100.1:6881", "plain", 6881), az_peer("203.0.113.7:51413", "crypto", 51414)],
                "dropped": [az_peer("198.51.100.9:6881", "plain", 0)]}
    case("az/handshake/exchange",
         "Both peers send AZ_HANDSHAKE (identity, client, version, ports, handshake type, messages), then AZ_PEER_EXCHANGE",
         spec(D004, "AZ_HANDSHAKE", "payload is a bencoded dictionary: identity: string, 20 bytes client identity. [...] client: string, client "
              "name. eg: Transmission version: string, client version. eg: 0.7 tcp_port: (optional) [...] udp_port: (optional) [...] "
              "udp2_port: (optional) [...] handshake_type: (optional) int, 0 for plain or 1 for crypto messages: list, each item is a dict "
              "for the supported messages and versions: id: string, message id ver: string, 1 byte version, currently 1"),
         reference("Azureus messaging notes: AZ_HANDSHAKE and AZ_PEER_EXCHANGE keys, values chosen"),
         TRANSMISSION_07, AZUREUS,
         [msg("a_to_b", 0, "azureus", az("AZ_HANDSHAKE", hs_a), "az-frame",
              ok({"message_id": "AZ_HANDSHAKE", "version": 1, "payload": {
                  "identity": IDENTITY_A.hex(), "client": "Transmission", "version": "0.7", "tcp_port": 51413, "messages": messages_json}}),
              strict=ok({"message_id": "AZ_HANDSHAKE", "version": 1, "payload": {
                  "identity": IDENTITY_A.hex(), "client": "Transmission", "version": "0.7", "tcp_port": 51413, "messages": messages_json}}),
              reaction=react("accept")),
          msg("b_to_a", 0.1, "azureus", az("AZ_HANDSHAKE", hs_b), "az-frame",
              ok({"message_id": "AZ_HANDSHAKE", "version": 1, "payload": {
                  "identity": IDENTITY_B.hex(), "client": "Azureus", "version": "2.5.0.4", "tcp_port": 6881, "udp_port": 6882,
                  "udp2_port": 6883, "handshake_type": "crypto", "messages": messages_json}}),
              reaction=react("accept")),
          msg("b_to_a", 1, "azureus", az_pex(pex), "az-frame", ok({"message_id": "AZ_PEER_EXCHANGE", "version": 1, "payload": pex_json}),
              reaction=react("accept", learned=2)),
          msg("a_to_b", 1.5, "azureus", az_pex(pex), "az-pex", ok(pex_json), strict=ok(pex_json), reaction=react("accept")),
          ])

    header = 4 + 4 + len("AZ_HANDSHAKE") + 1
    odd = benc({"client": "Transmission", "identity": IDENTITY_A[:19], "messages": [{"id": "AZ_HANDSHAKE", "ver": 1}], "version": "0.7"})
    identity_off = header + value_offset(odd, "identity")
    ver_off = header + odd.index(b"3:veri1e") + len(b"3:ver")
    odd_json = {"identity": IDENTITY_A[:19].hex(), "client": "Transmission", "version": "0.7", "messages": [{"id": "AZ_HANDSHAKE", "ver": 1}]}
    case("az/handshake/identity-and-ver-deviations",
         "An identity of 19 bytes and a ver given as an integer: warnings in lenient mode, the first is an error in strict mode",
         spec(D004, "AZ_HANDSHAKE", "identity: string, 20 bytes client identity. [...] messages: list [...] ver: string, 1 byte version, currently 1"),
         reference("Azureus messaging notes, AZ_HANDSHAKE"),
         TRANSMISSION_07, AZUREUS,
         [msg("a_to_b", 0, "azureus", az("AZ_HANDSHAKE", odd), "az-frame",
              ok({"message_id": "AZ_HANDSHAKE", "version": 1, "payload": odd_json},
                 warn("bad_identity_length", identity_off), warn("integer_message_version", ver_off)),
              strict=err("bad_identity_length", identity_off),
              note="offsets count from the frame's first byte: az-frame reads the whole frame")])

    def az_case(id, title, requirement, payload, expect, strict=None, reaction=None, hazard=None):
        case(id, title, spec(D004, "AZ_PEER_EXCHANGE", requirement), reference("Azureus messaging notes"),
             AZUREUS, PEXSPEC, [msg("a_to_b", 1, "azureus", az_pex(payload), "az-pex", expect, strict=strict, reaction=reaction)],
             hazard=hazard)

    two = [compact("198.51.100.1:6881"), compact("198.51.100.2:6882")]
    hst_bad = {"infohash": INFO_HASH, "added": two, "added_HST": b"\x01"}
    az_case("az/pex/added-hst-mismatch",
            "added_HST of 1 byte for 2 added peers: the handshake types are not used",
            "added_HST: string, one byte for each item in the added list.",
            hst_bad,
            ok({"infohash": INFO_HASH.hex(), "added": [az_peer("198.51.100.1:6881"), az_peer("198.51.100.2:6882")], "dropped": []},
               warn("handshake_types_length_mismatch", value_offset(benc(hst_bad), "added_HST"))),
            strict=err("handshake_types_length_mismatch", value_offset(benc(hst_bad), "added_HST")),
            reaction=react("accept", learned=2))
    udp_bad = {"infohash": INFO_HASH, "added": two, "added_HST": b"\x00\x00", "added_UDP": b"\x1a\xe1"}
    az_case("az/pex/added-udp-mismatch",
            "added_UDP of 2 bytes for 2 added peers: the UDP ports are not used",
            "added_UDP: string, two bytes for each item in the added list. Each pair of bytes is the UDP port (network byte order) for the "
            "matching item in the added list.",
            udp_bad,
            ok({"infohash": INFO_HASH.hex(), "added": [az_peer("198.51.100.1:6881", "plain"), az_peer("198.51.100.2:6882", "plain")], "dropped": []},
               warn("udp_ports_length_mismatch", value_offset(benc(udp_bad), "added_UDP"))),
            strict=err("udp_ports_length_mismatch", value_offset(benc(udp_bad), "added_UDP")),
            reaction=react("accept", learned=2))
    entry_bad = {"infohash": INFO_HASH, "added": [compact("198.51.100.1:6881") + b"\x00", compact("198.51.100.2:6882")], "added_HST": b"\x00\x01"}
    az_case("az/pex/bad-entry-length",
            "An added entry of 7 bytes is dropped; the other keeps its handshake type by position",
            "added: list, each item is a 6 byte string for an IP address and port added since the last peer exchange message.",
            entry_bad,
            ok({"infohash": INFO_HASH.hex(), "added": [az_peer("198.51.100.2:6882", "crypto")], "dropped": []}, warn("bad_peer_entry_length", value_offset(benc(entry_bad), "added") + 1)),
            strict=err("bad_peer_entry_length", value_offset(benc(entry_bad), "added") + 1),
            reaction=react("accept", learned=1))
    infohash_bad = {"infohash": INFO_HASH[:19], "added": [compact("198.51.100.1:6881")], "added_HST": b"\x00"}
    az_case("az/pex/infohash-not-20-bytes",
            "An infohash of 19 bytes: a warning in lenient mode, an error in strict mode",
            "infohash: string, 20 byte info_hash for the torrent",
            infohash_bad,
            ok({"infohash": INFO_HASH[:19].hex(), "added": [az_peer("198.51.100.1:6881", "plain")], "dropped": []}, warn("bad_infohash_length", value_offset(benc(infohash_bad), "infohash"))),
            strict=err("bad_infohash_length", value_offset(benc(infohash_bad), "infohash")),
            reaction=react("accept", learned=1))
    fifty = numbered_peers(50)
    burst = {"infohash": INFO_HASH, "added": [compact(p) for p in fifty], "added_HST": bytes(50)}
    case("az/pex/fifty-peer-burst",
         "Azureus sends at most 50 peers in one AZ_PEER_EXCHANGE, and a receiver learns them all",
         spec(D000, "ut_pex", "In contrast to Azureus' maximum of 50 peers per pex burst, uTorrent will hold up to 200."),
         reference("ut_pex notes, the Azureus 50-peer burst"),
         AZUREUS, PEXSPEC,
         [msg("a_to_b", 1, "azureus", az_pex(burst), "az-pex",
              ok({"infohash": INFO_HASH.hex(), "added": [az_peer(p, "plain") for p in fifty], "dropped": []}),
              reaction=react("accept", learned=50))])
    one = {"infohash": INFO_HASH, "added": [compact("198.51.100.1:6881")], "added_HST": b"\x01"}
    later = {"infohash": INFO_HASH, "dropped": [compact("198.51.100.1:6881")], "dropped_HST": b"\x01"}
    case("az/pex/once-a-minute",
         "AZ_PEER_EXCHANGE about once a minute: an add, then its drop 60 s later",
         spec(D004, "AZ_PEER_EXCHANGE", "these messages should be sent approximately once a minute (is this true?)"),
         reference("Azureus messaging notes"),
         AZUREUS, PEXSPEC,
         [msg("a_to_b", 1, "azureus", az_pex(one), "az-pex",
              ok({"infohash": INFO_HASH.hex(), "added": [az_peer("198.51.100.1:6881", "crypto")], "dropped": []}), reaction=react("accept", learned=1)),
          msg("a_to_b", 61, "azureus", az_pex(later), "az-pex",
              ok({"infohash": INFO_HASH.hex(), "added": [], "dropped": [az_peer("198.51.100.1:6881", "crypto")]}), reaction=react("accept", learned=0))])

    # The BT_* messages carry the standard payloads.
    bt = [
        ("BT_CHOKE", b"", {"type": "choke"}),
        ("BT_UNCHOKE", b"", {"type": "unchoke"}),
        ("BT_INTERESTED", b"", {"type": "interested"}),
        ("BT_UNINTERESTED", b"", {"type": "not_interested"}),
        ("BT_HAVE", (7).to_bytes(4, "big"), {"type": "have", "piece_index": 7}),
        ("BT_BITFIELD", b"\xff\xe0", {"type": "bitfield"}),
        ("BT_REQUEST", (1).to_bytes(4, "big") + (16384).to_bytes(4, "big") + (16384).to_bytes(4, "big"),
         {"type": "request", "index": 1, "begin": 16384, "length": 16384}),
        ("BT_PIECE", (1).to_bytes(4, "big") + (0).to_bytes(4, "big") + b"\xde\xad\xbe\xef",
         {"type": "piece", "index": 1, "begin": 0, "block": "deadbeef"}),
        ("BT_CANCEL", (1).to_bytes(4, "big") + (16384).to_bytes(4, "big") + (16384).to_bytes(4, "big"),
         {"type": "cancel", "index": 1, "begin": 16384, "length": 16384}),
        ("BT_KEEP_ALIVE", b"", {"type": "keep_alive"}),
    ]
    case("az/frame/bt-messages",
         "BT_CHOKE ... BT_CANCEL and BT_KEEP_ALIVE carry the payloads of the standard messages",
         spec(D004, "BT_* messages", "BT_KEEP_ALIVE zero-length payload. The following messages all have the same payload as the corresponding "
              "bittorrent message, not including the bittorrent 4-byte length and 1-byte id."),
         reference("Azureus messaging notes, BT_* messages"),
         AZUREUS, PEXSPEC,
         [msg("a_to_b", n * 0.1, "azureus", az(name, payload), "az-frame", ok({"message_id": name, "version": 1, "payload": with_payload(value, payload)}),
              strict=ok({"message_id": name, "version": 1, "payload": with_payload(value, payload)}), reaction=react("accept"))
          for n, (name, payload, value) in enumerate(bt)])
    unchoke = bytes.fromhex("0000000f" "0000000a") + b"BT_UNCHOKE" + b"\x01"
    case("az/frame/framing",
         "An Azureus frame written out by hand: length 15, id length 10, BT_UNCHOKE, version 1, no payload",
         spec(D004, "framing", FRAMING_REQ),
         reference("Azureus messaging notes, framing"),
         AZUREUS, PEXSPEC,
         [msg("a_to_b", 0, "azureus", unchoke, "az-frame", ok({"message_id": "BT_UNCHOKE", "version": 1, "payload": {"type": "unchoke", "payload": ""}}),
              strict=ok({"message_id": "BT_UNCHOKE", "version": 1, "payload": {"type": "unchoke", "payload": ""}}), reaction=react("accept"))])
    case("az/frame/versions-wireshark-accepts",
         "Version bytes 0, 1 and 2 are all Azureus frames, as Wireshark recognises them",
         spec(doc("wireshark"), "Azureus messaging", "Wireshark recognises Azureus framing by a 4-byte length, a 4-byte id length, an id string from the "
              "known set [...] then one version byte (it accepts 0, 1 or 2)."),
         behaviour("Wireshark packet-bittorrent.c, Azureus messaging"),
         AZUREUS, PEXSPEC,
         [msg("a_to_b", n, "azureus", az("BT_INTERESTED", b"", version=v), "az-frame",
              ok({"message_id": "BT_INTERESTED", "version": v, "payload": {"type": "interested", "payload": ""}}), reaction=react("accept"))
          for n, v in enumerate([0, 1, 2])])
