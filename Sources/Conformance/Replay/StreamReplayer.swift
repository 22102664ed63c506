import AzureusWire
import PeerWire
import WireCore

/// Feeds one direction of a connection, cut in one ``Chunking``, through a ``PeerStreamDecoder``:
/// the 68-byte handshake first when the transcript starts with one, then standard frames or
/// Azureus frames. Each event it yields is written back out (``Handshake/encoded``,
/// ``PeerMessage/encoded``, ``AzureusFrame/encoded``) so the engine can compare it with the
/// transcript's bytes.
struct StreamReplayer {
    enum Output: Equatable {
        case frame([UInt8])
        case error(ParseError)
    }

    /// Exactly one of the two is set; each is mutated in place, never copied out.
    private var standard: PeerStreamDecoder<PeerFrameDecoder>?
    private var azureus: PeerStreamDecoder<AzureusFrameDecoder>?
    private var failed = false

    /// nil when the direction mixes standard and Azureus frames, or has a handshake after its
    /// first message: one connection direction speaks one framing after its handshake.
    init?(framings: [TranscriptMessage.Framing], maxFrameSize: Int) {
        let startsWithHandshake = framings.first == .handshake
        let rest = startsWithHandshake ? framings.dropFirst() : framings[...]
        guard !rest.contains(.handshake), Set(rest).count <= 1 else { return nil }
        if rest.first == .azureus {
            let framer = AzureusFrameDecoder(mode: .lenient, maxFrameSize: maxFrameSize)
            azureus = PeerStreamDecoder(framer: framer, expectsHandshake: startsWithHandshake)
        } else {
            standard = PeerStreamDecoder(maxFrameSize: maxFrameSize, expectsHandshake: startsWithHandshake)
        }
    }

    mutating func feed(_ chunk: ArraySlice<UInt8>) -> [Output] {
        guard !failed else { return [] }
        let out: [Output]
        if standard != nil {
            out = Self.feed(chunk, to: &standard!, encode: \.encoded)
        } else {
            out = Self.feed(chunk, to: &azureus!) { $0.value.encoded }
        }
        if case .error? = out.last { failed = true }
        return out
    }

    private static func feed<Framer>(
        _ chunk: ArraySlice<UInt8>, to decoder: inout PeerStreamDecoder<Framer>, encode: (Framer.Frame) -> [UInt8]
    ) -> [Output] {
        decoder.append(chunk)
        var out: [Output] = []
        do throws(ParseError) {
            while let event = try decoder.next() {
                switch event {
                case .handshake(let handshake): out.append(.frame(handshake.encoded))
                case .frame(let frame): out.append(.frame(encode(frame)))
                }
            }
        } catch {
            out.append(.error(error))
        }
        return out
    }
}
