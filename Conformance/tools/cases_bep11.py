"""BEP 11 rule by rule: for each sender rule a compliant and a violating sender, with the
violations the receiver's checks report and the reaction each profile predicts; the security
section; BEP 27 (private torrents). Several cases need more than two peers and use format 2."""
from casekit import *
from clients import *

RULES = "BEP 11 sender rules, checked by the receiver (reaction.violations)"


def pex(added4=(), added6=(), dropped4=(), dropped6=(), flags=None, flags6=None):
    """A ut_pex payload with only the non-empty keys (Transmission's style) and its expected value."""
    d = {}
    if added4:
        d["added"] = compact(*added4)
        d["added.f"] = bytes(flags if flags is not None else [0] * len(added4))
    if added6:
        d["added6"] = compact(*added6)
        d["added6.f"] = bytes(flags6 if flags6 is not None else [0] * len(added6))
    if dropped4:
        d["dropped"] = compact(*dropped4)
    if dropped6:
        d["dropped6"] = compact(*dropped6)
    f4 = flags if flags is not None else [0] * len(added4)
    f6 = flags6 if flags6 is not None else [0] * len(added6)
    value = pex_value([added(p, f) for p, f in zip(added4, f4)], [added(p, f) for p, f in zip(added6, f6)],
                      [dropped(p) for p in dropped4], [dropped(p) for p in dropped6])
    return benc(d), ok(value)


def shifted(messages, t0):
    return [dict(m, t=round(m["t"] + t0, 3)) for m in messages]


def opening(conn, a, b, t0=0):
    """Both handshakes, both extended handshakes and a's bitfield on `conn`, from time t0."""
    return [on(conn, m) for m in shifted(preamble(a, b), t0)]


def pex_on(conn, receiver, t, payload, expect, direction="a_to_b", **kwargs):
    return on(conn, msg(direction, t, "standard", ext(receiver.ut_pex_id, payload), "ut-pex", expect, routes_to="ut_pex", **kwargs))


def timeline(messages):
    """Messages of several connections in time order (stable, so wire order holds within a time)."""
    return sorted(messages, key=lambda m: m["t"])


def bep11(section, requirement):
    return spec(BEP11, section, requirement)


ADDED_CONNECTED = ("A peer must only be included in an added field once a connection is successfully established and included in the "
                   "dropped field once it is disconnected.")
MUST_DROP = ("Once a peer has been added a client must ensure to send the corresponding dropped event when appropriate. Only signaling added "
             "peers without ever dropping them is non-compliant behavior.")
ONCE_A_MINUTE = "Clients must batch updates to send no more than 1 PEX message per minute."
NO_DUPLICATES = "Added or removed contacts must not contain duplicates."
NOT_BOTH = "An added contact must not be dropped in the same message."
FIFTY = ("Except for the initial PEX message the combined amount of added v4/v6 contacts should not exceed 50 entries. The same applies to "
         "dropped entries.")
NEVER_EMPTY = "Messages must contain at least one of the following fields: added, added6, dropped, dropped6."
FLAGS = ("0x01 prefers encryption [...] 0x02 seed/upload_only 0x04 supports uTP 0x08 peer indicated ut_holepunch support in extension "
         "handshake 0x10 outgoing connection, peer is reachable. Other bits are reserved for future use.")
UNTRUSTED = "Data exchanged via PEX messages should be considered untrusted and potentially malicious."
DUP_IP = ("To mitigate these a client should avoid taking all its connection candidates from a single PEX source. Duplicate IP addresses "
          "(e.g. with different ports) should be ignored.")

A_ADDR, B_ADDR, C_ADDR, D_ADDR = "198.51.100.10:6881", "198.51.100.20:6881", "198.51.100.30:6881", "198.51.100.40:6881"


def write():
    # ------------------------------------------------------------ only connected peers in added; dropped after disconnect
    peers3 = {"a": node(PEXSPEC, A_ADDR), "b": node(LIBTORRENT, B_ADDR), "c": node(TRANSMISSION, C_ADDR)}
    add_c, add_c_value = pex(added4=[C_ADDR])
    drop_c, drop_c_value = pex(dropped4=[C_ADDR])
    for name, bc, t, violations, title in [
        ("connected", connection("bc", "c", "b", opened=5), 10, [], "b announces c to a after b's connection to c is up: compliant"),
        ("not-connected", connection("bc", "c", "b", opened=30), 10, ["not_connected"], "b announces c to a before it has a connection to c"),
    ]:
        scenario("bep11/added/%s" % name, title, bep11("Protocol Extension", ADDED_CONNECTED), reference("BEP 11; addresses and times chosen"),
                 peers3, [connection("ab", "a", "b"), bc],
                 timeline(opening("ab", PEXSPEC_C, LIBTORRENT_C) + opening("bc", TRANSMISSION_C, LIBTORRENT_C, bc["opened"]) + [
                     pex_on("ab", PEXSPEC_C, t, add_c, add_c_value, direction="b_to_a", reaction=react("accept", learned=1, violations=violations))]))
    for name, closed, violations, title in [
        ("after-disconnect", 40, [], "b drops c once its connection to c has closed: compliant"),
        ("while-connected", None, ["dropped_while_connected"], "b drops c while its connection to c is still up"),
    ]:
        scenario("bep11/dropped/%s" % name, title, bep11("Protocol Extension", ADDED_CONNECTED), reference("BEP 11; addresses and times chosen"),
                 peers3, [connection("ab", "a", "b"), connection("bc", "c", "b", opened=1, closed=closed)],
                 timeline(opening("ab", PEXSPEC_C, LIBTORRENT_C) + opening("bc", TRANSMISSION_C, LIBTORRENT_C, 1) + [
                     pex_on("ab", PEXSPEC_C, 5, add_c, add_c_value, direction="b_to_a", reaction=react("accept", learned=1, violations=[])),
                     pex_on("ab", PEXSPEC_C, 70, drop_c, drop_c_value, direction="b_to_a", reaction=react("accept", learned=0, forgot=1, violations=violations))]))
    peers4 = dict(peers3, d=node(ANACROLIX, D_ADDR))
    add_d, add_d_value = pex(added4=[D_ADDR])
    add_d_drop_c, add_d_drop_c_value = pex(added4=[D_ADDR], dropped4=[C_ADDR])
    for name, payload, value, violations, title in [
        ("drops-in-time", add_d_drop_c, add_d_drop_c_value, [], "b's next message after c disconnected drops c: compliant"),
        ("never-drops", add_d, add_d_value, ["missing_dropped"], "b's next message after c disconnected adds d but never drops c: non-compliant"),
    ]:
        scenario("bep11/dropped/%s" % name, title, bep11("Protocol Extension", MUST_DROP), reference("BEP 11; addresses and times chosen"),
                 peers4, [connection("ab", "a", "b"), connection("bc", "c", "b", opened=1, closed=40), connection("bd", "d", "b", opened=50)],
                 timeline(opening("ab", PEXSPEC_C, LIBTORRENT_C) + opening("bc", TRANSMISSION_C, LIBTORRENT_C, 1)
                          + opening("bd", ANACROLIX_C, LIBTORRENT_C, 50) + [
                     pex_on("ab", PEXSPEC_C, 5, add_c, add_c_value, direction="b_to_a", reaction=react("accept", learned=1, violations=[])),
                     pex_on("ab", PEXSPEC_C, 70, payload, value, direction="b_to_a", reaction=react("accept", violations=violations))]))

    # ------------------------------------------------------------ at most one message a minute, per receiver
    one_a, one_a_value = pex(added4=["198.51.100.1:6881"])
    one_b, one_b_value = pex(added4=["198.51.100.2:6881"])
    for receiver, second, title in [
        (PEXSPEC, react("accept", learned=1, violations=["too_frequent"]), "the reference receiver reports it and stays"),
        (LIBTORRENT, react("accept", learned=1, violations=["too_frequent"]), "libtorrent stays (its rule is 7 within 60 s)"),
        (ANACROLIX, react("disconnect", "flood"), "anacrolix/torrent disconnects (< 45 s)"),
        (WEBTORRENT, react("disconnect", "flood"), "webtorrent destroys the wire (< 60 s)"),
    ]:
        rc = BY_PROFILE[receiver["profile"]]
        case("bep11/interval/30s-%s" % receiver["profile"], "Two ut_pex messages 30 s apart: %s" % title,
             bep11("Protocol Extension", ONCE_A_MINUTE), reference("BEP 11; times chosen"), PEXSPEC, receiver,
             preamble(PEXSPEC_C, rc) + [pex_to_b(rc, 1, one_a, one_a_value, reaction=react("accept")),
                                        pex_to_b(rc, 31, one_b, one_b_value, reaction=second)],
             hazard=None if receiver is PEXSPEC else "A sender that batches less than a minute meets receivers that disconnect at 45 s or 60 s.")
    case("bep11/interval/60s", "Two ut_pex messages 60 s apart: compliant, no violation",
         bep11("Protocol Extension", ONCE_A_MINUTE), reference("BEP 11; times chosen"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, one_a, one_a_value, reaction=react("accept", learned=1, violations=[])),
                                           pex_to_b(PEXSPEC_C, 61, one_b, one_b_value, reaction=react("accept", learned=1, violations=[]))])

    # ------------------------------------------------------------ no duplicates; not added and dropped in one message
    x = "198.51.100.5:6881"
    dup = benc({"added": compact(x, x), "added.f": b"\x00\x00"})
    case("bep11/duplicates/added", "The same peer twice in added: the receiver reports it and learns it once",
         bep11("Protocol Extension", NO_DUPLICATES), reference("BEP 11"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, dup, ok(pex_value([added(x, 0), added(x, 0)])),
                                                    reaction=react("accept", learned=1, violations=["duplicate_added"]))])
    first_x, first_x_value = pex(added4=[x])
    dupd = benc({"dropped": compact(x, x)})
    case("bep11/duplicates/dropped", "The same peer twice in dropped: the receiver reports it and forgets it once",
         bep11("Protocol Extension", NO_DUPLICATES), reference("BEP 11"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, first_x, first_x_value, reaction=react("accept", learned=1, violations=[])),
                                           pex_to_b(PEXSPEC_C, 61, dupd, ok(pex_value(dropped4=[dropped(x), dropped(x)])),
                                                    reaction=react("accept", learned=0, forgot=1, violations=["duplicate_dropped"]))])
    both, both_value = pex(added4=[x], dropped4=[x])
    drop_x, drop_x_value = pex(dropped4=[x])
    for receiver, learned_first, forgot_then, title in [
        (LIBTORRENT, 1, 1, "libtorrent applies dropped then added: it knows the peer, and forgets it on the next drop"),
        (WEBTORRENT, 0, 0, "webtorrent applies added then dropped: it does not know the peer, so the next drop forgets nothing"),
        (PEXSPEC, 1, 1, "the reference receiver applies dropped then added, as libtorrent does, and reports the violation"),
    ]:
        rc = BY_PROFILE[receiver["profile"]]
        case("bep11/added-and-dropped/%s" % receiver["profile"], "One peer both added and dropped in one message: " + title,
             bep11("Protocol Extension", NOT_BOTH), reference("BEP 11; the clients' order: libtorrent src/ut_pex.cpp:279-343, webtorrent/ut_pex index.js:136-176"),
             PEXSPEC, receiver,
             preamble(PEXSPEC_C, rc) + [pex_to_b(rc, 1, both, both_value, reaction=react("accept", learned=learned_first, violations=["added_and_dropped"])),
                                        pex_to_b(rc, 70, drop_x, drop_x_value, reaction=react("accept", forgot=forgot_then))],
             hazard="libtorrent and webtorrent end in opposite states after a message that adds and drops one peer (BEP 11 forbids it).")

    # ------------------------------------------------------------ at most 50 after the first message
    seventy = numbered_peers(70)
    p70, v70 = pex(added4=seventy)
    case("bep11/cap/first-message-over-50", "A first message of 70 added peers is allowed; the reference receiver reads 50 of it",
         bep11("Protocol Extension", FIFTY), reference("BEP 11"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, p70, v70, reaction=react("accept", learned=50, violations=[]))])
    later = numbered_peers(51, first=(203, 0, 113, 1))
    p51, v51 = pex(added4=later)
    case("bep11/cap/later-message-over-50", "A later message of 51 added peers breaks the rule",
         bep11("Protocol Extension", FIFTY), reference("BEP 11"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, one_a, one_a_value, reaction=react("accept", learned=1, violations=[])),
                                           pex_to_b(PEXSPEC_C, 61, p51, v51, reaction=react("accept", learned=50, violations=["too_many_added"]))])
    p51d, v51d = pex(dropped4=later)
    case("bep11/cap/later-message-over-50-dropped", "A later message of 51 dropped peers breaks the rule",
         bep11("Protocol Extension", FIFTY), reference("BEP 11"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, one_a, one_a_value, reaction=react("accept", learned=1, violations=[])),
                                           pex_to_b(PEXSPEC_C, 61, p51d, v51d, reaction=react("accept", learned=0, forgot=0, violations=["too_many_dropped"]))])

    # ------------------------------------------------------------ never empty
    for payload, name in [(b"de", "de"), (benc({"added": b""}), "empty-added")]:
        case("bep11/empty/%s" % name, "A ut_pex message that names no peer (%s) breaks the rule; the reference receiver stays" % payload.decode(),
             bep11("Protocol Extension", NEVER_EMPTY), reference("BEP 11"), PEXSPEC, PEXSPEC,
             preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, payload, ok(pex_value()), reaction=react("accept", learned=0, violations=["empty"]))])

    # ------------------------------------------------------------ flags
    five = numbered_peers(5)
    pf, vf = pex(added4=five, flags=[0x01, 0x02, 0x04, 0x08, 0x10])
    case("bep11/flags/five-bits", "The five flag bits BEP 11 defines, one per peer: no violation",
         bep11("Flags", FLAGS), reference("BEP 11 flag table"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, pf, vf, reaction=react("accept", learned=5, violations=[]))])
    pr, vr = pex(added4=five[:3], flags=[0x20, 0x40, 0x80])
    case("bep11/flags/reserved-bits", "Reserved flag bits 0x20, 0x40, 0x80 decode as sent and are reported; the peers are kept (flags are claims, not facts)",
         bep11("Flags", FLAGS), reference("BEP 11 flag table; libtorrent masks its internal 0x80 bit (arvidn/libtorrent PR #5208)"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, pr, vr, reaction=react("accept", learned=3, violations=["reserved_flags"]))],
         hazard="Flags are untrusted claims: libtorrent stopped trusting pex_seed and masks 0x80 (PR #5208); Transmission checks the holepunch extension id, not 0x08 (PR #8884).")

    # ------------------------------------------------------------ IPv6
    v6 = ["[2001:db8::1]:6881", "[2001:db8::2]:6882"]
    p6, v6v = pex(added6=v6, dropped6=["[2001:db8::9]:6881"], flags6=[0x01, 0x04])
    case("bep11/ipv6/added6-dropped6", "added6 with added6.f and dropped6 carry IPv6 contacts in 18-byte entries",
         bep11("Protocol Extension", "added6: <one or more contacts IPv6 compact format (string)>, added6.f: <optional, bit-flags, 1 byte per added "
               "IPv6 peer (string)>, dropped6: <one or more contacts in IPv6 compact format (string)>"),
         reference("BEP 11"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, p6, v6v, reaction=react("accept", learned=2, forgot=0, violations=[]))])

    # ------------------------------------------------------------ the m key
    case("bep11/handshake/m-ut-pex", "ut_pex is negotiated in the extended handshake's m; the message travels under the receiver's id",
         bep11("Protocol Extension", "added message negotiated in the handshake: { m: { ut_pex: <implementation-dependent local message ID (positive integer)> } }"),
         reference("BEP 11 with BEP 10's id rules"), ANACROLIX, PEXSPEC,
         preamble(ANACROLIX_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, one_a, one_a_value, reaction=react("accept", learned=1, violations=[]))])

    # ------------------------------------------------------------ security
    dupip = ["198.51.100.7:6881", "198.51.100.7:6882", "198.51.100.7:6883"]
    pd, vd = pex(added4=dupip)
    case("bep11/security/duplicate-ip-other-ports", "One IP under three ports: the reference receiver learns it once",
         bep11("Security Considerations", DUP_IP), reference("BEP 11"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, pd, vd, reaction=react("accept", learned=1, violations=["duplicate_ip"]))],
         hazard="Su et al. (IEEE ICC 2012): one IP under many ports draws many connection attempts to a victim.")
    batches = [numbered_peers(50, first=(198, 51, 100, 1 + 50 * n)) if n < 4 else numbered_peers(50, first=(203, 0, 113, 1)) for n in range(5)]
    msgs = []
    for n, batch in enumerate(batches):
        payload, value = pex(added4=batch)
        msgs.append(pex_to_b(PEXSPEC_C, 1 + 60 * n, payload, value, reaction=react("accept", learned=50 if n < 4 else 0, violations=[])))
    case("bep11/security/not-all-from-one-source", "Five messages of 50 new peers from one remote: the reference receiver keeps 200 from it",
         bep11("Security Considerations", DUP_IP), reference("BEP 11; the 200 of uTorrent (ut_pex notes, jbitor/issues#6)"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + msgs)
    bad = ["198.51.100.8:0", "0.0.0.0:6881", "224.0.0.1:6881"]
    pb, vb = pex(added4=bad + ["198.51.100.9:6881"])
    case("bep11/security/untrusted-addresses", "Port 0, 0.0.0.0 and a multicast address are not learned; a plain peer is",
         bep11("Security Considerations", UNTRUSTED), reference("BEP 11"), PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, pb, vb, reaction=react("accept", learned=1, violations=[]))])
    own, own_value = pex(added4=[A_ADDR, "198.51.100.9:6881"])
    scenario("bep11/security/own-address", "libtorrent lists the recipient itself; the reference receiver does not learn its own address",
             bep11("Security Considerations", UNTRUSTED), behaviour("arvidn/libtorrent#8042: libtorrent has no own-address filter"),
             {"a": node(PEXSPEC, A_ADDR), "b": node(LIBTORRENT, B_ADDR)}, [connection("ab", "a", "b")],
             opening("ab", PEXSPEC_C, LIBTORRENT_C) + [pex_on("ab", PEXSPEC_C, 1, own, own_value, direction="b_to_a", reaction=react("accept", learned=1))],
             hazard="libtorrent announces a peer to itself (arvidn/libtorrent#8042): a receiver without an own-address filter dials itself.")

    # ------------------------------------------------------------ BEP 27
    write_bep27()


PRIVATE = ("When a BitTorrent client obtains a metainfo file containing the \"private=1\" key-value pair, it MUST ONLY announce itself to the "
           "private tracker, and MUST ONLY initiate connections to peers returned from the private tracker.")


def without_pex(c, ext_payload, ext_json):
    """The same client with another extended handshake (its private-torrent one)."""
    return Client(c.peer, c.reserved, c.peer_id, ext_payload, ext_json, 0, c.handshake_json)


def write_bep27():
    lt_private = dict(LT_EXT_JSON)
    lt_private["m"] = {k: v for k, v in lt_private["m"].items() if k != "ut_pex"}
    lt_payload = benc(dict(LT_EXT, m={k: v for k, v in LT_EXT["m"].items() if k != "ut_pex"}))
    lt = without_pex(LIBTORRENT_C, lt_payload, lt_private)
    tr = without_pex(TRANSMISSION_C, benc({"e": 0, "m": {"ut_metadata": 3}, "metadata_size": 5226, "p": 51413, "reqq": 512, "upload_only": 0, "v": "Transmission 3.00"}),
                     {"e": 0, "m": {"ut_metadata": 3}, "metadata_size": 5226, "p": 51413, "reqq": 512, "upload_only": 0, "v": "Transmission 3.00"})
    ref = without_pex(PEXSPEC_C, benc({"m": {}, "v": "pexspec"}), {"m": {}, "v": "pexspec"})
    ana = without_pex(ANACROLIX_C, benc({"m": {"ut_metadata": 2}, "p": 42069, "reqq": 250, "v": "anacrolix/torrent"}),
                      {"m": {"ut_metadata": 2}, "p": 42069, "reqq": 250, "v": "anacrolix/torrent"})
    payload, value = pex(added4=["198.51.100.1:6881"])
    # A raw peer (the harness) sends ut_pex under id 1 anyway: the compliant receiver never assigned one.
    for receiver, c, reaction, title, src in [
        (LIBTORRENT, lt, react("disconnect", "unassigned_extension"), "libtorrent offers no ut_pex and disconnects on one", "src/ut_pex.cpp:602-608"),
        (TRANSMISSION, tr, react("ignore", "unassigned_extension"), "Transmission offers no ut_pex and skips one", "libtransmission/peer-msgs.cc:983-990"),
        (ANACROLIX, ana, react("disconnect", "unassigned_extension"), "anacrolix/torrent since PR #1053 offers no ut_pex and disconnects on one", "anacrolix/torrent PR #1053"),
        (PEXSPEC, ref, react("ignore", "unassigned_extension"), "the reference peer offers no ut_pex and skips one", "BEP 27"),
    ]:
        source_doc = client_doc(receiver["profile"]) if receiver is not PEXSPEC else BEP27
        scenario("bep27/private/%s" % receiver["profile"], "A private torrent: " + title,
                 spec(BEP27, "private torrents", PRIVATE), behaviour("%s; %s" % (source_doc, src)),
                 {"a": node(PEXSPEC), "b": node(receiver)}, [connection("ab", "a", "b")],
                 opening("ab", PEXSPEC_C, c) + [on("ab", msg("a_to_b", 1, "standard", ext(1, payload), "ut-pex", value, routes_to=None, reaction=reaction))],
                 private=True)
    old = peer("anacrolix/torrent", "before PR #1053", "anacrolix-before-1053")
    old_c = Client(old, ANACROLIX_C.reserved, ANACROLIX_C.peer_id, ANACROLIX_C.ext_payload, ANACROLIX_C.ext_json, ANACROLIX_C.ut_pex_id, ANACROLIX_C.handshake_json)
    scenario("bep27/private/anacrolix-before-1053", "A private torrent: anacrolix/torrent before PR #1053 offers ut_pex and takes PEX",
             spec(BEP27, "private torrents", PRIVATE), behaviour("anacrolix/torrent PR #1053 (May 2026) turned PEX off for private torrents"),
             {"a": node(PEXSPEC), "b": node(old)}, [connection("ab", "a", "b")],
             opening("ab", PEXSPEC_C, old_c) + [pex_on("ab", old_c, 1, payload, value, reaction=react("accept"))],
             hazard="anacrolix/torrent exchanged PEX on private torrents until PR #1053: it hands private swarms' peers to anyone.", private=True)
    scenario("bep27/private/aria2-metadata-fetch", "A private torrent fetched by magnet link: aria2 offers ut_pex and takes PEX before it knows the torrent is private",
             spec(BEP27, "private torrents", PRIVATE), behaviour(doc("a2") + ", src/PeerInteractionCommand.cc:232"),
             {"a": node(PEXSPEC), "b": node(ARIA2, fetching_metadata=True)}, [connection("ab", "a", "b")],
             opening("ab", PEXSPEC_C, ARIA2_C) + [pex_on("ab", ARIA2_C, 1, payload, value, reaction=react("accept"))],
             hazard="aria2 turns PEX on in magnet metadata-fetch mode before it can know the torrent is private.", private=True)
    scenario("bep27/public/reference-exchanges", "The same exchange on a public torrent: the reference peer offers ut_pex and learns the peer",
             spec(BEP27, "private torrents", "All other torrents are public torrents."), reference("BEP 27"),
             {"a": node(PEXSPEC), "b": node(PEXSPEC)}, [connection("ab", "a", "b")],
             opening("ab", PEXSPEC_C, PEXSPEC_C) + [pex_on("ab", PEXSPEC_C, 1, payload, value, reaction=react("accept", learned=1))])
