import AzureusWire
import PeerWire
import WireCore

/// Feeds one direction of a connection, cut in one ``Chunking``, through the project's framers:
/// the 68-byte handshake first when the transcript starts with one, then ``PeerFrameDecoder`` for
/// standard frames or ``AzureusFrameDecoder`` for Azureus frames. Each frame it yields is written
/// back out (``PeerMessage/frame``, ``AzureusFrame/encoded``) so the engine can compare it with
/// the transcript's bytes.
struct StreamReplayer {
    enum Output: Equatable {
        case frame([UInt8])
        case error(ParseError)
    }

    private var handshake: [UInt8]?
    private let framing: TranscriptMessage.Framing?
    private var standard: PeerFrameDecoder
    private var azureus: AzureusFrameDecoder
    private var failed = false

    /// nil when the direction mixes standard and Azureus frames, or has a handshake after its
    /// first message: one connection direction speaks one framing after its handshake.
    init?(framings: [TranscriptMessage.Framing], maxFrameSize: Int) {
        let startsWithHandshake = framings.first == .handshake
        let rest = startsWithHandshake ? framings.dropFirst() : framings[...]
        guard !rest.contains(.handshake), Set(rest).count <= 1 else { return nil }
        handshake = startsWithHandshake ? [] : nil
        framing = rest.first
        standard = PeerFrameDecoder(maxFrameSize: maxFrameSize)
        azureus = AzureusFrameDecoder(mode: .lenient, maxFrameSize: maxFrameSize)
    }

    mutating func feed(_ chunk: ArraySlice<UInt8>) -> [Output] {
        guard !failed else { return [] }
        var rest = chunk
        var out: [Output] = []
        if var pending = handshake {
            let needed = Handshake.length - pending.count
            pending += rest.prefix(needed)
            rest = rest.dropFirst(needed)
            guard pending.count == Handshake.length else {
                handshake = pending
                return out
            }
            out.append(.frame(pending))
            handshake = nil
        }
        guard !rest.isEmpty else { return out }
        do throws(ParseError) {
            switch framing {
            case .standard?:
                standard.append(rest)
                while let message = try standard.next() { out.append(.frame(message.frame)) }
            case .azureus?:
                azureus.append(rest)
                while let frame = try azureus.next() { out.append(.frame(frame.value.encoded)) }
            case .handshake?, nil:
                break
            }
        } catch {
            failed = true
            out.append(.error(error))
        }
        return out
    }
}
