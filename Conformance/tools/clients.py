"""The peers of the cases: what each client sends to open a connection, and what it decodes to.

Reserved bytes and extended-handshake keys are the ones pexspec probe observed on loopback (docs/probe.md); values the table does not give (version strings, metadata_size, ports) are
illustrative and said so in each case's provenance. Expected JSON is typed by hand.
"""
from casekit import *


class Client:
    def __init__(self, peer, reserved, peer_id, ext_payload, ext_json, ut_pex_id, handshake_json):
        self.peer = peer
        self.reserved = reserved
        self.peer_id = peer_id
        self.ext_payload = ext_payload
        self.ext_json = ext_json
        self.ut_pex_id = ut_pex_id
        self.handshake_json = handshake_json

    @property
    def handshake(self):
        return handshake(self.reserved, INFO_HASH, self.peer_id)


def _hs(reserved, peer_id, dht, fast):
    return {
        "protocol": "BitTorrent protocol",
        "reserved": reserved,
        "extensions": True,
        "dht": dht,
        "fast": fast,
        "info_hash": INFO_HASH.hex(),
        "peer_id": peer_id.decode(),
    }


LT_EXT = _lt_ext = {
    "complete_ago": -1,
    "m": {"lt_donthave": 7, "share_mode": 8, "upload_only": 3, "ut_holepunch": 4, "ut_metadata": 2, "ut_pex": 1},
    "metadata_size": 5226,
    "reqq": 2000,
    "upload_only": 0,
    "v": "libtorrent/2.0.8.0",
    "yourip": b"\x7f\x00\x00\x02",
}
# The same handshake as a transcript's decoded JSON shows it: `yourip` as text.
LT_EXT_JSON = dict(_lt_ext, yourip="127.0.0.2")
LIBTORRENT_C = Client(
    LIBTORRENT, "0000000000100005", b"-LT2080-k3vq1n9xw0ab", benc(_lt_ext), LT_EXT_JSON,
    1, _hs("0000000000100005", b"-LT2080-k3vq1n9xw0ab", True, True))

TRANSMISSION_C = Client(
    TRANSMISSION, "0000000000100004", b"-TR3000-8fj2mz0q7c1d",
    benc({"e": 0, "m": {"ut_metadata": 3, "ut_pex": 1}, "metadata_size": 5226, "p": 51413, "reqq": 512, "upload_only": 0, "v": "Transmission 3.00"}),
    {"e": 0, "m": {"ut_metadata": 3, "ut_pex": 1}, "metadata_size": 5226, "p": 51413, "reqq": 512, "upload_only": 0, "v": "Transmission 3.00"},
    1, _hs("0000000000100004", b"-TR3000-8fj2mz0q7c1d", False, True))

RTORRENT_C = Client(
    RTORRENT, "0000000000100000", b"-lt0D80-Qq9v3Lx0ZpWe",
    benc({"e": 0, "m": {"ut_metadata": 2, "ut_pex": 1}, "metadata_size": 5226, "p": 6890, "reqq": 2048, "v": "rTorrent 0.9.8/0.13.8"}),
    {"e": 0, "m": {"ut_metadata": 2, "ut_pex": 1}, "metadata_size": 5226, "p": 6890, "reqq": 2048, "v": "rTorrent 0.9.8/0.13.8"},
    1, _hs("0000000000100000", b"-lt0D80-Qq9v3Lx0ZpWe", False, False))

ARIA2_C = Client(
    ARIA2, "0000000000100004", b"A2-1-36-0-7bq2k9z0xd",
    benc({"m": {"ut_metadata": 9, "ut_pex": 8}, "metadata_size": 5226, "p": 6881, "v": "aria2/1.36.0"}),
    {"m": {"ut_metadata": 9, "ut_pex": 8}, "metadata_size": 5226, "p": 6881, "v": "aria2/1.36.0"},
    8, _hs("0000000000100004", b"A2-1-36-0-7bq2k9z0xd", False, True))

ANACROLIX_C = Client(
    ANACROLIX, "0000000000100005", b"-GT0003-m1x8qz2v0kb7",
    benc({"m": {"ut_metadata": 2, "ut_pex": 4}, "p": 42069, "reqq": 250, "v": "anacrolix/torrent"}),
    {"m": {"ut_metadata": 2, "ut_pex": 4}, "p": 42069, "reqq": 250, "v": "anacrolix/torrent"},
    4, _hs("0000000000100005", b"-GT0003-m1x8qz2v0kb7", True, True))

WEBTORRENT_C = Client(
    WEBTORRENT, "0000000000100000", b"-WW0200-z8x7c6v5b4n3",
    benc({"m": {"ut_metadata": 1, "ut_pex": 2}, "v": "WebTorrent"}),
    {"m": {"ut_metadata": 1, "ut_pex": 2}, "v": "WebTorrent"},
    2, _hs("0000000000100000", b"-WW0200-z8x7c6v5b4n3", False, False))

UTORRENT_181_C = Client(
    UTORRENT_181, "0000000000100000", b"-UT1810-a1b2c3d4e5f6",
    benc({"m": {"ut_pex": 1}, "p": 29135, "v": "\u00b5Torrent 1.8.1"}),
    {"m": {"ut_pex": 1}, "p": 29135, "v": "\u00b5Torrent 1.8.1"},
    1, _hs("0000000000100000", b"-UT1810-a1b2c3d4e5f6", False, False))

TRANSMISSION_140_C = Client(
    TRANSMISSION_140, "0000000000100000", b"-TR1400-0a9s8d7f6g5h",
    benc({"e": 1, "m": {"ut_pex": 1}, "p": 51413, "v": "Transmission 1.40"}),
    {"e": 1, "m": {"ut_pex": 1}, "p": 51413, "v": "Transmission 1.40"},
    1, _hs("0000000000100000", b"-TR1400-0a9s8d7f6g5h", False, False))

PEXSPEC_C = Client(
    PEXSPEC, "0000000000100000", b"-PX0100-pexspecpexsp",
    benc({"m": {"ut_pex": 1}, "v": "pexspec"}),
    {"m": {"ut_pex": 1}, "v": "pexspec"},
    1, _hs("0000000000100000", b"-PX0100-pexspecpexsp", False, False))

BY_PROFILE = {c.peer["profile"]: c for c in [
    LIBTORRENT_C, TRANSMISSION_C, RTORRENT_C, ARIA2_C, ANACROLIX_C, WEBTORRENT_C, UTORRENT_181_C, TRANSMISSION_140_C, PEXSPEC_C]}

BITFIELD = std(5, b"\xff\xe0")


def preamble(a, b, bitfield=True):
    """Both handshakes, both extended handshakes and (by default) a's bitfield, as connections open."""
    out = [
        msg("a_to_b", 0, "handshake", a.handshake, "handshake", ok(a.handshake_json), reaction=react("accept")),
        msg("b_to_a", 0, "handshake", b.handshake, "handshake", ok(b.handshake_json), reaction=react("accept")),
        msg("a_to_b", 0.05, "standard", ext(0, a.ext_payload), "ext-handshake", ok(a.ext_json), routes_to="handshake", reaction=react("accept")),
        msg("b_to_a", 0.05, "standard", ext(0, b.ext_payload), "ext-handshake", ok(b.ext_json), routes_to="handshake", reaction=react("accept")),
    ]
    if bitfield:
        out.append(msg("a_to_b", 0.1, "standard", BITFIELD, "frames", ok([{"type": "bitfield", "payload": "ffe0"}]), reaction=react("accept")))
    return out


def pex_to_b(b, t, payload, expect, **kwargs):
    """A ut_pex message from a to b, under the id b assigned."""
    return msg("a_to_b", t, "standard", ext(b.ut_pex_id, payload), "ut-pex", expect, routes_to="ut_pex", **kwargs)


OBSERVED_VALUES = "keys and reserved bytes as observed on loopback with pexspec probe; version strings, ports and sizes illustrative"
