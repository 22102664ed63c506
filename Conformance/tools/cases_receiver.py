"""Cases that tell a correct decoder and receive path from planted bugs (docs/implementations.md,
"Mutation score"): each one holds a rule no earlier case checked where a broken implementation
would show it (a keep-alive frame, an out-of-range `p`, text and binary byte strings, and the
reference receiver's flood, dropped and empty-list rules)."""
from casekit import *
from clients import *

HANDSHAKE = msg("a_to_b", 0, "handshake", PEXSPEC_C.handshake, "handshake", ok(PEXSPEC_C.handshake_json))
RECOMMENDED = "pexspec reference receiver rules (docs/conformance.md, Profiles)"


def write():
    # ---------------------------------------------------------------- frames
    keep_alive = b"\x00\x00\x00\x00"
    case("bep10/framing/keep-alive",
         "A zero-length frame is a keep-alive: the framer yields each one after the handshake",
         spec(BEP3, "peer messages", "Messages of length zero are keepalives, and ignored."),
         reference("BEP 3, peer messages: the zero-length keep-alive"),
         PEXSPEC, PEXSPEC,
         [HANDSHAKE,
          msg("a_to_b", 1, "standard", keep_alive, "frames", ok([{"type": "keep_alive"}]), strict=ok([{"type": "keep_alive"}])),
          msg("a_to_b", 2, "standard", keep_alive, "frames", ok([{"type": "keep_alive"}]))])

    # ---------------------------------------------------------------- extended handshake p
    payload = b"d1:md6:ut_pexi1ee1:pi70000ee"
    offset = value_offset(payload, "p")
    case("bep10/handshake/port-out-of-range",
         "p of 70000 is no TCP port: lenient decoding drops it with port_out_of_range, strict decoding rejects it",
         spec(BEP10, "handshake message", "p: Local TCP listen port. Allows each side to learn about the TCP port number of the other side."),
         reference("BEP 10, handshake message, key p"),
         PEXSPEC, PEXSPEC,
         [HANDSHAKE,
          msg("a_to_b", 1, "standard", ext(0, payload), "ext-handshake", ok({"m": {"ut_pex": 1}}, warn("port_out_of_range", offset)),
              strict=err("port_out_of_range", offset), routes_to="handshake")])

    # ---------------------------------------------------------------- bencode byte strings
    payload = benc({"msg_type": 1, "piece": 0, "total_size": 3, "v": "µTorrent 3", "x": b"\xff\xfe\x00"})
    case("bencode/strings/text-and-binary",
         "A byte string that is UTF-8 decodes as text, one that is not as hex (the bencode kind's JSON form)",
         spec(BEP3, "bencoding", "Strings are length-prefixed base ten followed by a colon and the string. "
              "For example 4:spam corresponds to 'spam'."),
         reference("BEP 3, bencoding: byte strings"),
         PEXSPEC, PEXSPEC,
         [msg("a_to_b", 1, "standard", ext(3, payload), "bencode",
              ok({"msg_type": 1, "piece": 0, "total_size": 3, "v": "µTorrent 3", "x": {"hex": "fffe00"}}),
              strict=ok({"msg_type": 1, "piece": 0, "total_size": 3, "v": "µTorrent 3", "x": {"hex": "fffe00"}}))])

    # ---------------------------------------------------------------- the reference receiver
    def pex(t, payload, expect, reaction):
        return pex_to_b(PEXSPEC_C, t, payload, expect, reaction=reaction)

    peers = numbered_peers(7)
    messages = [pex(1 + n * 0.5, benc({"added": compact(p), "added.f": b"\x00"}), ok(pex_value([added(p, 0)])),
                    react("accept", learned=1) if n < 6 else react("disconnect", "flood"))
                for n, p in enumerate(peers)]
    case("ut_pex/reference/flood-7th-within-60s",
         "Seven ut_pex messages within four seconds: the reference receiver takes six and disconnects on the 7th",
         spec(BEP11, "ut_pex", "Clients must batch updates to send no more than 1 PEX message per minute."),
         behaviour(RECOMMENDED + ": libtorrent's rule, 7 messages within 60 s"),
         PEXSPEC, PEXSPEC, preamble(PEXSPEC_C, PEXSPEC_C) + messages)

    peer = "198.51.100.1:6881"
    case("ut_pex/reference/dropped-forgets",
         "A peer added, then dropped a minute later: the reference receiver learns it, then forgets it",
         spec(BEP11, "ut_pex", "A peer must only be included in an ``added`` field once a connection is successfully established and "
              "included in the ``dropped`` field once it is disconnected."),
         behaviour(RECOMMENDED + ": a dropped peer is forgotten"),
         PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [
             pex(1, benc({"added": compact(peer), "added.f": b"\x01"}), ok(pex_value([added(peer, 1)])), react("accept", learned=1)),
             pex(62, benc({"dropped": compact(peer)}), ok(pex_value(dropped4=[dropped(peer)])), react("accept", learned=0, forgot=1)),
         ])

    case("ut_pex/reference/empty-lists-accepted",
         "A message whose only key is an empty added: the reference receiver stays connected",
         spec(BEP11, "ut_pex", "Messages must contain at least one of the following fields: ``added, added6, dropped, dropped6``."),
         behaviour(RECOMMENDED + ": an empty message is accepted"),
         PEXSPEC, PEXSPEC,
         preamble(PEXSPEC_C, PEXSPEC_C) + [
             pex(1, b"d5:added0:e", ok(pex_value()), react("accept", learned=0)),
         ])
