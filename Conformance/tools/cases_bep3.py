"""BEP 3 peer messages: the handshake and every message of the peer protocol, as the frames kind
decodes them (the decoded fields typed by hand from BEP 3's message table)."""
from casekit import *
from clients import *

MESSAGES = ("All non-keepalive messages start with a single byte which gives their type. The possible values are: 0 - choke 1 - unchoke "
            "2 - interested 3 - not interested 4 - have 5 - bitfield 6 - request 7 - piece 8 - cancel")
KEEPALIVE = "Messages of length zero are keepalives, and ignored."
HANDSHAKE = ("The peer wire protocol consists of a handshake followed by a never-ending stream of length-prefixed messages. The handshake "
             "starts with character ninteen (decimal) followed by the string 'BitTorrent protocol'. [...] After the fixed headers come eight "
             "reserved bytes, which are all zero in all current implementations. [...] Next comes the 20 byte sha1 hash [...] After the "
             "download hash comes the 20-byte peer id")


def u32(n):
    return n.to_bytes(4, "big")


def write():
    plain = handshake("0000000000000000", INFO_HASH, b"-PX0100-pexspecpexsp")
    case("bep3/handshake/plain", "A handshake with all reserved bytes zero: protocol string, reserved, info hash, peer id",
         spec(BEP3, "peer protocol", HANDSHAKE), reference("BEP 3, the handshake layout"), PEXSPEC, PEXSPEC,
         [msg("a_to_b", 0, "handshake", plain, "handshake",
              ok({"protocol": "BitTorrent protocol", "reserved": "0000000000000000", "extensions": False, "dht": False, "fast": False,
                  "info_hash": INFO_HASH.hex(), "peer_id": "-PX0100-pexspecpexsp"}), reaction=react("accept"))])
    case("bep3/messages/keep-alive", "A message of length zero is a keep-alive",
         spec(BEP3, "peer messages", KEEPALIVE), reference("BEP 3"), PEXSPEC, PEXSPEC,
         [msg("a_to_b", 0, "standard", u32(0), "frames", ok([{"type": "keep_alive"}]), reaction=react("accept"))])
    for n, name in enumerate(["choke", "unchoke", "interested", "not_interested"]):
        case("bep3/messages/%s" % name.replace("_", "-"), "Message id %d: %s, no payload" % (n, name.replace("_", " ")),
             spec(BEP3, "peer messages", MESSAGES + ". 'choke', 'unchoke', 'interested', and 'not interested' have no payload."),
             reference("BEP 3"), PEXSPEC, PEXSPEC,
             [msg("a_to_b", 0, "standard", std(n), "frames", ok([{"type": name, "payload": ""}]), reaction=react("accept"))])
    case("bep3/messages/have", "have: a single number, the index of a piece just completed",
         spec(BEP3, "peer messages", "'have' messages have a payload which is a single number, the index which that downloader just completed and checked the hash of."),
         reference("BEP 3"), PEXSPEC, PEXSPEC,
         [msg("a_to_b", 0, "standard", std(4, u32(7)), "frames", ok([{"type": "have", "piece_index": 7, "payload": "00000007"}]), reaction=react("accept"))])
    case("bep3/messages/bitfield", "bitfield: one bit per piece, high bit first, spare bits zero",
         spec(BEP3, "peer messages", "'bitfield' is only ever sent as the first message. Its payload is a bitfield with each index that downloader has sent set to one and the rest set to zero."),
         reference("BEP 3"), PEXSPEC, PEXSPEC,
         [msg("a_to_b", 0, "standard", std(5, b"\xff\xe0"), "frames", ok([{"type": "bitfield", "payload": "ffe0"}]), reaction=react("accept"))])
    block = (1).to_bytes(4, "big") + (16384).to_bytes(4, "big")
    for n, name in [(6, "request"), (8, "cancel")]:
        payload = block + (16384).to_bytes(4, "big")
        case("bep3/messages/%s" % name, "%s: index, begin and length" % name,
             spec(BEP3, "peer messages", "'request' messages contain an index, begin, and length. [...] 'cancel' messages have the same payload as request messages."),
             reference("BEP 3"), PEXSPEC, PEXSPEC,
             [msg("a_to_b", 0, "standard", std(n, payload), "frames",
                  ok([{"type": name, "index": 1, "begin": 16384, "length": 16384, "payload": payload.hex()}]), reaction=react("accept"))])
    payload = block + b"abcd"
    case("bep3/messages/piece", "piece: index, begin and the block",
         spec(BEP3, "peer messages", "'piece' messages contain an index, begin, and piece."), reference("BEP 3"), PEXSPEC, PEXSPEC,
         [msg("a_to_b", 0, "standard", std(7, payload), "frames",
              ok([{"type": "piece", "index": 1, "begin": 16384, "block": "61626364", "payload": payload.hex()}]), reaction=react("accept"))])
