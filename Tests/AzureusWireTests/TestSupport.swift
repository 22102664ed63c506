import AzureusWire
import Bencode
import PexModel
import WireCore

/// A compact IPv4 peer entry, for building payloads by hand.
func compact(_ text: String) -> [UInt8] {
    guard let address = PeerAddress(text) else { return [] }
    var out: [UInt8] = []
    CompactPeerList.append(address, to: &out)
    return out
}

func address(_ text: String) -> PeerAddress {
    PeerAddress(text) ?? PeerAddress(ip: .v4(0), port: 0)
}

let infohash = Array(UInt8(1)...UInt8(20))

/// `frame` as the wire carries it: length, id length, id, version, payload.
func wire(_ id: String, version: UInt8 = 1, _ payload: [UInt8] = []) -> [UInt8] {
    AzureusFrame(messageID: AzureusMessageID(name: id), version: version, payload: payload).encoded
}

/// The offset of the value that follows bencoded key `key` in `bytes`.
func valueOffset(of key: String, in bytes: [UInt8]) -> Int? {
    let needle = BencodeEncoder.encode(.string(Array(key.utf8)))
    guard needle.count <= bytes.count else { return nil }
    for start in 0...(bytes.count - needle.count) where bytes[start..<(start + needle.count)].elementsEqual(needle) {
        return start + needle.count
    }
    return nil
}

/// Runs `body`, returning the ParseError it throws, or nil.
func parseError<T>(_ body: () throws(ParseError) -> T) -> ParseError? {
    do throws(ParseError) {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
