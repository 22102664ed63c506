"""More disagreements between deployed clients (each read from the client's source, or observed on loopback):
dropped, size caps, the sending caps, the bencode decoders' differences and limits."""
from casekit import *
from clients import *
from cases_ut_pex import one, connection, OBSERVED

RECEIVING = "the client's receive path, read from its source"
SENDING = "the client's send path, read from its source"
BENCODE = "the bencode decoders of libtorrent (src/bdecode.cpp), Transmission (libtransmission/variant-benc.cc) and anacrolix/torrent (bencode/)"


def write():
    x, x_value = one("198.51.100.1:6881", 0)
    drop_x = benc({"dropped": compact("198.51.100.1:6881")})
    for receiver, forgot, source in [(TRANSMISSION, 0, "dropped: Transmission never parsed"), (LIBTORRENT, 1, "dropped: libtorrent parsed")]:
        rc = BY_PROFILE[receiver["profile"]]
        case("ut_pex/dropped/%s" % receiver["profile"],
             "A peer announced then dropped: %s %s" % (receiver["client"], "forgets it" if forgot else "never reads dropped and keeps it"),
             client_spec(receiver["profile"], source),
             behaviour(RECEIVING),
             PEXSPEC, receiver,
             connection(PEXSPEC_C, rc, [
                 pex_to_b(rc, 1, x, x_value, reaction=react("accept", learned=1)),
                 pex_to_b(rc, 91, drop_x, ok(pex_value(dropped4=[dropped("198.51.100.1:6881")])), reaction=react("accept", learned=0, forgot=forgot)),
             ]),
             hazard="Transmission never reads dropped: peers other clients announce as gone stay in its lists.")

    announce = benc({"added": compact("203.0.113.5:6881"), "added.f": b"\x00", "added6": b"", "added6.f": b"", "dropped": b"", "dropped6": b""})
    outgoing = benc({"added": b"", "added.f": b"", "added6": b"", "added6.f": b"", "dropped": compact("203.0.113.5:53012"), "dropped6": b""})
    case("ut_pex/hazard/libtorrent-dropped-by-outgoing-port",
         "libtorrent drops a peer by its outgoing port, not the listen port it announced: the receiver forgets nothing",
         client_spec("libtorrent-2.0", observed=True, requirement="dropped quirk: libtorrent may name a peer by its outgoing port rather than its listen port"),
         behaviour("observed on loopback with pexspec probe (ports illustrative)"),
         LIBTORRENT, PEXSPEC,
         connection(LIBTORRENT_C, PEXSPEC_C, [
             pex_to_b(PEXSPEC_C, 1, announce, ok(pex_value([added("203.0.113.5:6881", 0)])), reaction=react("accept", learned=1)),
             pex_to_b(PEXSPEC_C, 61, outgoing, ok(pex_value(dropped4=[dropped("203.0.113.5:53012")])), reaction=react("accept", learned=0, forgot=0)),
         ]),
         hazard="A dropped entry that names another port than the added one never matches: the gone peer stays known.")

    v4 = numbered_peers(60)
    v6 = ["[2001:db8::%x]:6881" % (n + 1) for n in range(40)]
    hundred = benc({"added": compact(*v4), "added.f": bytes(60), "added6": compact(*v6), "added6.f": bytes(40), "dropped": b"", "dropped6": b""})
    hundred_value = ok(pex_value([added(p, 0) for p in v4], [added(p, 0) for p in v6]))
    for receiver, learned, source in [(TRANSMISSION, 90, "Transmission keeps 50 for added, 50 for added6"),
                                      (WEBTORRENT, 100, "webtorrent has no receive cap (its PEX_MAX_PEERS = 50 is a send cap)")]:
        rc = BY_PROFILE[receiver["profile"]]
        case("ut_pex/hazard/libtorrent-100-peers-to-%s" % receiver["profile"],
             "libtorrent sends 100 peers (60 IPv4, 40 IPv6) in one message: %s keeps %d" % (receiver["client"], learned),
             client_spec(receiver["profile"], "added cap per message: libtorrent 100 (v4 and v6 together); peers kept per message: " + source),
             behaviour(SENDING + "; " + RECEIVING),
             LIBTORRENT, receiver,
             connection(LIBTORRENT_C, rc, [pex_to_b(rc, 1, hundred, hundred_value, reaction=react("accept", learned=learned))]),
             hazard="libtorrent sends up to 100 peers a message; Transmission keeps 50 per family, webtorrent keeps them all.")

    big_payload = 600 * 1024
    big = (2 + big_payload).to_bytes(4, "big") + bytes([20, LIBTORRENT_C.ut_pex_id]) + b"d5:added614400:" + compact("198.51.100.1:6881")
    case("ut_pex/caps/libtorrent-500kib",
         "A ut_pex message of 600 KiB: libtorrent disconnects",
         client_spec("libtorrent-2.0", "message size cap: libtorrent > 500 KiB: disconnect"),
         behaviour(RECEIVING + "; the frame is cut after its first bytes, as the transcript need not carry 600 KiB"),
         PEXSPEC, LIBTORRENT,
         connection(PEXSPEC_C, LIBTORRENT_C, [msg("a_to_b", 1, "standard", big, "frames", err("unexpected_eof", len(big)), routes_to="ut_pex",
                                                  reaction=react("disconnect", "oversized"))]),
         hazard="libtorrent disconnects on PEX messages over 500 KiB; Transmission and webtorrent have no cap.")
    frame = 70000
    big = frame.to_bytes(4, "big") + bytes([20, ANACROLIX_C.ut_pex_id]) + b"d5:added69990:" + compact("198.51.100.1:6881")
    case("ut_pex/caps/anacrolix-64kib-frame",
         "A 70,000-byte frame: anacrolix/torrent disconnects (libtorrent would take up to 1 MiB)",
         client_spec("anacrolix", "message size cap: anacrolix/torrent frame cap 64 KiB", section="peer_protocol/decoder.go"),
         behaviour(RECEIVING + "; the frame is cut after its first bytes"),
         PEXSPEC, ANACROLIX,
         connection(PEXSPEC_C, ANACROLIX_C, [msg("a_to_b", 1, "standard", big, "frames", err("unexpected_eof", len(big)), routes_to="ut_pex",
                                                 reaction=react("disconnect", "frame_too_large"))]),
         hazard="anacrolix/torrent closes on frames over 64 KiB; libtorrent accepts frames up to 1 MiB and PEX messages up to 500 KiB.")

    aria = benc({"added": compact("198.51.100.1:6881", "198.51.100.2:6882"), "added.f": b"\x01\x00"})
    case("ut_pex/payload/aria2-non-empty-keys",
         "aria2 sends only the non-empty keys, added with added.f",
         client_spec("aria2-1.36", "keys sent: aria2 only non-empty; added and added.f together", observed=True),
         behaviour(OBSERVED_VALUES),
         ARIA2, PEXSPEC,
         connection(ARIA2_C, PEXSPEC_C, [pex_to_b(PEXSPEC_C, 0.2, aria, ok(pex_value([added("198.51.100.1:6881", 1), added("198.51.100.2:6882", 0)])),
                                                  strict=ok(pex_value([added("198.51.100.1:6881", 1), added("198.51.100.2:6882", 0)])),
                                                  reaction=react("accept", learned=2))]))

    huge = benc({"m": {"ut_metadata": 3, "ut_pex": 1}, "metadata_size": 1 << 40})
    case("bep10/hazard/metadata-size-huge",
         "metadata_size of 1 TiB decodes as a number: a receiver must not allocate by it",
         spec(doc("tr"), "libtransmission/torrent-magnet.cc:71", "Transmission reads [...] metadata_size (only checked > 0: a huge value is an allocation hazard)"),
         behaviour("Transmission's extended-handshake reader"),
         PEXSPEC, PEXSPEC,
         [msg("a_to_b", 0, "standard", ext(0, huge), "ext-handshake", ok({"m": {"ut_metadata": 3, "ut_pex": 1}, "metadata_size": 1 << 40}),
              routes_to="handshake", reaction=react("accept"))],
         hazard="Transmission only checks metadata_size > 0: a peer can make it plan for a terabyte of metadata.")

    # The bencode decoders disagree (libtorrent, Transmission, anacrolix): lenient decoding
    # warns, strict decoding rejects, and each case names who accepts what.
    def bencode_case(id, title, requirement, decode, payload, lenient, strict, hazard, extended_id):
        case(id, title, spec(doc("lt"), "src/bdecode.cpp", requirement), behaviour(BENCODE), PEXSPEC, PEXSPEC,
             [msg("a_to_b", 0, "standard", ext(0, benc({"m": {"ut_pex": 1}})), "ext-handshake", ok({"m": {"ut_pex": 1}}), routes_to="handshake"),
              msg("b_to_a", 0, "standard", ext(0, benc({"m": {"ut_pex": 1}})), "ext-handshake", ok({"m": {"ut_pex": 1}}), routes_to="handshake"),
              msg("a_to_b", 1, "standard", ext(extended_id, payload), decode, lenient, strict=strict,
                  routes_to="handshake" if extended_id == 0 else "ut_pex")],
             hazard=hazard)

    negzero = b"d1:ei-0e1:md6:ut_pexi1eee"
    bencode_case("bencode/hazard/negative-zero", "i-0e is read as 0 with a warning in lenient mode and rejected in strict mode",
                 "i-0e: libtorrent accepted, Transmission accepted, anacrolix rejected", "ext-handshake", negzero,
                 ok({"e": 0, "m": {"ut_pex": 1}}, warn("negative_zero", negzero.index(b"-"))), err("negative_zero", negzero.index(b"-")),
                 "libtorrent and Transmission read i-0e as 0; anacrolix/torrent rejects the message.", 0)
    lead = b"d5:added06:" + compact("198.51.100.1:6881") + b"7:added.f1:\x00e"
    bencode_case("bencode/hazard/leading-zero-length", "A string length with a leading zero (06:) is read with a warning, rejected in strict mode",
                 "leading zeros (i03e, 03:abc): libtorrent accepted, flagged as a soft error; Transmission: i04e rejected, 03: accepted; anacrolix rejected",
                 "ut-pex", lead, ok(pex_value([added("198.51.100.1:6881", 0)]), warn("leading_zero", lead.index(b"06:"))),
                 err("leading_zero", lead.index(b"06:")),
                 "libtorrent and Transmission accept 06: as a length; anacrolix/torrent rejects the message.", 1)
    unsorted = b"d7:added.f1:\x015:added6:" + compact("198.51.100.1:6881") + b"e"
    bencode_case("bencode/hazard/unsorted-keys", "Dictionary keys out of order are read with a warning, rejected in strict mode",
                 "unsorted dict keys: libtorrent accepted, soft error; Transmission accepted; anacrolix rejected when decoding into generic values",
                 "ut-pex", unsorted, ok(pex_value([added("198.51.100.1:6881", 1)]), warn("unsorted_keys", unsorted.index(b"5:added"))),
                 err("unsorted_keys", unsorted.index(b"5:added")),
                 "A sender that writes added.f before added is read by libtorrent and Transmission and may be rejected by anacrolix/torrent.", 1)
    body = benc({"added": compact("198.51.100.1:6881"), "added.f": b"\x00"})
    trailing = body + b"\x00\x00"
    bencode_case("bencode/hazard/trailing-bytes", "Bytes after the dictionary are ignored with a warning, rejected in strict mode",
                 "trailing bytes after the value: libtorrent ignored, Transmission ignored, anacrolix error",
                 "ut-pex", trailing, ok(pex_value([added("198.51.100.1:6881", 0)]), warn("trailing_data", len(body))), err("trailing_data", len(body)),
                 "libtorrent and Transmission ignore bytes after the payload's dictionary; anacrolix/torrent rejects the message.", 1)
    prefix = b"d1:md6:ut_pexi1ee1:x"
    deep = prefix + b"l" * 101 + b"e" * 101 + b"e"
    bencode_case("bencode/limits/depth-101", "Lists nested 101 deep inside the dictionary: the 100th level is refused, as libtorrent refuses it",
                 "depth limit: libtorrent 100 (no token while 100 containers are open: at most 99 levels), Transmission 512, anacrolix none",
                 "ext-handshake", deep, err("depth_exceeded", len(prefix) + 99), err("depth_exceeded", len(prefix) + 99),
                 "Nesting that libtorrent rejects (100 levels or more) Transmission accepts (up to 512) and anacrolix/torrent never limits.", 0)
    big_int = b"d1:md6:ut_pexi1ee1:pi99999999999999999999ee"
    bencode_case("bencode/limits/integer-overflow", "An integer of 20 nines does not fit 64 bits: overflow at its first digit",
                 "integer digits: libtorrent > 20 digits: overflow",
                 "ext-handshake", big_int, err("overflow", big_int.index(b"i9") + 1), err("overflow", big_int.index(b"i9") + 1),
                 "Integers beyond 64 bits: libtorrent counts digits (more than 20 overflow), this decoder checks the value.", 0)
