"""Building blocks for writing conformance transcripts by hand.

Every expected value in the cases is typed by hand from the documents of Conformance/documents.json; this module only
does the byte arithmetic (bencode, compact peers, framing, offsets) that a person gets wrong when
typing hex. See docs/conformance.md.
"""
import ipaddress
import json
import os

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "cases"))

# ---------------------------------------------------------------- documents

# The one table of documents, shared with the Swift code (Conformance/documents.json).
DOCUMENTS_PATH = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "documents.json"))
DOCUMENTS = {d["key"]: d for d in json.load(open(DOCUMENTS_PATH))["documents"]}


def doc(key):
    """The public citation of a document of Conformance/documents.json, by key."""
    return DOCUMENTS[key]["cite"]


D000 = doc("ut_pex_notes")
D001 = doc("tr_notes")
D002 = doc("bep10")
D003 = doc("wt_readme")
D004 = doc("azureus")
BEP3, BEP6, BEP10, BEP11, BEP21, BEP27 = (doc(k) for k in ("bep3", "bep6", "bep10", "bep11", "bep21", "bep27"))
LOOPBACK = doc("loopback")

# The document and the files of each profile's client, for cases about its behaviour.
CLIENT_SOURCE = {
    "libtorrent-2.0": ("lt", "src/ut_pex.cpp"),
    "transmission-3.00": ("tr", "libtransmission/peer-msgs.cc"),
    "transmission-4.0": ("tr", "libtransmission/peer-msgs.cc"),
    "transmission-4.1": ("tr", "libtransmission/peer-msgs.cc"),
    "anacrolix": ("ana", "pexconn.go"),
    "webtorrent": ("wt", "index.js"),
    "webtorrent-client": ("wtc", "lib/torrent.js"),
    "rtorrent-0.9.8": ("rak", "src/protocol/extensions.cc"),
    "aria2-1.36": ("a2", "src/UTPexExtensionMessage.cc"),
    "biglybt": ("bbt", "PEPeerTransportProtocol.java"),
}


def client_doc(profile):
    """The source document of the client a profile stands for."""
    return doc(CLIENT_SOURCE[profile][0])


def client_file(profile):
    return CLIENT_SOURCE[profile][1]


def spec(document, section, requirement):
    return {"document": document, "section": section, "requirement": requirement}


def reference(source):
    return {"kind": "reference_document", "source": source}


def behaviour(source):
    return {"kind": "client_behaviour", "source": source}


# ---------------------------------------------------------------- peers

def peer(client, version, profile):
    return {"client": client, "version": version, "profile": profile}


PEXSPEC = peer("pexspec", "reference", "reference")
LIBTORRENT = peer("libtorrent-rasterbar", "2.0.8", "libtorrent-2.0")
TRANSMISSION = peer("Transmission", "3.00", "transmission-3.00")
TRANSMISSION_41 = peer("Transmission", "4.1.0", "transmission-4.1")
RTORRENT = peer("rtorrent", "0.9.8", "rtorrent-0.9.8")
ARIA2 = peer("aria2", "1.36.0", "aria2-1.36")
ANACROLIX = peer("anacrolix/torrent", "current", "anacrolix")
WEBTORRENT = peer("webtorrent ut_pex", "0ccc615", "webtorrent")
WEBTORRENT_CLIENT = peer("webtorrent", "c168675", "webtorrent-client")
BIGLYBT = peer("BiglyBT", "9d506bd", "biglybt")
UTORRENT_181 = peer("uTorrent", "1.8.1", "utorrent-1.8.1")
TRANSMISSION_140 = peer("Transmission", "1.40", "transmission-1.40")
AZUREUS = peer("Azureus", "2.5", "azureus")

# ---------------------------------------------------------------- bencode


def benc(value):
    """Canonical bencode of ints, bytes, str, lists and dicts (keys sorted by raw bytes)."""
    if isinstance(value, bool):
        raise TypeError("no booleans in bencode")
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, (bytes, bytearray)):
        return b"%d:" % len(value) + bytes(value)
    if isinstance(value, list):
        return b"l" + b"".join(benc(v) for v in value) + b"e"
    if isinstance(value, dict):
        items = sorted(((k.encode() if isinstance(k, str) else k), v) for k, v in value.items())
        return b"d" + b"".join(benc(k) + benc(v) for k, v in items) + b"e"
    raise TypeError(type(value))


def value_offset(payload, key, nth=0):
    """Offset of the value that follows bencoded key `key` (its nth occurrence): where the
    value's first byte is."""
    token = benc(key)
    i = -1
    for _ in range(nth + 1):
        i = payload.index(token, i + 1)
    return i + len(token)


def content_offset(payload, key):
    """Offset of the first content byte of the byte-string value of `key` (after `len:`)."""
    start = value_offset(payload, key)
    return payload.index(b":", start) + 1


# ---------------------------------------------------------------- peers on the wire


def compact(*peers):
    """Compact peers from 'ip:port' / '[v6]:port' text."""
    out = b""
    for text in peers:
        host, port = text.rsplit(":", 1)
        out += ipaddress.ip_address(host.strip("[]")).packed + int(port).to_bytes(2, "big")
    return out


def added(text, flags):
    host, port = text.rsplit(":", 1)
    return {"ip": host.strip("[]"), "port": int(port), "flags": flags}


def dropped(text):
    host, port = text.rsplit(":", 1)
    return {"ip": host.strip("[]"), "port": int(port)}


def pex_value(added4=(), added6=(), dropped4=(), dropped6=()):
    return {"added": list(added4), "added6": list(added6), "dropped": list(dropped4), "dropped6": list(dropped6)}


def numbered_peers(count, first=(198, 51, 100, 1), port=6881):
    """`count` distinct documentation-range IPv4 peers (198.51.100.0/24, then 203.0.113.0/24)."""
    base = int(ipaddress.IPv4Address(".".join(map(str, first))))
    return ["%s:%d" % (ipaddress.IPv4Address(base + n), port + n) for n in range(count)]


# ---------------------------------------------------------------- frames


def handshake(reserved_hex, info_hash, peer_id):
    return bytes([19]) + b"BitTorrent protocol" + bytes.fromhex(reserved_hex) + info_hash + peer_id


def std(message_id, payload=b""):
    return (1 + len(payload)).to_bytes(4, "big") + bytes([message_id]) + payload


def ext(extended_id, payload):
    return std(20, bytes([extended_id]) + payload)


def az(message_id, payload, version=1):
    """An Azureus frame: length, id length, id (text or bytes), version byte, payload."""
    ident = message_id.encode() if isinstance(message_id, str) else message_id
    body = len(ident).to_bytes(4, "big") + ident + bytes([version]) + payload
    return len(body).to_bytes(4, "big") + body


INFO_HASH = bytes.fromhex("d8e8fca2dc0f896fd7cb4cb0031ba249a4f1b8c1")


# ---------------------------------------------------------------- messages and cases


def ok(value, *warnings):
    return {"value": value, "warnings": [w for w in warnings]}


def warn(code, offset=None):
    return {"code": code} if offset is None else {"code": code, "offset": offset}


def err(code, offset=None):
    e = {"code": code}
    if offset is not None:
        e["offset"] = offset
    return {"error": e}


def msg(direction, t, framing, frame, decode, expect, strict=None, routes_to="absent", reaction=None, note=None):
    m = {"dir": direction, "t": t, "framing": framing, "hex": frame.hex(), "decode": decode, "expect": expect}
    if strict is not None:
        m["expect_strict"] = strict
    if routes_to != "absent":
        m["routes_to"] = routes_to
    if reaction is not None:
        m["reaction"] = reaction
    if note is not None:
        m["note"] = note
    return m


def react(kind, reason=None, learned=None, forgot=None, violations=None):
    r = {"kind": kind}
    if reason is not None:
        r["reason"] = reason
    if learned is not None:
        r["learned"] = learned
    if forgot is not None:
        r["forgot"] = forgot
    if violations is not None:
        r["violations"] = sorted(violations)
    return r


WRITTEN = []


def case(id, title, spec, provenance, a, b, messages, hazard=None):
    doc = {"format": 1, "id": id, "title": title, "spec": spec, "provenance": provenance, "peers": {"a": a, "b": b}}
    if hazard:
        doc["hazard"] = hazard
    doc["messages"] = messages
    _write(id, doc)


def client_spec(profile, requirement, observed=False, section=None):
    """The spec of a case about one client's behaviour: its source file, or the loopback observation."""
    if observed:
        return spec(LOOPBACK, section or "observed reactions", requirement)
    return spec(client_doc(profile), section or client_file(profile), requirement)


# ---------------------------------------------------------------- format 2: several connections


def on(conn, m):
    """A message on connection `conn` of a format 2 scenario."""
    return {"conn": conn, **m}


def connection(id, a, b, opened=0, closed=None):
    c = {"id": id, "a": a, "b": b, "opened": opened}
    if closed is not None:
        c["closed"] = closed
    return c


def node(peer_dict, address=None, fetching_metadata=False):
    n = dict(peer_dict)
    if address:
        n["address"] = address
    if fetching_metadata:
        n["fetching_metadata"] = True
    return n


def scenario(id, title, spec, provenance, peers, connections, messages, hazard=None, private=False):
    """A format 2 transcript: named peers, several connections on one timeline."""
    doc = {"format": 2, "id": id, "title": title, "spec": spec, "provenance": provenance, "peers": peers, "connections": connections}
    if private:
        doc["torrent"] = {"private": True}
    if hazard:
        doc["hazard"] = hazard
    doc["messages"] = messages
    _write(id, doc)


def _write(id, doc):
    path = os.path.join(ROOT, id + ".json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    WRITTEN.append(path)


# ---------------------------------------------------------------- decode vectors
#
# A decode vector is one input to `pexspec decode` and the envelope it must print in each mode,
# without the error message: {"id", "kind", "description", "source", "hex", "lenient": E,
# "strict": E}, E being {"ok": true, "value": V, "warnings": [...]} or {"ok": false, "error":
# {"code", "offset"}}. Conformance/vectors/<kind>.json holds the vectors of one kind
# (docs/conformance.md, "Decode vectors").

VECTORS = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "vectors"))
VECTORS_BY_KIND = {}
VECTORS_WRITTEN = []
# Codes a decoder reports as a warning in both modes: a vector with one of them and nothing
# else tolerated decodes alike in strict mode.
NOTED = {"unknown_message_id", "empty_peer_exchange"}


def diag(code, offset):
    return {"code": code, "offset": offset}


def after(raw, marker):
    """Offset of the first byte after `marker` in raw (marker must occur once)."""
    assert raw.count(marker) == 1, marker
    return raw.find(marker) + len(marker)


def at(raw, marker):
    """Offset of `marker` in raw (marker must occur once)."""
    assert raw.count(marker) == 1, marker
    return raw.find(marker)


def envelope(expect):
    """The `pexspec decode` envelope of a transcript-style expectation (ok(...) or err(...))."""
    if "error" in expect:
        return {"ok": False, "error": expect["error"]}
    return {"ok": True, "value": expect["value"], "warnings": expect["warnings"]}


def vector(id, kind, raw, lenient, strict=None, description="", source="constructed"):
    """Records one vector. `lenient` and `strict` are ok(...) / err(...). Without `strict`, strict
    mode is what the contract says it is: lenient's error, or the first tolerated warning as an
    error, or (no warning, or only NOTED ones) lenient's outcome."""
    if strict is None:
        tolerated = [w for w in lenient.get("warnings", []) if w["code"] not in NOTED]
        strict = err(tolerated[0]["code"], tolerated[0].get("offset")) if tolerated else lenient
    v = {"id": id, "kind": kind, "description": description, "source": source, "hex": raw.hex(),
         "lenient": envelope(lenient), "strict": envelope(strict)}
    VECTORS_BY_KIND.setdefault(kind, []).append(v)
    return v


def write_vectors():
    """Writes Conformance/vectors/<kind>.json for every kind recorded."""
    os.makedirs(VECTORS, exist_ok=True)
    for kind, items in sorted(VECTORS_BY_KIND.items()):
        ids = [v["id"] for v in items]
        assert len(ids) == len(set(ids)), "duplicate vector ids in " + kind
        path = os.path.join(VECTORS, kind + ".json")
        with open(path, "w") as f:
            json.dump({"format": 1, "kind": kind, "vectors": items}, f, indent=1, ensure_ascii=False)
            f.write("\n")
        VECTORS_WRITTEN.append(path)
