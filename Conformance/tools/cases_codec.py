"""The codec's own edges, found by differential runs against libtorrent and other decoders:
libtorrent's depth rule, a key repeated out of order, and the one-to-one JSON form of bencode."""
from casekit import *

LIBTORRENT_BDECODE = "libtorrent src/bdecode.cpp (arvidn/libtorrent at 005fa0cc0f00), bdecode()"
DECODE_CONTRACT = "pexspec decode contract (README.md, Kinds: bencode)"
HANDSHAKE = benc({"m": {"ut_pex": 1}})


def decode_case(id, title, document, section, requirement, source, payloads, hazard):
    """Both peers open with the extended handshake; then a sends each of `payloads`, a list of
    (payload, lenient, strict) extended handshakes, which BEP 10 allows to be sent again."""
    opening = [msg(d, 0, "standard", ext(0, HANDSHAKE), "ext-handshake", ok({"m": {"ut_pex": 1}}), routes_to="handshake")
               for d in ("a_to_b", "b_to_a")]
    sent = [msg("a_to_b", 1 + n, "standard", ext(0, payload), "ext-handshake", lenient, strict=strict, routes_to="handshake")
            for n, (payload, lenient, strict) in enumerate(payloads)]
    case(id, title, spec(document, section, requirement), behaviour(source), PEXSPEC, PEXSPEC, opening + sent, hazard=hazard)


def nested(levels):
    """The JSON of `levels` empty lists, one inside the other."""
    return [] if levels == 1 else [nested(levels - 1)]


def write():
    prefix = b"d1:md6:ut_pexi1ee1:x"
    deepest_ok = prefix + b"l" * 98 + b"e" * 98 + b"e"
    decode_case("bencode/limits/depth-99-accepted", "A dictionary holding lists 98 deep, 99 levels in all: the most libtorrent reads",
                LIBTORRENT_BDECODE, "bdecode(), depth_limit 100",
                "before every token, closing e included: depth_exceeded while depth_limit (100) containers are open",
                LIBTORRENT_BDECODE,
                [(deepest_ok, ok({"m": {"ut_pex": 1}, "extra": {"x": nested(98)}}), ok({"m": {"ut_pex": 1}, "extra": {"x": nested(98)}}))],
                "A decoder that allows less than 99 levels refuses what libtorrent reads.")
    too_deep = prefix + b"l" * 99 + b"e" * 99 + b"e"
    decode_case("bencode/limits/depth-100-at-closing-e", "100 levels: refused at the closing e of the innermost list, as libtorrent refuses it",
                LIBTORRENT_BDECODE, "bdecode(), depth_limit 100",
                "before every token, closing e included: depth_exceeded while depth_limit (100) containers are open",
                LIBTORRENT_BDECODE,
                [(too_deep, err("depth_exceeded", len(prefix) + 99), err("depth_exceeded", len(prefix) + 99))],
                "A decoder that checks the depth only when a container opens accepts 100 levels where libtorrent stops at the first e.")
    repeated = b"d1:md6:ut_pexi1ee1:pi6881e1:md6:ut_pexi2eee"
    second_m = repeated.index(b"1:m", 3)
    decode_case("bencode/hazard/duplicate-key-not-adjacent", "A key repeated after another key is a duplicate_key, not only unsorted",
                LIBTORRENT_BDECODE, "bdecode_node::dict_find", "a repeated key: lookups take the first entry",
                LIBTORRENT_BDECODE,
                [(repeated, ok({"m": {"ut_pex": 1}, "p": 6881}, warn("duplicate_key", second_m)), err("duplicate_key", second_m))],
                "libtorrent's dict_find takes the first m, a Go map the last: the two read different ids.")
    decode_case("bencode/json/string-hex-vs-key-hex", "A byte string that is not UTF-8 and a dictionary with a key hex print apart",
                DECODE_CONTRACT, "Kinds: bencode", "one-to-one: a key hex is written hex:686578, so {\"hex\": …} is only a byte string",
                DECODE_CONTRACT,
                [(b"d1:md6:ut_pexi1ee1:x1:\xffe", ok({"m": {"ut_pex": 1}, "extra": {"x": {"hex": "ff"}}}), ok({"m": {"ut_pex": 1}, "extra": {"x": {"hex": "ff"}}})),
                 (b"d1:md6:ut_pexi1ee1:xd3:hex2:ffee", ok({"m": {"ut_pex": 1}, "extra": {"x": {"hex:686578": "ff"}}}),
                  ok({"m": {"ut_pex": 1}, "extra": {"x": {"hex:686578": "ff"}}}))],
                "In the first JSON form both values printed {\"hex\": \"ff\"}.")
    decode_case("bencode/json/key-spelled-like-its-escape", "A key that is not UTF-8 and a key spelled like its escape print apart",
                DECODE_CONTRACT, "Kinds: bencode", "one-to-one: a key that starts with hex: is escaped itself",
                DECODE_CONTRACT,
                [(b"d6:hex:ffi1e1:md6:ut_pexi1ee1:\xffi2ee", ok({"m": {"ut_pex": 1}, "extra": {"hex:6865783a6666": 1, "hex:ff": 2}}),
                  ok({"m": {"ut_pex": 1}, "extra": {"hex:6865783a6666": 1, "hex:ff": 2}}))],
                "In the first JSON form both keys printed hex:ff: one member name twice.")
