"""One case (or more) for each client hazard not covered elsewhere: the receive rules (R), the
send rules (S), the extended handshake (H), each citing the client source, issue or paper it
was read from. docs/conformance.md lists every row with its cases."""
from casekit import *
from clients import *
from cases_bep11 import pex, opening, pex_on, timeline, without_pex


def frames_value(frame):
    """The frames kind's value for one extended message: its type, extended id and payload hex."""
    return ok([{"type": "extended", "extended_id": frame[5], "payload": frame[6:].hex()}])


BIGLYBT_C = Client(BIGLYBT, "8000000000100000", b"-BL3600-a8s7d6f5g4h3",
                   benc({"m": {"ut_metadata": 3, "ut_pex": 1}, "p": 6881, "v": "BiglyBT 3.6.0.0"}),
                   {"m": {"ut_metadata": 3, "ut_pex": 1}, "p": 6881, "v": "BiglyBT 3.6.0.0"},
                   1, {"protocol": "BitTorrent protocol", "reserved": "8000000000100000", "extensions": True, "dht": False, "fast": False,
                       "info_hash": INFO_HASH.hex(), "peer_id": "-BL3600-a8s7d6f5g4h3"})
WEBTORRENT_CLIENT_C = Client(WEBTORRENT_CLIENT, WEBTORRENT_C.reserved, WEBTORRENT_C.peer_id, WEBTORRENT_C.ext_payload, WEBTORRENT_C.ext_json,
                             WEBTORRENT_C.ut_pex_id, WEBTORRENT_C.handshake_json)
TRANSMISSION_MAIN = peer("Transmission", "main (Aug 2023 to Sep 2024)", "transmission-main-2024")
TRANSMISSION_MAIN_C = Client(TRANSMISSION_MAIN, TRANSMISSION_C.reserved, TRANSMISSION_C.peer_id, TRANSMISSION_C.ext_payload, TRANSMISSION_C.ext_json,
                             TRANSMISSION_C.ut_pex_id, TRANSMISSION_C.handshake_json)


def write():
    write_rtorrent_aria2()
    src = lambda key, place, requirement: spec(doc(key), place, requirement)  # noqa: E731

    # R1: libtorrent's cap is per connection and per family, over every message.
    forty_a, forty_b = numbered_peers(40), numbered_peers(40, first=(203, 0, 113, 1))
    p1, v1 = pex(added4=forty_a)
    p2, v2 = pex(added4=forty_b)
    case("ut_pex/caps/libtorrent-cumulative-40-then-40", "Two messages of 40 IPv4 peers: libtorrent keeps 40, then 10 (max_pex_peers is cumulative)",
         src("lt", "src/ut_pex.cpp:321,376; include/libtorrent/settings_pack.hpp:1620-1624", "max_pex_peers = 50 is cumulative per connection and per address family (m_peers, m_peers6), not per message"),
         behaviour("libtorrent's receive path, read from its source"), PEXSPEC, LIBTORRENT,
         preamble(PEXSPEC_C, LIBTORRENT_C) + [pex_to_b(LIBTORRENT_C, 1, p1, v1, reaction=react("accept", learned=40)),
                                              pex_to_b(LIBTORRENT_C, 61, p2, v2, reaction=react("accept", learned=10))],
         hazard="A sender that spreads peers over several messages to stay under 50 a message still meets libtorrent's cap of 50 per connection.")
    thirty4, thirty6 = numbered_peers(30), ["[2001:db8::%x]:6881" % (n + 1) for n in range(30)]
    p3, v3 = pex(added4=thirty4, added6=thirty6)
    case("ut_pex/caps/libtorrent-30v4-30v6", "30 IPv4 and 30 IPv6 peers in one message: libtorrent keeps all 60 (50 per family)",
         src("lt", "src/ut_pex.cpp:321,376", "max_pex_peers = 50 per address family: m_peers and m_peers6 are counted apart"),
         behaviour("libtorrent's receive path, read from its source"), PEXSPEC, LIBTORRENT,
         preamble(PEXSPEC_C, LIBTORRENT_C) + [pex_to_b(LIBTORRENT_C, 1, p3, v3, reaction=react("accept", learned=60))])

    # R3: anacrolix never forgets.
    x = "198.51.100.1:6881"
    px, vx = pex(added4=[x])
    pdx, vdx = pex(dropped4=[x])
    case("ut_pex/dropped/anacrolix", "A peer announced then dropped: anacrolix/torrent forgets nothing",
         src("ana", "pexconn.go:103-111,161-163", "dropped only updates an internal list of the remote's connections (remoteLiveConns); it never forgets a known peer"),
         behaviour("anacrolix/torrent's receive path, read from its source"), PEXSPEC, ANACROLIX,
         preamble(PEXSPEC_C, ANACROLIX_C) + [pex_to_b(ANACROLIX_C, 1, px, vx, reaction=react("accept")),
                                             pex_to_b(ANACROLIX_C, 70, pdx, vdx, reaction=react("accept", forgot=0))],
         hazard="anacrolix/torrent keeps dialling peers every other client has announced as gone.")

    # R4: anacrolix's torrent-wide cooldown (format 2).
    py, vy = pex(added4=["198.51.100.2:6881"])
    pz, vz = pex(added4=["198.51.100.3:6881"])
    scenario("ut_pex/cooldown/anacrolix-torrent-wide", "anacrolix/torrent takes b's PEX, then discards c's for 60 s, then takes c's again",
             src("ana", "pexconn.go:139-159; anacrolix/torrent#838", "after it accepts any message with peers, PEX from every connection of that torrent is discarded for 60 s"),
             behaviour("anacrolix/torrent's receive path, read from its source; times chosen"),
             {"x": node(ANACROLIX), "b": node(PEXSPEC), "c": node(PEXSPEC)}, [connection("bx", "b", "x"), connection("cx", "c", "x")],
             timeline(opening("bx", PEXSPEC_C, ANACROLIX_C) + opening("cx", PEXSPEC_C, ANACROLIX_C) + [
                 pex_on("bx", ANACROLIX_C, 1, px, vx, reaction=react("accept")),
                 pex_on("cx", ANACROLIX_C, 30, py, vy, reaction=react("ignore", "torrent_cooldown", learned=0)),
                 pex_on("cx", ANACROLIX_C, 100, pz, vz, reaction=react("accept"))]),
             hazard="Peers announced to anacrolix/torrent by a second connection within a minute of the first are lost.")

    # R5-R7: BiglyBT.
    msgs = [pex_to_b(BIGLYBT_C, 1 + 16 * n, *pex(added4=[numbered_peers(8)[n]]), reaction=react("accept") if n < 7 else react("disconnect", "flood")) for n in range(8)]
    case("ut_pex/flood/biglybt-8-in-120s", "Eight ut_pex messages 16 s apart: BiglyBT closes on the 8th within 120 s",
         src("bbt", "PEPeerTransportProtocol.java:5587-5590", "more than 7 PEX messages (AZ or ut_pex) per 120 s closes the connection"),
         behaviour("BiglyBT's receive path, read from its source; its handshake bytes illustrative"), PEXSPEC, BIGLYBT,
         preamble(PEXSPEC_C, BIGLYBT_C) + msgs,
         hazard="libtorrent allows 6 a minute, BiglyBT 7 in two minutes: a sender at libtorrent's limit is cut off by BiglyBT.")
    big = numbered_peers(501)
    pbig, vbig = pex(added4=big)
    case("ut_pex/caps/biglybt-501-ignored-whole", "A first ut_pex adding 501 peers: BiglyBT ignores the whole message",
         src("bbt", "UTPeerExchange.java:263-265; PEPeerTransportProtocol.java:5592-5607", "a ut_pex with > 500 added (first message) or > 250 (later) is ignored whole"),
         behaviour("BiglyBT's receive path, read from its source"), PEXSPEC, BIGLYBT,
         preamble(PEXSPEC_C, BIGLYBT_C) + [pex_to_b(BIGLYBT_C, 1, pbig, vbig, reaction=react("ignore", "too_many_peers"))],
         hazard="A first message of more than 500 peers (BEP 11 sets no limit on it) teaches BiglyBT nothing.")
    empty_az = az("AZ_PEER_EXCHANGE", benc({"infohash": INFO_HASH}))
    case("az/pex/biglybt-empty-disconnects", "An AZ_PEER_EXCHANGE with no added and no dropped: BiglyBT closes the connection",
         src("bbt", "AZPeerExchange.java:220; AZMessageDecoder.java:337-347", "an AZ_PEER_EXCHANGE with no added and no dropped throws, and the connection is closed (\"AZ message decode failed\")"),
         behaviour("BiglyBT's AZ decoder, read from its source"), AZUREUS, BIGLYBT,
         [msg("a_to_b", 0, "azureus", empty_az, "az-pex", ok({"infohash": INFO_HASH.hex(), "added": [], "dropped": []}, warn("empty_peer_exchange", 0)), reaction=react("disconnect", "empty_peer_exchange"))],
         hazard="An empty AZ_PEER_EXCHANGE, harmless elsewhere, ends a BiglyBT connection.")

    # R10: Transmission reads added6 but neither dropped list (the rtorrent half needs its profile's rule).
    p6, v6 = pex(added6=["[2001:db8::1]:6881"])
    pd6, vd6 = pex(dropped6=["[2001:db8::1]:6881"])
    case("ut_pex/dropped/transmission-dropped6", "Transmission reads added6 but not dropped6: the dropped IPv6 peer stays known",
         src("tr", "libtransmission/peer-msgs.cc:1004-1027", "Transmission reads added6 but neither dropped list"),
         behaviour("Transmission's receive path, read from its source"), PEXSPEC, TRANSMISSION,
         preamble(PEXSPEC_C, TRANSMISSION_C) + [pex_to_b(TRANSMISSION_C, 1, p6, v6, reaction=react("accept", learned=1)),
                                                pex_to_b(TRANSMISSION_C, 91, pd6, vd6, reaction=react("accept", learned=0, forgot=0))],
         hazard="Transmission never reads dropped6 (nor dropped): gone IPv6 peers stay in its lists.")

    # R12: webtorrent's dropped evicts any candidate (format 2).
    cand = "198.51.100.77:6881"
    pc, vc = pex(added4=[cand])
    pdc, vdc = pex(dropped4=[cand])
    scenario("ut_pex/dropped/webtorrent-evicts-others-candidates", "c drops a peer only b announced: webtorrent forgets it anyway",
             spec(doc("wt"), "index.js:158-176; webtorrent/webtorrent lib/torrent.js:1363-1371", "a dropped entry for a peer this sender never added still removes that peer from the queue when it is not connected"),
             behaviour("webtorrent's ut_pex module and client, read from their source"),
             {"w": node(WEBTORRENT), "b": node(PEXSPEC), "c": node(PEXSPEC)}, [connection("bw", "b", "w"), connection("cw", "c", "w")],
             timeline(opening("bw", PEXSPEC_C, WEBTORRENT_C) + opening("cw", PEXSPEC_C, WEBTORRENT_C) + [
                 pex_on("bw", WEBTORRENT_C, 1, pc, vc, reaction=react("accept", learned=1)),
                 pex_on("cw", WEBTORRENT_C, 2, pdc, vdc, reaction=react("accept", learned=0, forgot=1))]),
             hazard="Any peer can evict the tracker and DHT candidates of a webtorrent peer by naming them in dropped.")

    # R14: port 0.
    ports = ["198.51.100.1:0", "198.51.100.2:1", "198.51.100.3:65535", "198.51.100.4:6881"]
    pp, vp = pex(added4=ports)
    for receiver, c, learned, place, requirement in [
        (LIBTORRENT, LIBTORRENT_C, 2, "src/peer_list.cpp:1203", "libtorrent rejects ports 0 and 1"),
        (TRANSMISSION, TRANSMISSION_C, 3, "libtransmission/net.cc:556", "Transmission rejects port 0"),
        (WEBTORRENT_CLIENT, WEBTORRENT_CLIENT_C, 2, "lib/torrent.js:2192", "the webtorrent client rejects 0 and 65535 (port < 65535)"),
    ]:
        case("ut_pex/ports/%s" % receiver["profile"], "Peers on ports 0, 1, 65535 and 6881: %s learns %d" % (receiver["client"], learned),
             spec(client_doc(receiver["profile"]), place, requirement), behaviour("the receiver's source"), PEXSPEC, receiver,
             preamble(PEXSPEC_C, c) + [pex_to_b(c, 1, pp, vp, reaction=react("accept", learned=learned))],
             hazard="Port 0, 1 and 65535 are accepted by some clients and refused by others.")

    # R15: invalid addresses.
    v4 = ["0.1.2.3:6881", "127.0.0.5:6881", "224.0.0.1:6881", "198.51.100.10:6881"]
    # A v4-mapped IPv6 peer (Transmission drops it too) is left out: its text form is changing to RFC 5952 section 5's.
    v6a = ["[::]:6881", "[fe80::1]:6881", "[ff02::1]:6881", "[2001:db8::10]:6881"]
    pa, va = pex(added4=v4, added6=v6a)
    for receiver, c, learned, place, requirement in [
        (TRANSMISSION, TRANSMISSION_C, 2, "libtransmission/net.cc:283-289,552-558", "Transmission drops 0/8, ::, loopback, IPv4 and IPv6 multicast, IPv6 link-local and v4-mapped IPv6 from PEX"),
        (LIBTORRENT, LIBTORRENT_C, 4, "src/peer_list.cpp:1203-1209; src/ut_pex.cpp:325,375", "libtorrent drops unspecified and IPv6 link-local addresses, and local addresses unless the sender is local"),
    ]:
        case("ut_pex/addresses/%s" % receiver["profile"], "Eight addresses of every kind: %s learns %d" % (receiver["client"], learned),
             spec(client_doc(receiver["profile"]), place, requirement), behaviour("the receiver's source; the sender is taken to be a public peer"), PEXSPEC, receiver,
             preamble(PEXSPEC_C, c) + [pex_to_b(c, 1, pa, va, reaction=react("accept", learned=learned))],
             hazard="Which addresses a PEX peer may announce differs per client: Transmission keeps 2 of these 8, libtorrent 4 (multicast included).")

    # R17: flag 0x10.
    pr, vr = pex(added4=["198.51.100.1:6881", "198.51.100.2:6881"], flags=[0x10, 0x00])
    case("ut_pex/flags/transmission-main-2024-requires-0x10", "Transmission's main branch (Aug 2023 to Sep 2024) drops a PEX peer without 0x10; libtorrent never sets it",
         spec(doc("tr"), "transmission/transmission#6917", "0x10 (\"outgoing connection, peer is reachable\" in BEP 11): Transmission's main branch dropped PEX peers lacking it; libtorrent never sets it (src/ut_pex.cpp:147-157)"),
         behaviour("transmission/transmission#6917"), PEXSPEC, TRANSMISSION_MAIN,
         preamble(PEXSPEC_C, TRANSMISSION_MAIN_C) + [pex_to_b(TRANSMISSION_MAIN_C, 1, pr, vr, reaction=react("accept", learned=1))],
         hazard="libtorrent never sets 0x10, so Transmission's main branch of 2023-2024 learned nothing from libtorrent's PEX.")

    # R18: privileged ports are dialled by libtorrent.
    pv, vv = pex(added4=["198.51.100.1:22", "198.51.100.2:80"])
    case("ut_pex/ddos/libtorrent-privileged-ports", "PEX peers on ports 22 and 80: libtorrent learns both (no_connect_privileged_ports is false)",
         spec(doc("su2012"), "PEX-driven DDoS", "BEP 11 says not to take all candidates from one PEX source; libtorrent DHT-pings every PEX-learned peer (torrent.cpp:11732); no_connect_privileged_ports defaults to false (settings_pack.cpp:179)"),
         behaviour("libtorrent at 069017e, src/torrent.cpp:11732, src/settings_pack.cpp:179"), PEXSPEC, LIBTORRENT,
         preamble(PEXSPEC_C, LIBTORRENT_C) + [pex_to_b(LIBTORRENT_C, 1, pv, vv, reaction=react("accept", learned=2))],
         hazard="A PEX peer can point libtorrent at any service port of a victim (Su et al., IEEE ICC 2012).")

    # S1: Transmission 3.00/4.0 send nothing when nothing changed.
    p_a, v_a = pex(added4=["198.51.100.1:6881"])
    p_b, v_b = pex(added4=["198.51.100.2:6881"], dropped4=["198.51.100.1:6881"])
    case("ut_pex/send/transmission-3.00-nothing-when-unchanged", "Transmission 3.00 sends its peers, then only a change: never an empty message",
         spec(doc("tr"), "libtransmission/peer-msgs.cc:1074-1117; transmission/transmission PR #5793", "4.0.x and 3.00 send nothing when nothing changed"),
         behaviour("Transmission's send path; the replay checks every message against the sender's profile"), TRANSMISSION, PEXSPEC,
         preamble(TRANSMISSION_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 1, p_a, v_a, reaction=react("accept", learned=1)),
                                                pex_to_b(PEXSPEC_C, 91, p_b, v_b, reaction=react("accept", learned=1, forgot=1))])
    # S2: the webtorrent client sends no PEX.
    case("ut_pex/send/webtorrent-client-sends-none", "The webtorrent client opens a connection and offers ut_pex, but never starts the module: no ut_pex follows",
         spec(doc("wtc"), "lib/torrent.js:1349-1375; webtorrent/webtorrent#2919", "The webtorrent client never starts its PEX module, so it sends no PEX at all"),
         behaviour("the webtorrent client's source; the replay rejects a ut_pex from this profile"), WEBTORRENT_CLIENT, PEXSPEC,
         preamble(WEBTORRENT_CLIENT_C, PEXSPEC_C))
    # S3: a re-sent extended handshake draws an extra PEX.
    first, first_v = pex(added4=["198.51.100.1:6881"])
    again, again_v = pex(added4=["198.51.100.1:6881"])
    resend = ext(0, WEBTORRENT_C.ext_payload)
    case("ut_pex/send/transmission-pex-after-every-handshake", "webtorrent re-sends its extended handshake at 30 s; Transmission answers with a ut_pex at once, and webtorrent destroys the wire",
         spec(doc("tr"), "libtransmission/peer-msgs.cc:958-965; anacrolix/torrent peerconn.go:1134, pexconn.go:40-60", "Transmission and anacrolix send a ut_pex at once after every extended handshake they receive"),
         behaviour("Transmission's send path; webtorrent's flood rule"), WEBTORRENT, TRANSMISSION,
         preamble(WEBTORRENT_C, TRANSMISSION_C) + [
             msg("b_to_a", 0.2, "standard", ext(WEBTORRENT_C.ut_pex_id, first), "ut-pex", first_v, routes_to="ut_pex", reaction=react("accept", learned=1)),
             msg("a_to_b", 30, "standard", resend, "ext-handshake", ok(WEBTORRENT_C.ext_json), routes_to="handshake", reaction=react("accept")),
             msg("b_to_a", 30.01, "standard", ext(WEBTORRENT_C.ut_pex_id, again), "ut-pex", again_v, routes_to="ut_pex", reaction=react("disconnect", "flood"))],
         hazard="A peer that re-sends its extended handshake draws PEX that trips its own 45 s or 60 s flood rule.")
    # S4: libtorrent 1.2.0-1.2.10 shifted flags in follow-up messages.
    shifted_f = benc({"added": compact("198.51.100.5:6881"), "added.f": b"\x02", "added6": b"", "added6.f": b"", "dropped": b"", "dropped6": b""})
    case("ut_pex/flags/libtorrent-1.2-shifted", "libtorrent 1.2.0-1.2.10 writes an encrypting peer as 0x02 in its follow-up messages: receivers read seed",
         spec(doc("lt"), "tag libtorrent_1_2_0 include/libtorrent/pex_flags.hpp:44-47; arvidn/libtorrent PR #5207", "libtorrent 1.2.0-1.2.10 sent flag bits shifted by one (encryption 0x02 ... holepunch 0x10) in its follow-up messages; fixed in 1.2.11"),
         behaviour("libtorrent 1.2.x's send path"), peer("libtorrent-rasterbar", "1.2.5", "libtorrent-2.0"), PEXSPEC,
         preamble(LIBTORRENT_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 61, shifted_f, ok(pex_value([added("198.51.100.5:6881", 2)])), reaction=react("accept", learned=1))],
         hazard="Flags from libtorrent 1.2.0-1.2.10 are off by one bit after the first message: a receiver cannot trust them.")
    # S6: rtorrent host-byte-order ports.
    swapped = benc({"added": bytes([198, 51, 100, 1]) + (6881).to_bytes(2, "little"), "dropped": b""})
    case("ut_pex/ports/rtorrent-host-byte-order", "rtorrent before libtorrent-rakshasa 0.13.7 wrote ports in host byte order: 6881 arrives as 57626",
         spec(doc("rak"), "commit c97b462e; rakshasa/libtorrent PR #590", "rtorrent sent ports in host byte order until libtorrent-rakshasa 0.13.7"),
         behaviour("libtorrent-rakshasa's send path before 0.13.7"), peer("rtorrent", "0.9.2 (libtorrent-rakshasa 0.13.2)", "rtorrent-0.9.8"), PEXSPEC,
         preamble(RTORRENT_C, PEXSPEC_C) + [pex_to_b(PEXSPEC_C, 120, swapped, ok(pex_value([added("198.51.100.1:57626", 0)]), warn("flags_length_mismatch", value_offset(swapped, "added"))),
                                                    reaction=react("accept", learned=1))],
         hazard="Peers from old rtorrent arrive on a byte-swapped port: every connection attempt to them fails.")
    # S7: rtorrent's 120 s interval.
    r1 = benc({"added": compact("198.51.100.1:6881"), "dropped": b""})
    r2 = benc({"added": compact("198.51.100.2:6881"), "dropped": b""})
    rv = lambda p: ok(pex_value([added(p, 0)]), warn("flags_length_mismatch", 8))  # noqa: E731
    case("ut_pex/interval/rtorrent-120s-to-anacrolix", "rtorrent's PEX every 120 s passes anacrolix/torrent's 45 s rule",
         spec(LOOPBACK, "rtorrent 0.9.8", "rtorrent's PEX interval is 120 s, not 60"), behaviour("observed on loopback with pexspec probe"), RTORRENT, ANACROLIX,
         preamble(RTORRENT_C, ANACROLIX_C) + [pex_to_b(ANACROLIX_C, 100, r1, rv("198.51.100.1:6881"), reaction=react("accept")),
                                              pex_to_b(ANACROLIX_C, 220, r2, rv("198.51.100.2:6881"), reaction=react("accept"))])

    # H1: libtorrent's m is not additive.
    bep21 = benc({"m": {"ut_metadata": 3}, "upload_only": 1})
    for receiver, c, last in [(LIBTORRENT, LIBTORRENT_C, react("disconnect", "pex_not_advertised")), (PEXSPEC, PEXSPEC_C, react("accept", learned=1))]:
        case("bep10/m/readvertise-without-ut-pex-%s" % receiver["profile"],
             "A re-sent extended handshake leaves ut_pex out (BEP 21's upload_only one): %s" % ("libtorrent removes ut_pex and disconnects on the next one" if receiver is LIBTORRENT else "m is additive, ut_pex stays on"),
             spec(doc("lt") if receiver is LIBTORRENT else BEP10, "src/bt_peer_connection.cpp:2037-2044,1999; src/ut_pex.cpp:228-239" if receiver is LIBTORRENT else "extension header",
                  "libtorrent's m is not additive: a re-sent extended handshake that leaves ut_pex out removes its ut_pex handler, and later ut_pex messages draw an invalid_message disconnect" if receiver is LIBTORRENT else "the m dictionary is additive: a re-sent handshake lists only changes"),
             behaviour("the receiver's source; the re-sent handshake is BEP 21's example"), PEXSPEC, receiver,
             preamble(PEXSPEC_C, c) + [msg("a_to_b", 10, "standard", ext(0, bep21), "ext-handshake", ok({"m": {"ut_metadata": 3}, "upload_only": 1}), routes_to="handshake", reaction=react("accept")),
                                       pex_to_b(c, 61, *pex(added4=["198.51.100.1:6881"]), reaction=last)],
             hazard="BEP 10 makes m additive; libtorrent replaces it, so a BEP 21 upload_only re-handshake switches its PEX off.")
    # H2: m id 0 — aria2 keeps sending under the old id.
    off = benc({"m": {"ut_pex": 0}})
    case("bep10/m/disable-ignored-by-aria2", "pexspec disables ut_pex with id 0; aria2 keeps sending ut_pex under the old id, which now routes nowhere",
         spec(doc("a2"), "src/HandshakeExtensionMessage.cc:105", "m id 0: aria2 applies only non-zero ids (0 does not disable)"),
         behaviour("aria2's extended-handshake reader; anacrolix does the same (pexconn.go:41-44)"), PEXSPEC, ARIA2,
         preamble(PEXSPEC_C, ARIA2_C) + [msg("a_to_b", 5, "standard", ext(0, off), "ext-handshake", ok({"m": {"ut_pex": 0}}), routes_to="handshake"),
                                         msg("b_to_a", 60, "standard", ext(PEXSPEC_C.ut_pex_id, px), "ut-pex", vx, routes_to=None, reaction=react("ignore", "unassigned_extension"))],
         hazard="A peer that turns ut_pex off with 0 keeps receiving it from aria2 and anacrolix/torrent.")
    # H3: an id the receiver never assigned.
    for receiver, c, r, place in [(LIBTORRENT, LIBTORRENT_C, react("disconnect", "unassigned_extension"), "src/bt_peer_connection.cpp:1999"),
                                  (TRANSMISSION, TRANSMISSION_C, react("ignore", "unassigned_extension"), "libtransmission/peer-msgs.cc:977"),
                                  (ANACROLIX, ANACROLIX_C, react("disconnect", "unassigned_extension"), "ltep.go:44-46")]:
        case("bep10/m/unassigned-id-%s" % receiver["profile"], "An extended message under id 42, which the receiver never assigned: %s %s" % (receiver["client"], "disconnects" if r["kind"] == "disconnect" else "skips it"),
             spec(client_doc(receiver["profile"]), place, "An extended id the receiver never assigned: libtorrent, aria2, anacrolix and rtorrent disconnect; Transmission skips the message"),
             behaviour("the receiver's source"), PEXSPEC, receiver,
             preamble(PEXSPEC_C, c) + [msg("a_to_b", 1, "standard", ext(42, px), "frames", frames_value(ext(42, px)), routes_to=None, reaction=r)],
             hazard="An extension a receiver does not know ends the connection with libtorrent, aria2, anacrolix and rtorrent; Transmission skips it.")
    # H4-H7: extended handshake values (as frames, so the bytes are all that is compared).
    for name, payload, title, key, place, requirement in [
        ("yourip-v4-mapped", benc({"m": {"ut_pex": 1}, "yourip": bytes(10) + b"\xff\xff" + bytes([127, 0, 0, 2])}), "yourip as a v4-mapped IPv6 address: libtorrent unwraps it to IPv4", "lt", "src/bt_peer_connection.cpp:2108", "yourip v4-mapped IPv6: libtorrent unwraps it to IPv4"),
        ("reqq-negative", benc({"m": {"ut_pex": 1}, "reqq": -1}), "reqq -1: libtorrent uses reqq only if > 0, anacrolix if != 0 (negatives accepted), rtorrent stores it in a uint32", "lt", "src/bt_peer_connection.cpp:2081; anacrolix peerconn.go:1106; rakshasa extensions.cc:294", "reqq: libtorrent uses it only if > 0, anacrolix if != 0 (negatives accepted), rtorrent stores it in a uint32"),
        ("metadata-size-2-40", benc({"m": {"ut_metadata": 2, "ut_pex": 1}, "metadata_size": 1 << 40}), "metadata_size 2^40: anacrolix compares uint32(size), 0, with 16 MiB and passes", "ana", "torrent.go:693-699", "anacrolix compares uint32(size) with 16 MiB, so 2^40 truncates to 0 and passes before it allocates size bytes"),
        ("v-not-utf8", benc({"m": {"ut_pex": 1}, "v": b"\xff\xfeTorrent"}), "A v that is not UTF-8: Transmission 4.1 betas crashed on it; libtorrent sanitises it", "tr", "transmission/transmission#7667, #8809; arvidn/libtorrent PR #6260", "v not UTF-8: Transmission 4.1 betas crashed on it (tr#7667) and wrote invalid RPC JSON that crashed a remote GUI; libtorrent sanitises it"),
    ]:
        frame = ext(0, payload)
        case("bep10/values/%s" % name, title, spec(doc(key), place, requirement), behaviour("the client's extended-handshake reader"), PEXSPEC, LIBTORRENT,
             [msg("a_to_b", 0, "standard", frame, "frames", frames_value(frame), reaction=react("accept"))],
             hazard=requirement + ".")


def write_rtorrent_aria2():
    """R8-R11 and H1/H3 for rtorrent and aria2."""
    x = "198.51.100.1:6881"
    px, vx = pex(added4=[x])
    # R8: an extension message over 32 KiB.
    big = (2 + 40000).to_bytes(4, "big") + bytes([20, RTORRENT_C.ut_pex_id]) + b"d5:added39990:" + compact(x)
    case("ut_pex/caps/rtorrent-32kib-extension", "A 40,000-byte ut_pex message: rtorrent disconnects (its extension cap is 32 KiB)",
         spec(doc("rak"), "src/protocol/extensions.cc:198,220 (v0.13.8)", "an extension message over 32 KiB (1<<15) [...] is a communication_error (disconnect)"),
         behaviour("libtorrent-rakshasa's extension reader; the frame is cut after its first bytes"), PEXSPEC, RTORRENT,
         preamble(PEXSPEC_C, RTORRENT_C) + [msg("a_to_b", 1, "standard", big, "frames", err("unexpected_eof", len(big)), routes_to="ut_pex",
                                                reaction=react("disconnect", "oversized"))],
         hazard="rtorrent disconnects on extension messages over 32 KiB; libtorrent takes PEX up to 500 KiB.")
    # R9: m.ut_pex = 0 beyond 8 connections, so a ut_pex to it routes nowhere.
    rt9 = without_pex(RTORRENT_C, benc({"e": 0, "m": {"ut_metadata": 2, "ut_pex": 0}, "metadata_size": 5226, "p": 6890, "reqq": 2048, "v": "rTorrent 0.9.8/0.13.8"}),
                      {"e": 0, "m": {"ut_metadata": 2, "ut_pex": 0}, "metadata_size": 5226, "p": 6890, "reqq": 2048, "v": "rTorrent 0.9.8/0.13.8"})
    case("ut_pex/caps/rtorrent-ninth-connection", "rtorrent's 9th connection of a torrent gets m.ut_pex = 0; a ut_pex sent anyway draws a disconnect",
         spec(LOOPBACK, "rtorrent 0.9.8", "rtorrent enables ut_pex on at most 8 connections per torrent (max_size_pex); others get m.ut_pex = 0 in its extended handshake"),
         behaviour("observed on loopback with pexspec probe; the disconnect from libtorrent-rakshasa extensions.cc:198"), PEXSPEC, RTORRENT,
         preamble(PEXSPEC_C, rt9) + [msg("a_to_b", 1, "standard", ext(1, px), "ut-pex", vx, routes_to=None, reaction=react("disconnect", "unassigned_extension"))],
         hazard="A client that sends PEX to every peer loses its 9th and later rtorrent connections.")
    # R10: rtorrent reads only added.
    pd, vd = pex(dropped4=[x])
    case("ut_pex/dropped/rtorrent", "rtorrent reads only added: a dropped peer stays known",
         spec(doc("rak"), "src/protocol/extensions.cc:312-316", "rtorrent reads only added (not added6, dropped, flags)"),
         behaviour("libtorrent-rakshasa's PEX reader"), PEXSPEC, RTORRENT,
         preamble(PEXSPEC_C, RTORRENT_C) + [pex_to_b(RTORRENT_C, 1, px, vx, reaction=react("accept")),
                                            pex_to_b(RTORRENT_C, 130, pd, vd, reaction=react("accept", forgot=0))],
         hazard="rtorrent never reads dropped: peers announced as gone stay among its candidates.")
    # R11: aria2 dials the peers of dropped.
    case("ut_pex/dropped/aria2-dials-dropped", "aria2 takes a dropped list and adds its peers to its candidates",
         spec(doc("a2"), "src/UTPexExtensionMessage.cc:128-132", "aria2 adds the peers of dropped to its peer storage as connection candidates (it dials them)"),
         behaviour("aria2's PEX reader"), PEXSPEC, ARIA2,
         preamble(PEXSPEC_C, ARIA2_C) + [pex_to_b(ARIA2_C, 1, pd, vd, reaction=react("accept"))],
         hazard="Every peer another client reports as gone is dialled by aria2: dropped lists become a way to point aria2 at any address.")
    # H1 (rtorrent) and H3 (aria2, rtorrent).
    later = benc({"m": {"ut_metadata": 3, "ut_pex": 1}})
    first_no_pex = benc({"m": {"ut_metadata": 3}, "v": "pexspec"})
    pexspec_late = without_pex(PEXSPEC_C, first_no_pex, {"m": {"ut_metadata": 3}, "v": "pexspec"})
    case("bep10/m/rtorrent-first-handshake-fixes-extensions", "pexspec's first handshake omits ut_pex and a later one adds it: rtorrent keeps ut_pex off",
         spec(doc("rak"), "src/protocol/extensions.cc:283", "rtorrent disables every extension its first handshake omits"),
         behaviour("libtorrent-rakshasa's extended-handshake reader"), PEXSPEC, RTORRENT,
         preamble(pexspec_late, RTORRENT_C) + [msg("a_to_b", 10, "standard", ext(0, later), "ext-handshake", ok({"m": {"ut_metadata": 3, "ut_pex": 1}}), routes_to="handshake", reaction=react("accept"),
                                                   note="rtorrent sends no ut_pex on this connection: the replay rejects one from this profile (the remote's first handshake left ut_pex out)")],
         hazard="BEP 10 lets a later handshake turn an extension on; rtorrent ignores it, so a peer that enables ut_pex late never gets rtorrent's PEX.")
    for receiver, c, place in [(ARIA2, ARIA2_C, "src/DefaultExtensionMessageFactory.cc:96-100"), (RTORRENT, RTORRENT_C, "src/protocol/extensions.cc:198")]:
        case("bep10/m/unassigned-id-%s" % receiver["profile"], "An extended message under id 42, which the receiver never assigned: %s disconnects" % receiver["client"],
             spec(client_doc(receiver["profile"]), place, "An extended id the receiver never assigned: libtorrent, aria2, anacrolix and rtorrent disconnect; Transmission skips the message"),
             behaviour("the receiver's source"), PEXSPEC, receiver,
             preamble(PEXSPEC_C, c) + [msg("a_to_b", 1, "standard", ext(42, px), "frames", frames_value(ext(42, px)), routes_to=None, reaction=react("disconnect", "unassigned_extension"))],
             hazard="An extension a receiver does not know ends the connection with libtorrent, aria2, anacrolix and rtorrent; Transmission skips it.")
