import Bencode
import WireCore

/// The v1 info-hash of a .torrent file: SHA-1 of the bencoded `info` value exactly as the file
/// holds it.
public enum TorrentInfoHash {
    public static func of(torrent bytes: [UInt8]) throws(ParseError) -> [UInt8] {
        let document = try BencodeDecoder(mode: .lenient).document(bytes)
        guard let info = document.root["info"], info.kind == .dictionary else {
            throw ParseError(.noInfoDictionary, at: 0, "the torrent has no info dictionary")
        }
        return SHA1.hash(bytes[info.encodedRange])
    }
}
