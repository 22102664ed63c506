import AzureusWire
import PeerWire
import WireCore

/// How the receiver of each message of a connection meets it (``IncomingMessage``) and where it
/// routes an extended message, given the extended handshakes both sides sent before it: what a
/// ``ProfileConnection`` needs to predict a reaction.
///
/// Shared by the replay of transcripts, whose ends are the ends of each connection, and by the
/// live fuzzer of clients (`ClientFuzz`), which classifies the frames it sends the same way on
/// one connection (its ends are the sides `a` and `b`).
public struct MessageClassifier<End: Hashable & Sendable>: Sendable {
    /// Each end's extension ids as the extended handshakes it sent assigned them (its ``ExtensionRegistry/local`` table).
    public private(set) var registries: [End: ExtensionRegistry] = [:]
    /// The ends that sent an extended handshake so far.
    public private(set) var handshaken: Set<End> = []

    public init() {}

    /// Classifies one message (`bytes` whole, length prefix included) that `sender` sent to
    /// `receiver`; an extended handshake updates its sender's table. `readsAsUTPex`: when the
    /// receiver has sent no extended handshake, an extended message is taken as ut_pex (a
    /// transcript's decode kind says so).
    public mutating func classify(
        _ bytes: [UInt8], framing: TranscriptMessage.Framing, sender: End, receiver: End, readsAsUTPex: Bool = false
    ) -> (route: TranscriptMessage.ExpectedRoute?, incoming: IncomingMessage?) {
        // The size the length prefix declares: a frame cut short (the receiver stopped reading) still counts as what it claimed.
        let declaredSize = bytes.count >= 4 ? 4 + Int(BigEndian.uint32(bytes, at: 0)) : bytes.count
        switch framing {
        case .handshake:
            return (nil, .handshake)
        case .azureus:
            guard let frame = try? AzureusFrame.decode(bytes, mode: .lenient).value else { return (nil, nil) }
            if frame.messageID == .azPeerExchange {
                return (nil, .pex(PexMessageFacts(azureusPexPayload: frame.payload), frameSize: declaredSize))
            }
            return (nil, .azureus(messageID: frame.messageID.name, frameSize: declaredSize))
        case .standard:
            guard bytes.count >= 5 else { return (nil, .standard(id: nil, frameSize: declaredSize)) }
            guard bytes[4] == 20 else { return (nil, .standard(id: bytes[4], frameSize: declaredSize)) }
            guard bytes.count >= 6 else { return (nil, .extendedTooShort) }
            let extendedID = bytes[5]
            let payload = bytes[6...]
            if extendedID == 0 {
                let handshake = try? ExtendedHandshake.decode(payload, mode: .lenient).value
                if let handshake {
                    registries[sender, default: ExtensionRegistry()].sent(handshake)
                    handshaken.insert(sender)
                }
                let utPexID = handshake?.messages?.first { $0.name == "ut_pex" }.map { Int($0.id) }
                return (.handshake, .extendedHandshake(decodable: handshake != nil, frameSize: declaredSize, utPexID: utPexID))
            }
            let route: TranscriptMessage.ExpectedRoute?
            let name: String?
            if handshaken.contains(receiver) {
                name = registries[receiver]?.incomingName(for: extendedID)
                route = name.map { .named($0) } ?? .unassigned
            } else {
                // No handshake from the receiver yet: the caller says what it is.
                name = readsAsUTPex ? "ut_pex" : nil
                route = nil
            }
            switch name {
            case "ut_pex"?:
                var facts = PexMessageFacts(utPexPayload: Array(payload))
                // A message cut short (the receiver rejects it by its length) is as big as its prefix says.
                facts.size = max(facts.size, declaredSize - 6)
                return (route, .pex(facts, frameSize: declaredSize))
            case nil: return (route, .unassignedExtension(id: extendedID, frameSize: declaredSize))
            default: return (route, .standard(id: 20, frameSize: declaredSize))
            }
        }
    }
}

extension MessageClassifier where End == TranscriptMessage.Direction.Side {
    /// ``classify(_:framing:sender:receiver:readsAsUTPex:)`` on one connection, whose ends are its sides.
    public mutating func classify(
        _ bytes: [UInt8], framing: TranscriptMessage.Framing, direction: TranscriptMessage.Direction, readsAsUTPex: Bool = false
    ) -> (route: TranscriptMessage.ExpectedRoute?, incoming: IncomingMessage?) {
        classify(bytes, framing: framing, sender: direction.sender, receiver: direction.receiver, readsAsUTPex: readsAsUTPex)
    }
}
