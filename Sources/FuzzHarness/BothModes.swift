import AzureusWire
import Bencode
import PeerWire
import WireCore

/// A message the fuzz targets decode in both modes from any collection of bytes.
protocol FuzzDecodable: Equatable {
    static func fuzzDecode(_ bytes: some RandomAccessCollection<UInt8>, mode: ParseMode) throws(ParseError) -> Decoded<Self>
}

extension FuzzDecodable where Self: BencodedMessage {
    static func fuzzDecode(_ bytes: some RandomAccessCollection<UInt8>, mode: ParseMode) throws(ParseError) -> Decoded<Self> {
        try decode(bytes, mode: mode)
    }
}

extension ExtendedHandshake: FuzzDecodable {}
extension UTPexMessage: FuzzDecodable {}
extension AZHandshake: FuzzDecodable {}
extension AZPeerExchange: FuzzDecodable {}

extension Handshake: FuzzDecodable {
    static func fuzzDecode(_ bytes: some RandomAccessCollection<UInt8>, mode: ParseMode) throws(ParseError) -> Decoded<Handshake> {
        try decode(bytes, mode: mode)
    }
}

extension ModeContract {
    /// The first invariants of every message target: `bytes` decoded leniently and strictly keep
    /// this contract, and the same bytes behind shifted, non-contiguous indices decode as they
    /// do leniently, the invariant named `shiftedAlike`.
    func decodeBothModes<Message: FuzzDecodable>(
        _ type: Message.Type, _ bytes: UnsafeRawBufferPointer, shiftedAlike: StaticString
    ) -> (lenient: Result<Decoded<Message>, ParseError>, strict: Result<Decoded<Message>, ParseError>) {
        let lenient = outcome { () throws(ParseError) in try Message.fuzzDecode(bytes, mode: .lenient) }
        let strict = outcome { () throws(ParseError) in try Message.fuzzDecode(bytes, mode: .strict) }
        check(count: bytes.count, strict: strict, lenient: lenient)
        let shifted = outcome { () throws(ParseError) in try Message.fuzzDecode(ShiftedBytes(bytes), mode: .lenient) }
        invariant(shifted == lenient, shiftedAlike)
        return (lenient, strict)
    }
}

extension FuzzDecodable {
    /// What the message's encoder wrote, decoded leniently; nil when it does not decode, which
    /// fails the invariant `decodes`.
    static func decodeRebuilt(_ rebuilt: [UInt8], decodes: StaticString) -> Decoded<Self>? {
        do {
            return try fuzzDecode(rebuilt, mode: .lenient)
        } catch {
            invariant(false, decodes, "\(error)")
            return nil
        }
    }
}
