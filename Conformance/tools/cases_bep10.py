"""BEP 10 cases: the extended handshake, its keys, `m` semantics, and extended framing."""
from casekit import *
from clients import *

EXAMPLE = b"d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e"
EXAMPLE_JSON = {"m": {"LT_metadata": 1, "ut_pex": 2}, "p": 6881, "v": "uTorrent 1.2"}
UT12 = peer("uTorrent", "1.2", "reference")
EXAMPLE_REQ = ("An example of what the payload of a handshake message could look like: [...] and in the encoded form: "
               "d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e")


def write():
    case("bep10/handshake/example",
         "The example extended handshake of BEP 10 decodes to m {LT_metadata: 1, ut_pex: 2}, p 6881, v \"uTorrent 1.2\"",
         spec(D002, "handshake message", EXAMPLE_REQ),
         reference("BEP 10 example, framed as extended message 20/0"),
         UT12, PEXSPEC,
         [msg("a_to_b", 0, "standard", ext(0, EXAMPLE), "ext-handshake", ok(EXAMPLE_JSON), strict=ok(EXAMPLE_JSON),
              routes_to="handshake", reaction=react("accept"))])

    # The reserved bit, set and not set.
    ext_reserved = "0000000000100000"
    case("bep10/handshake/reserved-bit",
         "reserved[5] & 0x10 in the BitTorrent handshake announces the extension protocol",
         spec(D002, "extension protocol", "The bit selected for the extension protocol is bit 20 from the right (counting starts at 0). "
              "So (reserved_byte[5] & 0x10) is the expression to use for checking if the client supports extended messaging."),
         reference("BEP 10 reserved bit; Transmission notes: reserved[5] = 0x10"),
         UT12, PEXSPEC,
         [msg("a_to_b", 0, "handshake", handshake(ext_reserved, INFO_HASH, b"-UT1200-000000000000"), "handshake",
              ok({"protocol": "BitTorrent protocol", "reserved": ext_reserved, "extensions": True, "dht": False, "fast": False,
                  "info_hash": INFO_HASH.hex(), "peer_id": "-UT1200-000000000000"}), reaction=react("accept")),
          msg("b_to_a", 0, "handshake", handshake("0000000000000000", INFO_HASH, b"\xff" * 20), "handshake",
              ok({"protocol": "BitTorrent protocol", "reserved": "0000000000000000", "extensions": False, "dht": False, "fast": False,
                  "info_hash": INFO_HASH.hex(), "peer_id": {"hex": "ff" * 20}}),
              note="no extension bit: this peer may not be sent extended messages; its peer id is not UTF-8, so it is written as hex"),
          ])

    # Extension ids differ per direction: each side's m names the ids the OTHER side must use.
    a_ext = benc({"m": {"ut_pex": 1, "ut_metadata": 2}, "v": "peer A"})
    b_ext = benc({"m": {"ut_metadata": 3, "ut_pex": 7}, "v": "peer B"})
    to_b = benc({"added": compact("198.51.100.1:6881"), "added.f": b"\x01"})
    to_a = benc({"added": compact("203.0.113.9:51413"), "added.f": b"\x02"})
    case("bep10/m/ids-differ-per-direction",
         "Each side sends ut_pex under the id the other side assigned: 7 towards B, 1 towards A",
         spec(D002, "handshake message, m", "The extension message IDs are the IDs used to send the extension messages to the peer "
              "sending this handshake. i.e. The IDs are local to this particular peer."),
         reference("BEP 10 m semantics; ids chosen to differ"),
         peer("peer A", "reference", "reference"), peer("peer B", "reference", "reference"),
         [msg("a_to_b", 0, "standard", ext(0, a_ext), "ext-handshake", ok({"m": {"ut_pex": 1, "ut_metadata": 2}, "v": "peer A"}),
              routes_to="handshake", reaction=react("accept")),
          msg("b_to_a", 0, "standard", ext(0, b_ext), "ext-handshake", ok({"m": {"ut_metadata": 3, "ut_pex": 7}, "v": "peer B"}),
              routes_to="handshake", reaction=react("accept")),
          msg("a_to_b", 1, "standard", ext(7, to_b), "ut-pex", ok(pex_value([added("198.51.100.1:6881", 1)])),
              routes_to="ut_pex", reaction=react("accept", learned=1)),
          msg("b_to_a", 1.5, "standard", ext(1, to_a), "ut-pex", ok(pex_value([added("203.0.113.9:51413", 2)])),
              routes_to="ut_pex", reaction=react("accept", learned=1)),
          msg("a_to_b", 2, "standard", ext(1, to_b), "ut-pex", ok(pex_value([added("198.51.100.1:6881", 1)])),
              routes_to=None,
              note="A used its own id for ut_pex (1): B never assigned 1, so B cannot route it"),
          ],
         hazard="An implementation that sends with its own ids instead of the receiver's reaches the wrong extension, or none.")

    # Re-sent handshakes: additive, 0 disables; the BEP's literal example omits the m wrapper.
    b_first = benc({"m": {"LT_metadata": 1, "ut_pex": 2}})
    metadata_request = benc({"msg_type": 0, "piece": 0})
    literal = b"d11:LT_metadatai0ee"
    wrapped = b"d1:md11:LT_metadatai0eee"
    disable_req = ("To disable the support for LT_metadata at run-time, without affecting any other extensions, this message should be sent: "
                   "d11:LT_metadatai0ee. As specified above, the value 0 is used to turn off an extension.")
    common = [
        msg("b_to_a", 0, "standard", ext(0, b_first), "ext-handshake", ok({"m": {"LT_metadata": 1, "ut_pex": 2}}),
            routes_to="handshake", reaction=react("accept")),
        msg("a_to_b", 1, "standard", ext(1, metadata_request), "bencode", ok({"msg_type": 0, "piece": 0}), routes_to="LT_metadata"),
    ]
    case("bep10/m/disable-with-zero",
         "A re-sent handshake with m {LT_metadata: 0} disables LT_metadata and leaves ut_pex as it was",
         spec(D002, "handshake message", disable_req),
         reference("BEP 10 run-time disabling, with the example inside m"),
         PEXSPEC, peer("uTorrent", "1.2", "reference"),
         common + [
             msg("b_to_a", 30, "standard", ext(0, wrapped), "ext-handshake", ok({"m": {"LT_metadata": 0}}), routes_to="handshake",
                 reaction=react("accept"), note="\"It is valid to send the handshake message more than once [...] the sending client should not be disconnected.\""),
             msg("a_to_b", 31, "standard", ext(1, metadata_request), "bencode", ok({"msg_type": 0, "piece": 0}), routes_to=None,
                 note="id 1 is disabled now: the receiver no longer routes it"),
             msg("a_to_b", 32, "standard", ext(2, benc({"added": compact("198.51.100.7:6881"), "added.f": b"\x00"})), "ut-pex",
                 ok(pex_value([added("198.51.100.7:6881", 0)])), routes_to="ut_pex", reaction=react("accept", learned=1),
                 note="m is additive: ut_pex keeps id 2"),
         ])
    case("bep10/m/disable-literal-example",
         "The BEP's literal disabling example d11:LT_metadatai0ee has no m: read as written, it disables nothing",
         spec(D002, "handshake message", disable_req),
         reference("BEP 10 run-time disabling, example bytes as printed"),
         PEXSPEC, peer("uTorrent", "1.2", "reference"),
         common + [
             msg("b_to_a", 30, "standard", ext(0, literal), "ext-handshake", ok({"extra": {"LT_metadata": 0}}), routes_to="handshake",
                 reaction=react("accept")),
             msg("a_to_b", 31, "standard", ext(1, metadata_request), "bencode", ok({"msg_type": 0, "piece": 0}), routes_to="LT_metadata",
                 note="LT_metadata is a top-level key here, not an m entry: the m table is unchanged"),
         ],
         hazard="BEP 10 prints the disabling message without the m dictionary; an implementation that follows the bytes literally "
                "keeps the extension enabled while the sender believes it disabled it.")
    b_later = benc({"m": {"ut_metadata": 3}})
    case("bep10/m/additive",
         "A re-sent handshake that adds ut_metadata keeps ut_pex under its earlier id",
         spec(D002, "handshake message", "Subsequent handshake messages can be used to enable/disable extensions without restarting the "
              "connection. If a peer supports changing extensions at run time, it should note that the m dictionary is additive. "
              "It's enough that it contains the actual CHANGES to the extension list."),
         reference("BEP 10 additive m"),
         PEXSPEC, peer("peer B", "reference", "reference"),
         [msg("b_to_a", 0, "standard", ext(0, benc({"m": {"ut_pex": 2}})), "ext-handshake", ok({"m": {"ut_pex": 2}}), routes_to="handshake"),
          msg("b_to_a", 20, "standard", ext(0, b_later), "ext-handshake", ok({"m": {"ut_metadata": 3}}), routes_to="handshake",
              reaction=react("accept")),
          msg("a_to_b", 21, "standard", ext(3, metadata_request), "bencode", ok({"msg_type": 0, "piece": 0}), routes_to="ut_metadata"),
          msg("a_to_b", 22, "standard", ext(2, benc({"dropped": compact("198.51.100.7:6881")})), "ut-pex",
              ok(pex_value(dropped4=[dropped("198.51.100.7:6881")])), routes_to="ut_pex", reaction=react("accept", learned=0)),
          ])

    # m: no two extensions share an id; an extension left out of m is not supported.
    dup = benc({"m": {"ut_metadata": 1, "ut_pex": 1}})
    dup_off = dup.index(b"6:ut_pex") + len(b"6:ut_pex")
    case("bep10/m/duplicate-ids",
         "Two extensions under one id in m: a warning in lenient mode (both kept), an error in strict mode",
         spec(D002, "handshake message, m", "The only requirement on these IDs is that no extension message share the same one."),
         reference("BEP 10 m"),
         peer("peer A", "reference", "reference"), PEXSPEC,
         [msg("a_to_b", 0, "standard", ext(0, dup), "ext-handshake", ok({"m": {"ut_metadata": 1, "ut_pex": 1}}, warn("duplicate_extension_id", dup_off)),
              strict=err("duplicate_extension_id", dup_off), routes_to="handshake", reaction=react("accept"))])
    no_pex = benc({"m": {"ut_metadata": 2}, "v": "uTorrent 1.8.1"})
    case("bep10/m/pex-disabled",
         "A peer with PEX disabled leaves ut_pex out of m: a ut_pex message sent to it anyway reaches no extension",
         spec(D001, "extended handshake, m", "uTorrent peer exchange messages use the key \"ut_pex\" in the m dictionary. If the uTorrent peer has pex "
              "disabled, this key will not be present."),
         reference("Transmission notes and ut_pex notes"),
         PEXSPEC, peer("uTorrent", "1.8.1", "reference"),
         [msg("b_to_a", 0, "standard", ext(0, no_pex), "ext-handshake", ok({"m": {"ut_metadata": 2}, "v": "uTorrent 1.8.1"}), routes_to="handshake",
              reaction=react("accept")),
          msg("a_to_b", 60, "standard", ext(1, benc({"added": compact("198.51.100.1:6881"), "added.f": b"\x00"})), "ut-pex",
              ok(pex_value([added("198.51.100.1:6881", 0)])), routes_to=None,
              note="the sender should not send it at all: the receiver assigned no id to ut_pex")])

    # Every key of the handshake dictionary.
    full = benc({
        "e": 1, "ipv4": bytes([198, 51, 100, 2]), "ipv6": bytes.fromhex("20010db8000000000000000000000001"),
        "m": {"ut_pex": 1}, "p": 6881, "reqq": 250, "v": "Transmission 0.7", "yourip": bytes([203, 0, 113, 5]),
        "zz_unknown": "kept",
    })
    case("bep10/handshake/all-keys",
         "e, m, p, v, yourip, ipv4, ipv6 and reqq decode to their types; an unknown key is kept under extra",
         spec(D002, "handshake message", "The payload of the handshake message is a bencoded dictionary. All items in the dictionary are "
              "optional. Any unknown names should be ignored by the client."),
         reference("BEP 10 keys p, v, yourip, ipv6, ipv4, reqq; e from the Transmission notes"),
         TRANSMISSION_140, PEXSPEC,
         [msg("a_to_b", 0, "standard", ext(0, full), "ext-handshake",
              ok({"e": 1, "ipv4": "198.51.100.2", "ipv6": "2001:db8::1", "m": {"ut_pex": 1}, "p": 6881, "reqq": 250,
                  "v": "Transmission 0.7", "yourip": "203.0.113.5", "extra": {"zz_unknown": "kept"}}),
              routes_to="handshake", reaction=react("accept"))])
    case("bep10/handshake/yourip-ipv6",
         "yourip of 16 bytes is an IPv6 address",
         spec(D002, "handshake message, yourip", "A string containing the compact representation of the ip address this peer sees you as. "
              "i.e. this is the receiver's external ip address (no port is included). This may be either an IPv4 (4 bytes) or an IPv6 (16 bytes) address."),
         reference("BEP 10 yourip"),
         LIBTORRENT, PEXSPEC,
         [msg("a_to_b", 0, "standard", ext(0, benc({"m": {"ut_pex": 1}, "yourip": bytes.fromhex("20010db8000000000000000000000002")})),
              "ext-handshake", ok({"m": {"ut_pex": 1}, "yourip": "2001:db8::2"}), routes_to="handshake", reaction=react("accept"))])
    bad_yourip = benc({"m": {"ut_pex": 1}, "yourip": b"\x01\x02\x03\x04\x05"})
    case("bep10/handshake/yourip-bad-length",
         "yourip of 5 bytes is neither IPv4 nor IPv6: a warning (ignored) in lenient mode, an error in strict mode",
         spec(D002, "handshake message, yourip", "This may be either an IPv4 (4 bytes) or an IPv6 (16 bytes) address."),
         reference("BEP 10 yourip, wrong length"),
         peer("peer A", "reference", "reference"), PEXSPEC,
         [msg("a_to_b", 0, "standard", ext(0, bad_yourip), "ext-handshake",
              ok({"m": {"ut_pex": 1}}, warn("bad_address_length", value_offset(bad_yourip, "yourip"))),
              strict=err("bad_address_length", value_offset(bad_yourip, "yourip")),
              routes_to="handshake", reaction=react("accept"))])
    e_flag = benc({"e": 1, "m": {"ut_pex": 1}, "p": 51413, "v": "Transmission 0.7"})
    case("bep10/handshake/transmission-e-flag",
         "e = 1 says the peer prefers encrypted connections (the bit ut_pex carries as added.f 0x01)",
         spec(D001, "extended handshake keys", "e: int, 1 or 0. a flag to denote whether the peer prefers encrypted connections. "
              "This is used in ut_pex's \"added.f\"."),
         reference("Transmission notes, keys e, m, p, v"),
         peer("Transmission", "0.7", "reference"), PEXSPEC,
         [msg("a_to_b", 0, "standard", ext(0, e_flag), "ext-handshake", ok({"e": 1, "m": {"ut_pex": 1}, "p": 51413, "v": "Transmission 0.7"}),
              routes_to="handshake", reaction=react("accept"))])

    # Undecodable handshakes: deployed clients disagree.
    not_dict = b"li1ei2ee"
    for receiver, kind, reason in [(LIBTORRENT, "ignore", "undecodable_handshake"), (ANACROLIX, "disconnect", "undecodable_handshake")]:
        case("bep10/handshake/undecodable-%s" % receiver["profile"],
             "An extended handshake that is not a dictionary: %s %s" % (receiver["client"], "ignores it" if kind == "ignore" else "disconnects"),
             spec(doc("lt") if receiver is LIBTORRENT else doc("ana"), "src/bt_peer_connection.cpp" if receiver is LIBTORRENT else "peerconn.go", "libtorrent: An undecodable handshake is ignored, not a disconnect. "
                  "anacrolix: an undecodable handshake is a disconnect."),
             behaviour("the receiver's extended-handshake reader"),
             PEXSPEC, receiver,
             [msg("a_to_b", 0, "standard", ext(0, not_dict), "ext-handshake", err("not_a_dictionary", 0), strict=err("not_a_dictionary", 0),
                  routes_to="handshake", reaction=react(kind, reason))],
             hazard="libtorrent ignores an undecodable extended handshake; anacrolix/torrent disconnects.")

    # Framing of extended messages.
    case("bep10/framing/extended-too-short",
         "An extended message of length 1 has no extended id: libtorrent disconnects",
         spec(doc("lt"), "src/bt_peer_connection.cpp", "an extended message shorter than 2 bytes: disconnect"),
         behaviour("libtorrent src/bt_peer_connection.cpp"),
         PEXSPEC, LIBTORRENT,
         [msg("a_to_b", 0, "standard", std(20), "frames", err("extended_too_short", 5), reaction=react("disconnect", "extended_too_short"))])
    huge = (2 * 1024 * 1024).to_bytes(4, "big") + bytes([20, 1]) + b"d5:added"
    case("bep10/framing/frame-over-1mib",
         "A length prefix over 1 MiB is rejected before the frame is buffered: libtorrent disconnects",
         spec(doc("lt"), "src/bt_peer_connection.cpp", "Frames over 1 MiB: disconnect"),
         behaviour("libtorrent; the frame is cut after its first bytes, as the receiver reads no more"),
         PEXSPEC, LIBTORRENT,
         [msg("a_to_b", 0, "standard", huge, "frames", err("frame_too_large", 0), reaction=react("disconnect", "frame_too_large"))])

    # The connections deployed clients open, as observed.
    for c, title in [(LIBTORRENT_C, "libtorrent 2.0.8"), (TRANSMISSION_C, "Transmission 3.00"), (RTORRENT_C, "rtorrent 0.9.8"), (ARIA2_C, "aria2 1.36.0")]:
        case("bep10/observed/%s" % c.peer["profile"],
             "%s opens a connection: reserved bytes %s and its extended handshake keys" % (title, c.reserved),
             spec(LOOPBACK, "reserved bytes and extended handshake keys", "reserved bytes and extended handshake keys of %s" % title),
             behaviour(OBSERVED_VALUES),
             c.peer, PEXSPEC,
             [msg("a_to_b", 0, "handshake", c.handshake, "handshake", ok(c.handshake_json), reaction=react("accept")),
              msg("b_to_a", 0, "handshake", PEXSPEC_C.handshake, "handshake", ok(PEXSPEC_C.handshake_json)),
              msg("a_to_b", 0.05, "standard", ext(0, c.ext_payload), "ext-handshake", ok(c.ext_json), routes_to="handshake",
                  reaction=react("accept"))])
