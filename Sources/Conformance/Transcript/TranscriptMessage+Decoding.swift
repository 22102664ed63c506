import AzureusWire
import WireDecode

extension TranscriptMessage {
    /// The bytes a message's decode kind reads, or why its frame cannot hold them.
    public enum DecodeInput: Sendable, Equatable {
        case bytes(ArraySlice<UInt8>)
        case unreadable(String)
    }

    /// The part of ``bytes`` that ``decode`` reads (docs/conformance.md, "Which bytes the decode
    /// kind reads"): the payload of an extended message after its extended id, the payload of an
    /// Azureus frame after its version byte, or the whole frame.
    public var decodeInput: DecodeInput {
        switch (framing, decode) {
        case (.standard, .extHandshake), (.standard, .utPex), (.standard, .bencode):
            guard bytes.count >= 6, bytes[4] == 20 else { return .unreadable("not an extended message (id 20 with an extended id)") }
            return .bytes(bytes[6...])
        case (.azureus, .azPex), (.azureus, .bencode):
            do {
                return .bytes(try AzureusFrame.decode(bytes, mode: .lenient).value.payload[...])
            } catch {
                return .unreadable("the Azureus frame does not decode: \(error)")
            }
        default:
            return .bytes(bytes[...])
        }
    }

    /// A message as a recorder (`pexspec probe --record`) saw it: ``expect`` is what the reference
    /// decoders make of the bytes in lenient mode, and ``expectStrict`` what strict mode makes of
    /// them when that differs. Nil when the frame cannot hold what `decode` reads.
    public static func recorded(
        direction: Direction, time: Double, framing: Framing, bytes: [UInt8], decode: DecodeKind, routesTo: ExpectedRoute? = nil,
        reaction: Reaction? = nil, note: String? = nil
    ) -> TranscriptMessage? {
        var message = TranscriptMessage(
            direction: direction, time: time, framing: framing, bytes: bytes, decode: decode, expect: .error(code: "", offset: nil),
            routesTo: routesTo, reaction: reaction, note: note)
        guard case .bytes(let input) = message.decodeInput else { return nil }
        let lenient = ExpectedOutcome(WireDecoder.decode(decode, Array(input), mode: .lenient))
        let strict = ExpectedOutcome(WireDecoder.decode(decode, Array(input), mode: .strict))
        message.expect = lenient
        message.expectStrict = strict == lenient ? nil : strict
        return message
    }
}
