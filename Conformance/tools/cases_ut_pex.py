"""ut_pex cases: the payload, the empty message, floods, caps, malformed messages and the
disagreements between deployed clients (each client's source, or what pexspec probe saw on loopback)."""
from casekit import *
from clients import *

RECEIVING = "the client's receive path, read from its source"
OBSERVED = "observed on loopback with pexspec probe"


def one(text, flag=0):
    """A payload adding one peer with its flag byte, and its expected value."""
    return benc({"added": compact(text), "added.f": bytes([flag])}), ok(pex_value([added(text, flag)]))


def connection(sender, receiver, messages, bitfield=True):
    return preamble(sender, receiver, bitfield) + messages


def per_receiver(id_prefix, title, requirement, payload, expect, strict, table, hazard):
    """One case per receiving client: the same message from a raw peer, each client's reaction from its source."""
    for receiver, r, source in table:
        rc = BY_PROFILE[receiver["profile"]]
        case("%s-%s" % (id_prefix, receiver["profile"]), title(receiver, r),
             client_spec(receiver["profile"], requirement, observed=source.startswith(OBSERVED)), behaviour(source), PEXSPEC, receiver,
             connection(PEXSPEC_C, rc, [pex_to_b(rc, 1, payload, expect, strict=strict, reaction=r)]), hazard=hazard)


def write():
    # ---------------------------------------------------------------- the payload
    peers = ["198.51.100.1:6881", "203.0.113.20:51413"]
    payload = benc({"added": compact(*peers), "added.f": b"\x01\x02"})
    case("ut_pex/payload/added-with-flags",
         "added carries compact IPv4 peers, added.f one flag byte for each",
         spec(D001, "ut_pex payload", "added: string, contains peers in the compact tracker format (ie: 6 bytes for IPv4 address and port in "
              "network byte order) added since the last peer exchange message. added.f: string, one byte of flags for each peer in the above "
              "added string. according to libtorrent's ut_pex.c: 0x01 - peer supports encryption 0x02 - peer is a seed"),
         reference("Transmission notes and ut_pex notes, keys added and added.f"),
         PEXSPEC, PEXSPEC,
         connection(PEXSPEC_C, PEXSPEC_C, [pex_to_b(PEXSPEC_C, 1, payload, ok(pex_value([added(peers[0], 1), added(peers[1], 2)])),
                                                    strict=ok(pex_value([added(peers[0], 1), added(peers[1], 2)])),
                                                    reaction=react("accept", learned=2))]))

    flag_peers = numbered_peers(6)
    flags = [0x01, 0x02, 0x04, 0x08, 0x10, 0x83]
    payload = benc({"added": compact(*flag_peers), "added.f": bytes(flags)})
    case("ut_pex/payload/flag-bits",
         "All five flag bits deployed clients use (encryption, seed, uTP, holepunch, reachable) and unknown bits are kept",
         spec(BEP11, "Flags", "0x01 prefers encryption; 0x02 seed / upload only; 0x04 supports uTP; 0x08 supports ut_holepunch; "
              "0x10 (unused) / connectable / outgoing connection / reachable"),
         behaviour("BEP 11 flag table; libtorrent, Transmission, anacrolix and webtorrent read the same bits"),
         PEXSPEC, PEXSPEC,
         connection(PEXSPEC_C, PEXSPEC_C, [pex_to_b(PEXSPEC_C, 1, payload, ok(pex_value([added(p, f) for p, f in zip(flag_peers, flags)])),
                                                    reaction=react("accept", learned=6))]))

    payload = benc({"dropped": compact("198.51.100.1:6881")})
    first, first_value = one("198.51.100.1:6881", 0x01)
    case("ut_pex/payload/dropped",
         "dropped names, in the same compact format, a peer announced earlier",
         spec(D001, "ut_pex payload", "dropped: same format as added, contains peers dropped since last peer exchange"),
         reference("Transmission notes, key dropped"),
         PEXSPEC, PEXSPEC,
         connection(PEXSPEC_C, PEXSPEC_C, [
             pex_to_b(PEXSPEC_C, 1, first, first_value, reaction=react("accept", learned=1)),
             pex_to_b(PEXSPEC_C, 61, payload, ok(pex_value(dropped4=[dropped("198.51.100.1:6881")])), reaction=react("accept", learned=0)),
         ]))

    v6 = ["[2001:db8::1]:6881", "[2001:db8:1::2]:51413"]
    payload = benc({"added": compact("198.51.100.1:6881"), "added.f": b"\x00", "added6": compact(*v6), "added6.f": b"\x05\x12",
                    "dropped6": compact("[2001:db8::dead]:6881")})
    case("ut_pex/payload/ipv6",
         "added6 / added6.f / dropped6 carry IPv6 peers in 18-byte compact entries beside IPv4 ones",
         spec(D003, "open items (todo)", "ipv6 support"),
         behaviour("libtorrent src/ut_pex.cpp and anacrolix pex.go send all six keys: added, added.f, added6, added6.f, dropped, dropped6"),
         LIBTORRENT, PEXSPEC,
         connection(LIBTORRENT_C, PEXSPEC_C, [pex_to_b(PEXSPEC_C, 1, payload, ok(pex_value(
             [added("198.51.100.1:6881", 0)], [added(v6[0], 5), added(v6[1], 0x12)], dropped6=[dropped("[2001:db8::dead]:6881")])),
             strict=ok(pex_value([added("198.51.100.1:6881", 0)], [added(v6[0], 5), added(v6[1], 0x12)], dropped6=[dropped("[2001:db8::dead]:6881")])),
             reaction=react("accept", learned=3))]))

    payload = benc({"dropped": compact("198.51.100.1:6881", "198.51.100.2:6882")})
    case("ut_pex/payload/missing-keys-are-empty",
         "A message with dropped only: added, added6 and dropped6 are empty lists",
         spec(D001, "ut_pex payload", "The payload of a peer exchange message is a bencoded dictionary with the following keys: added [...] added.f [...] dropped"),
         reference("Transmission notes"),
         TRANSMISSION, PEXSPEC,
         connection(TRANSMISSION_C, PEXSPEC_C, [pex_to_b(PEXSPEC_C, 1, payload,
                                                         ok(pex_value(dropped4=[dropped("198.51.100.1:6881"), dropped("198.51.100.2:6882")])),
                                                         reaction=react("accept", learned=0))]))

    six = benc({"added": compact("198.51.100.1:6881"), "added.f": b"\x10", "added6": b"", "added6.f": b"", "dropped": b"", "dropped6": b""})
    case("ut_pex/payload/libtorrent-all-six-keys",
         "libtorrent 2.0 sends all six keys, empty ones included",
         client_spec("libtorrent-2.0", "keys always present: all six (added, added.f, added6, added6.f, dropped, dropped6)"),
         behaviour(OBSERVED + ": keys sent: all six, empty ones included"),
         LIBTORRENT, TRANSMISSION,
         connection(LIBTORRENT_C, TRANSMISSION_C, [pex_to_b(TRANSMISSION_C, 1.0, six, ok(pex_value([added("198.51.100.1:6881", 0x10)])),
                                                            strict=ok(pex_value([added("198.51.100.1:6881", 0x10)])),
                                                            reaction=react("accept", learned=1))]))

    # ---------------------------------------------------------------- the empty message
    empty_req = ("If uTorrent 1.8.1 recieves an \"empty\" pex message from Transmission 1.40, it appears to interpret this as an invalid message "
                 "and disconnect from Transmission.")
    case("ut_pex/empty/utorrent-1.8.1-disconnect",
         "Transmission 1.40 sends de as a ut_pex message; uTorrent 1.8.1 drops the connection",
         spec(D000, "ut_pex", empty_req),
         reference("ut_pex notes: the uTorrent 1.8.1 / Transmission 1.40 empty-PEX disconnect"),
         TRANSMISSION_140, UTORRENT_181,
         connection(TRANSMISSION_140_C, UTORRENT_181_C, [pex_to_b(UTORRENT_181_C, 60, b"de", ok(pex_value()), strict=ok(pex_value()),
                                                                  reaction=react("disconnect", "empty_pex"))]),
         hazard="A message with nothing in it is valid bencode and a valid ut_pex dictionary, yet uTorrent 1.8.1 disconnects on it: "
                "never send one.")
    six_empty = benc({"added": b"", "added.f": b"", "added6": b"", "added6.f": b"", "dropped": b"", "dropped6": b""})
    for name, sender, sender_c, t, resend, spec_sending, title in [
        ("transmission", TRANSMISSION_41, TRANSMISSION_C, 91, b"de",
         spec(doc("tr"), "libtransmission/peer-msgs.cc:1074-1117; transmission/transmission PR #5793 (first in 4.1.0-beta.1)",
              "Transmission re-sends de when nothing changed from 4.1.0; 4.0.x and 3.00 send nothing"),
         "Transmission 4.1 sends de again when nothing changed; uTorrent 1.8.1 disconnects"),
        ("webtorrent", WEBTORRENT, WEBTORRENT_C, 66, six_empty,
         spec(doc("wt"), "index.js:37,213-256", "the module, when started, sends all six keys empty (not de) every 65 s"),
         "The webtorrent ut_pex module sends all six keys empty every 65 s; uTorrent 1.8.1 disconnects on the empty message"),
    ]:
        first, first_value = one("198.51.100.1:6881", 0x01)
        case("ut_pex/hazard/%s-empty-resend-utorrent-1.8.1" % name,
             title,
             spec_sending,
             behaviour("the sender's source; jbitor/issues#6 (Transmission's notes) for uTorrent 1.8.1"),
             sender, UTORRENT_181,
             connection(sender_c, UTORRENT_181_C, [
                 pex_to_b(UTORRENT_181_C, 1, first, first_value, reaction=react("accept", learned=1)),
                 pex_to_b(UTORRENT_181_C, t, resend, ok(pex_value()), reaction=react("disconnect", "empty_pex")),
             ]),
             hazard="%s: the empty message the ut_pex notes warn about reaches clients that disconnect on it." % spec_sending["requirement"])
    for receiver in [LIBTORRENT, TRANSMISSION, RTORRENT, ARIA2, ANACROLIX, WEBTORRENT]:
        rc = BY_PROFILE[receiver["profile"]]
        observed = receiver["profile"] in ("libtorrent-2.0", "transmission-3.00", "rtorrent-0.9.8", "aria2-1.36")
        case("ut_pex/empty/%s-stays" % receiver["profile"],
             "de and d5:added0:e as ut_pex messages: %s stays connected" % receiver["client"],
             client_spec(receiver["profile"], "empty de: accepted" if not observed else "de / d5:added0:e: stays", observed=observed),
             behaviour(OBSERVED if observed else RECEIVING),
             PEXSPEC, receiver,
             connection(PEXSPEC_C, rc, [
                 pex_to_b(rc, 1, b"de", ok(pex_value()), reaction=react("accept")),
                 pex_to_b(rc, 70, b"d5:added0:e", ok(pex_value()), strict=ok(pex_value()), reaction=react("accept")),
             ]))

    # ---------------------------------------------------------------- floods
    def flood(sender_c, receiver_c, times):
        out = []
        for n, t in enumerate(times):
            payload, value = one(numbered_peers(n + 1)[-1], 0)
            out.append((t, payload, value))
        return out

    def burst(receiver_c, times, reactions):
        return [pex_to_b(receiver_c, t, payload, value, reaction=r)
                for (t, payload, value), r in zip(flood(PEXSPEC_C, receiver_c, times), reactions)]

    times = [1 + n * 0.1 for n in range(7)]
    case("ut_pex/flood/libtorrent-7th-within-60s",
         "Seven ut_pex messages within a second: libtorrent disconnects on the 7th",
         client_spec("libtorrent-2.0", "flood rule: disconnect when the 7th message arrives within 60 s of the 1st (keeps the times of the last 6)"),
         behaviour(RECEIVING + "; " + OBSERVED + ": 10 PEX in ~1 s: disconnects on the 7th"),
         PEXSPEC, LIBTORRENT,
         connection(PEXSPEC_C, LIBTORRENT_C, burst(LIBTORRENT_C, times, [react("accept", learned=1)] * 6 + [react("disconnect", "flood")])))
    times = [1 + n * 10.5 for n in range(8)]
    case("ut_pex/flood/libtorrent-7-spread-over-a-minute",
         "Eight ut_pex messages 10.5 s apart: the 7th comes 63 s after the 1st, libtorrent stays",
         client_spec("libtorrent-2.0", "flood rule: disconnect when the 7th message arrives within 60 s of the 1st (keeps the times of the last 6)"),
         behaviour(RECEIVING),
         PEXSPEC, LIBTORRENT,
         connection(PEXSPEC_C, LIBTORRENT_C, burst(LIBTORRENT_C, times, [react("accept", learned=1)] * 8)))
    empties = [pex_to_b(LIBTORRENT_C, 1 + n, b"de", ok(pex_value()), reaction=react("accept")) for n in range(6)]
    payload, value = one("198.51.100.99:6881", 1)
    case("ut_pex/flood/libtorrent-empty-messages-count",
         "Six empty messages then a real one within a minute: the empty ones count toward libtorrent's flood rule",
         client_spec("libtorrent-2.0", "empty de: accepted (counts toward flood)"),
         behaviour(RECEIVING),
         PEXSPEC, LIBTORRENT,
         connection(PEXSPEC_C, LIBTORRENT_C, empties + [pex_to_b(LIBTORRENT_C, 7, payload, value, reaction=react("disconnect", "flood"))]))
    times = [1 + n * 0.1 for n in range(10)]
    for receiver in [TRANSMISSION, RTORRENT, ARIA2]:
        rc = BY_PROFILE[receiver["profile"]]
        case("ut_pex/flood/%s-10-in-1s" % receiver["profile"],
             "Ten ut_pex messages within a second: %s stays connected" % receiver["client"],
             client_spec(receiver["profile"], "10 PEX in ~1 s: stays", observed=True),
             behaviour(OBSERVED),
             PEXSPEC, receiver,
             connection(PEXSPEC_C, rc, burst(rc, times, [react("accept")] * 10)),
             hazard="libtorrent disconnects on the 7th of these; Transmission, rtorrent and aria2 do not: a sender tested against "
                    "them alone never sees its flood.")
    case("ut_pex/flood/anacrolix-45s",
         "A ut_pex message 30 s after the previous one: anacrolix/torrent disconnects",
         client_spec("anacrolix", "anacrolix/torrent: disconnect when a message arrives < 45 s after the previous"),
         behaviour(RECEIVING),
         PEXSPEC, ANACROLIX,
         connection(PEXSPEC_C, ANACROLIX_C, burst(ANACROLIX_C, [1, 46, 76], [react("accept"), react("ignore", "torrent_cooldown"), react("disconnect", "flood")])))
    case("ut_pex/flood/webtorrent-60s",
         "A ut_pex message 59 s after the previous one: webtorrent destroys the wire",
         spec(D003, "open items (todo)", "destroy wire if peer sends PEX messages too frequently"),
         behaviour(RECEIVING + ": webtorrent destroys the wire when < 60 s after the previous"),
         PEXSPEC, WEBTORRENT,
         connection(PEXSPEC_C, WEBTORRENT_C, burst(WEBTORRENT_C, [1, 61, 120], [react("accept", learned=1)] * 2 + [react("disconnect", "flood")])))
    case("ut_pex/hazard/libtorrent-cadence-vs-webtorrent",
         "libtorrent's \"about 60 s\" cadence drifting to 59.5 s: webtorrent destroys the wire",
         client_spec("webtorrent", "libtorrent interval: 60 s; webtorrent flood rule: destroy wire when < 60 s after the previous"),
         behaviour("the drift is illustrative (observed on loopback: libtorrent's later ut_pex come ~60 s apart)"),
         LIBTORRENT, WEBTORRENT,
         connection(LIBTORRENT_C, WEBTORRENT_C, burst(WEBTORRENT_C, [1, 61, 120.5], [react("accept", learned=1)] * 2 + [react("disconnect", "flood")])),
         hazard="A sender's \"about once a minute\" and a receiver's \"no sooner than 60 s\" leave no margin: any jitter on the sender's "
                "timer disconnects.")
    case("ut_pex/interval/transmission-90s-to-webtorrent",
         "Transmission's 90 s interval is slow enough for webtorrent's 60 s rule",
         client_spec("transmission-3.00", "interval: Transmission 90 s"),
         behaviour(RECEIVING),
         TRANSMISSION, WEBTORRENT,
         connection(TRANSMISSION_C, WEBTORRENT_C, burst(WEBTORRENT_C, [1, 91, 181], [react("accept", learned=1)] * 3)))
    case("ut_pex/interval/webtorrent-65s-to-anacrolix",
         "webtorrent's ~65 s interval is slow enough for anacrolix/torrent's 45 s rule",
         spec(D003, "start()", "Start sending regular PEX updates to the remote peer. [...] PEX messages will be sent once every ~65 seconds."),
         reference("webtorrent ut_pex README"),
         WEBTORRENT, ANACROLIX,
         connection(WEBTORRENT_C, ANACROLIX_C, burst(ANACROLIX_C, [1, 66, 131], [react("accept")] * 3)))

    # ---------------------------------------------------------------- sending: first message full, then diffs
    full = numbered_peers(3)
    first = benc({"added": compact(*full), "added.f": b"\x00\x01\x02", "added6": b"", "added6.f": b"", "dropped": b"", "dropped6": b""})
    diff = benc({"added": compact("203.0.113.50:6881"), "added.f": b"\x04", "added6": b"", "added6.f": b"", "dropped": compact(full[0]), "dropped6": b""})
    case("ut_pex/send/libtorrent-full-then-diffs",
         "libtorrent's first ut_pex carries its whole peer list, the next one a minute later only what changed",
         spec(D000, "ut_pex", "Exchanges messages should be sent approximately once every minute when peers have been added or dropped. "
              "If peers have not been added or dropped, uTorrent does not send the periodic PEX message."),
         behaviour(OBSERVED + ": first ut_pex ~1 s after the handshake, full list; later ~60 s, diffs only; nothing when nothing changed"),
         LIBTORRENT, PEXSPEC,
         connection(LIBTORRENT_C, PEXSPEC_C, [
             pex_to_b(PEXSPEC_C, 1.0, first, ok(pex_value([added(full[0], 0), added(full[1], 1), added(full[2], 2)])), reaction=react("accept", learned=3)),
             pex_to_b(PEXSPEC_C, 61.0, diff, ok(pex_value([added("203.0.113.50:6881", 4)], dropped4=[dropped(full[0])])), reaction=react("accept", learned=1),
                      note="no message follows at 121 s: nothing changed"),
         ]))
    x, x_value = one("198.51.100.1:6881", 0)
    drop_x = benc({"dropped": compact("198.51.100.1:6881")})
    case("ut_pex/dropped/drop-readd-drop",
         "A peer added, dropped, added again and dropped again is learned and forgotten each time",
         spec(D001, "ut_pex payload", "dropped: same format as added, contains peers dropped since last peer exchange"),
         reference("Transmission notes, dropped"),
         PEXSPEC, PEXSPEC,
         connection(PEXSPEC_C, PEXSPEC_C, [
             pex_to_b(PEXSPEC_C, 1, x, x_value, reaction=react("accept", learned=1)),
             pex_to_b(PEXSPEC_C, 61, drop_x, ok(pex_value(dropped4=[dropped("198.51.100.1:6881")])), reaction=react("accept", learned=0)),
             pex_to_b(PEXSPEC_C, 121, x, x_value, reaction=react("accept", learned=1)),
             pex_to_b(PEXSPEC_C, 181, drop_x, ok(pex_value(dropped4=[dropped("198.51.100.1:6881")])), reaction=react("accept", learned=0)),
             pex_to_b(PEXSPEC_C, 241, x, x_value, reaction=react("accept", learned=1), note="learned again: the second drop forgot it"),
         ]))

    # ---------------------------------------------------------------- caps
    sixty = numbered_peers(60)
    big = benc({"added": compact(*sixty), "added.f": bytes(60)})
    big_value = ok(pex_value([added(p, 0) for p in sixty]))
    for receiver, learned, source, name in [(LIBTORRENT, 50, "max_pex_peers = 50 per connection and per family", "50-per-message"),
                                            (WEBTORRENT, 60, "no receive cap: PEX_MAX_PEERS = 50 applies to sending only", "keeps-all")]:
        rc = BY_PROFILE[receiver["profile"]]
        case("ut_pex/caps/%s-%s" % (receiver["profile"], name),
             "60 added peers in one message: %s keeps %d" % (receiver["client"], learned),
             client_spec(receiver["profile"], source),
             behaviour(RECEIVING),
             PEXSPEC, receiver,
             connection(PEXSPEC_C, rc, [pex_to_b(rc, 1, big, big_value, reaction=react("accept", learned=learned))]))
    sixty6 = ["[2001:db8::%x]:6881" % (n + 1) for n in range(60)]
    both = benc({"added": compact(*sixty), "added.f": bytes(60), "added6": compact(*sixty6), "added6.f": bytes(60)})
    case("ut_pex/caps/transmission-50-per-family",
         "60 IPv4 and 60 IPv6 peers in one message: Transmission keeps 50 of each",
         client_spec("transmission-3.00", "peers kept per message: Transmission 50 for added, 50 for added6"),
         behaviour(RECEIVING),
         PEXSPEC, TRANSMISSION,
         connection(PEXSPEC_C, TRANSMISSION_C, [pex_to_b(TRANSMISSION_C, 1, both,
                                                         ok(pex_value([added(p, 0) for p in sixty], [added(p, 0) for p in sixty6])),
                                                         reaction=react("accept", learned=100))]))
    batches = [numbered_peers(150), numbered_peers(100, first=(203, 0, 113, 1))]
    case("ut_pex/caps/utorrent-stores-200",
         "150 then 100 peers from one remote peer: uTorrent stores 200 of them",
         spec(D000, "ut_pex", "In contrast to Azureus' maximum of 50 peers per pex burst, uTorrent will hold up to 200. alus reports: "
              "\"uT stores max 200 from other peers, but it will send everything it has.\""),
         reference("ut_pex notes, the 200-peer store"),
         PEXSPEC, UTORRENT_181,
         connection(PEXSPEC_C, UTORRENT_181_C, [
             pex_to_b(UTORRENT_181_C, 1, benc({"added": compact(*batches[0]), "added.f": bytes(150)}),
                      ok(pex_value([added(p, 0) for p in batches[0]])), reaction=react("accept", learned=150)),
             pex_to_b(UTORRENT_181_C, 61, benc({"added": compact(*batches[1]), "added.f": bytes(100)}),
                      ok(pex_value([added(p, 0) for p in batches[1]])), reaction=react("accept", learned=50)),
         ]))

    # ---------------------------------------------------------------- malformed messages, client by client
    seven = benc({"added": compact("198.51.100.1:6881") + b"\x99", "added.f": b"\x01"})
    seven_warn = content_offset(seven, "added") + 6
    seven_value = ok(pex_value([added("198.51.100.1:6881", 1)]), warn("bad_compact_length", seven_warn))
    per_receiver("ut_pex/malformed/added-7-bytes", lambda c, r: "added of 7 bytes (one whole peer and a stray byte): %s %s" % (c["client"], r["kind"].replace("_", " ")),
                 "compact list length not a multiple of 6 / 18",
                 seven, seven_value, err("bad_compact_length", seven_warn),
                 [
                     (LIBTORRENT, react("accept", learned=1), RECEIVING + ": trailing bytes ignored; " + OBSERVED + ": uses the whole 6-byte entries"),
                     (TRANSMISSION, react("accept", learned=1), RECEIVING + ": trailing bytes ignored"),
                     (RTORRENT, react("accept"), OBSERVED + ": added of 7 or 8 bytes: stays"),
                     (ARIA2, react("drop_peers", "bad_compact_length", learned=0), OBSERVED + ": added of 7 or 8 bytes: discards the whole list"),
                     (ANACROLIX, react("disconnect", "bad_compact_length"), RECEIVING + ": error, disconnect"),
                     (WEBTORRENT, react("ignore", "bad_compact_length"), RECEIVING + ": rest of the message skipped"),
                 ],
                 "A compact list with trailing bytes: libtorrent and Transmission use the whole entries, aria2 discards the list, "
                 "webtorrent skips the rest of the message, anacrolix/torrent disconnects.")

    noflags = benc({"added": compact("198.51.100.1:6881")})
    noflags_off = value_offset(noflags, "added")
    noflags_value = ok(pex_value([added("198.51.100.1:6881", 0)]), warn("flags_length_mismatch", noflags_off))
    per_receiver("ut_pex/malformed/added-without-flags", lambda c, r: "added without added.f: %s %s" % (c["client"], "discards the peers" if r["kind"] == "drop_peers" else "keeps the peers"),
                 "added.f length != peer count",
                 noflags, noflags_value, err("flags_length_mismatch", noflags_off),
                 [
                     (LIBTORRENT, react("drop_peers", "missing_flags", learned=0), OBSERVED + ": added without added.f: discards the added peers"),
                     (TRANSMISSION, react("accept", learned=1), OBSERVED + ": added without added.f: keeps them"),
                     (RTORRENT, react("accept"), OBSERVED + ": added without added.f: keeps them"),
                     (ARIA2, react("accept"), OBSERVED + ": added without added.f: keeps them and dials"),
                     (ANACROLIX, react("accept"), RECEIVING + ": added.f length != peer count: tolerated (flag 0)"),
                     (WEBTORRENT, react("accept", learned=1), RECEIVING + ": tolerated; added.f optional"),
                 ],
                 "libtorrent discards added peers that come without added.f; every other client keeps them.")

    mismatch_peers = ["198.51.100.1:6881", "198.51.100.2:6882"]
    mismatch = benc({"added": compact(*mismatch_peers), "added.f": b"\x03"})
    mismatch_off = content_offset(mismatch, "added.f") + 1
    mismatch_value = ok(pex_value([added(mismatch_peers[0], 3), added(mismatch_peers[1], 0)]), warn("flags_length_mismatch", mismatch_off))
    per_receiver("ut_pex/malformed/flags-length-mismatch", lambda c, r: "added.f of 1 byte for 2 peers: %s %s" % (c["client"], "drops all added peers" if r["kind"] == "drop_peers" else "keeps them"),
                 "added.f length != peer count",
                 mismatch, mismatch_value, err("flags_length_mismatch", mismatch_off),
                 [
                     (LIBTORRENT, react("drop_peers", "flags_length_mismatch", learned=0), RECEIVING + ": all added peers dropped"),
                     (TRANSMISSION, react("accept", learned=2), RECEIVING + ": peers kept, flags 0"),
                     (ANACROLIX, react("accept"), RECEIVING + ": tolerated (flag 0)"),
                     (WEBTORRENT, react("accept", learned=2), RECEIVING + ": tolerated; added.f optional"),
                 ],
                 "libtorrent drops every added peer when added.f does not match; the others keep them with flags 0.")

    listroot = b"l5:added6:" + compact("198.51.100.1:6881") + b"e"
    per_receiver("ut_pex/malformed/list-root", lambda c, r: "A ut_pex payload that is a list, not a dictionary: %s %s" % (c["client"], "disconnects" if r["kind"] == "disconnect" else "stays"),
                 "invalid bencode / root not a dict",
                 listroot, err("not_a_dictionary", 0), err("not_a_dictionary", 0),
                 [
                     (LIBTORRENT, react("disconnect", "not_a_dictionary"), OBSERVED + ": a list instead of a dict: disconnects"),
                     (TRANSMISSION, react("ignore", "not_a_dictionary"), OBSERVED + ": a list instead of a dict: stays"),
                     (RTORRENT, react("ignore", "not_a_dictionary"), OBSERVED + ": a list instead of a dict: stays"),
                     (ARIA2, react("ignore", "not_a_dictionary"), OBSERVED + ": a list instead of a dict: ignores"),
                     (ANACROLIX, react("disconnect", "not_a_dictionary"), RECEIVING + ": invalid bencode / root not a dict: disconnect"),
                     (WEBTORRENT, react("ignore", "not_a_dictionary"), RECEIVING + ": invalid bencode / root not a dict: ignored"),
                 ],
                 "A ut_pex payload that is not a dictionary: libtorrent and anacrolix/torrent disconnect, the others stay.")

    garbage = b"hello, pex"
    per_receiver("ut_pex/malformed/not-bencode", lambda c, r: "A ut_pex payload that is not bencode: %s %s" % (c["client"], "disconnects" if r["kind"] == "disconnect" else "stays"),
                 "invalid bencode / root not a dict",
                 garbage, err("expected_value", 0), err("expected_value", 0),
                 [
                     (LIBTORRENT, react("disconnect", "invalid_bencode"), OBSERVED + ": bytes that are not bencode: disconnects"),
                     (TRANSMISSION, react("ignore", "invalid_bencode"), OBSERVED + ": bytes that are not bencode: stays"),
                     (RTORRENT, react("ignore", "invalid_bencode"), OBSERVED + ": bytes that are not bencode: stays"),
                     (ARIA2, react("disconnect", "invalid_bencode"), OBSERVED + ": bytes that are not bencode: disconnects and bans the peer"),
                     (ANACROLIX, react("disconnect", "invalid_bencode"), RECEIVING + ": invalid bencode: disconnect"),
                     (WEBTORRENT, react("ignore", "invalid_bencode"), RECEIVING + ": invalid bencode: ignored"),
                 ],
                 "Bytes that are not bencode: libtorrent, aria2 and anacrolix/torrent disconnect (aria2 also bans), the others stay.")

    # ---------------------------------------------------------------- hazards between deployed clients
    rt = benc({"added": compact("198.51.100.1:6881", "198.51.100.2:6882"), "dropped": b""})
    rt_off = value_offset(rt, "added")
    case("ut_pex/hazard/rtorrent-no-flags-libtorrent-learns-nothing",
         "rtorrent never sends added.f; libtorrent discards added peers without it, so it learns nothing from rtorrent's PEX",
         client_spec("rtorrent-0.9.8", observed=True, requirement="Interop hazard this exposes: rtorrent never sends added.f, and libtorrent ignores added without a "
              "matching added.f, so a libtorrent peer learns nothing from an rtorrent peer's PEX."),
         behaviour(OBSERVED + ": rtorrent keys sent: only added and dropped (dropped even when empty); never added.f, never IPv6"),
         RTORRENT, LIBTORRENT,
         connection(RTORRENT_C, LIBTORRENT_C, [pex_to_b(LIBTORRENT_C, 60, rt,
                                                        ok(pex_value([added("198.51.100.1:6881", 0), added("198.51.100.2:6882", 0)]),
                                                           warn("flags_length_mismatch", rt_off)),
                                                        strict=err("flags_length_mismatch", rt_off),
                                                        reaction=react("drop_peers", "missing_flags", learned=0))]),
         hazard="rtorrent never sends added.f, and libtorrent ignores added without a matching added.f.")
    early, early_value = one("198.51.100.1:6881", 0)
    case("ut_pex/order/rtorrent-before-bitfield",
         "A ut_pex message before the bitfield: rtorrent disconnects",
         client_spec("rtorrent-0.9.8", "ut_pex before the bitfield: rtorrent disconnects", observed=True),
         behaviour(OBSERVED),
         PEXSPEC, RTORRENT,
         connection(PEXSPEC_C, RTORRENT_C, [pex_to_b(RTORRENT_C, 0.2, early, early_value, reaction=react("disconnect", "before_bitfield"))],
                    bitfield=False),
         hazard="Transmission and aria2 send their first ut_pex right after the bitfield; a sender that sends PEX first loses rtorrent peers.")
    case("ut_pex/order/rtorrent-after-bitfield",
         "The same ut_pex message after the bitfield: rtorrent takes it",
         client_spec("rtorrent-0.9.8", "ut_pex before the bitfield: rtorrent disconnects", observed=True),
         behaviour(OBSERVED),
         PEXSPEC, RTORRENT,
         connection(PEXSPEC_C, RTORRENT_C, [pex_to_b(RTORRENT_C, 0.2, early, early_value, reaction=react("accept"))]))
    local = benc({"added": compact("192.168.1.20:6881", "198.51.100.1:6881", "10.0.0.7:6881"), "added.f": b"\x00\x00\x00"})
    local_value = ok(pex_value([added("192.168.1.20:6881", 0), added("198.51.100.1:6881", 0), added("10.0.0.7:6881", 0)]))
    for receiver, learned, source in [(LIBTORRENT, 1, "local addresses: libtorrent ignores them unless the sender is local"),
                                      (TRANSMISSION, 3, "local addresses: Transmission keeps them")]:
        rc = BY_PROFILE[receiver["profile"]]
        case("ut_pex/local/%s" % receiver["profile"],
             "Private addresses from a non-local peer: %s learns %d of 3" % (receiver["client"], learned),
             client_spec(receiver["profile"], source, section="src/peer_list.cpp:1203-1209" if receiver is LIBTORRENT else "libtransmission/net.cc"),
             behaviour(RECEIVING + " (the sender is taken to be a public peer)"),
             PEXSPEC, receiver,
             connection(PEXSPEC_C, rc, [pex_to_b(rc, 1, local, local_value, reaction=react("accept", learned=learned))]),
             hazard="libtorrent ignores private addresses from public peers; Transmission, anacrolix and webtorrent keep them.")
