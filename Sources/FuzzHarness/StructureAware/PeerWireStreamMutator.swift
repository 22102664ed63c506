import Bencode
import WireCore

/// Mutates a BitTorrent peer-wire byte stream (an optional handshake, then length-prefixed
/// messages) frame by frame: lengths off by one, frames split, joined, reordered, keep-alives and
/// whole messages inserted, message and extended ids changed, bencoded payloads mutated as trees.
public struct PeerWireStreamMutator: StructureAwareMutator {
    /// One mutated stream and how it was made.
    package typealias Output = LengthPrefixedStream.Mutated

    /// The BitTorrent message id of extended messages (BEP 10).
    static let extendedMessageID: UInt8 = 20

    /// The mutations this mutator makes.
    public static let mutations: [FrameMutation] = [
        .lengthOffByOne, .splitFrame, .joinFrames, .insertKeepAlive, .duplicateFrame, .dropFrame, .swapFrames,
        .insertMessage, .mutatePayload, .changeExtendedID, .changeMessageID,
    ]

    /// Mutates the payloads of extended messages: handshake and ut_pex keys.
    public let payloadMutator: BencodeTreeMutator
    public var attempts = 6
    /// How many bytes at the start of an input precede the stream (a fuzz target's own header);
    /// they are kept as they are.
    public var preambleLength: @Sendable (UnsafeRawBufferPointer) -> Int = { _ in 0 }

    public init() {
        payloadMutator = BencodeTreeMutator(format: BencodeFormat(
            name: "peer_wire", keys: BencodeFormat.extendedHandshake.keys + BencodeFormat.utPex.keys))
    }

    public func mutate(_ input: UnsafeRawBufferPointer, maxSize: Int, using generator: inout SeededGenerator) -> [UInt8]? {
        mutated(input, maxSize: maxSize, using: &generator)?.bytes
    }

    public func crossOver(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, maxSize: Int, using generator: inout SeededGenerator) -> [UInt8]? {
        LengthPrefixedStream.crossOver(first, second, preambleLength: preambleLength, maxSize: maxSize, using: &generator)
    }

    /// One frame-level mutation of `input`, or nil when it has neither a handshake nor a whole
    /// frame, or every attempt came out larger than `maxSize`.
    package func mutated(_ input: UnsafeRawBufferPointer, maxSize: Int, using generator: inout SeededGenerator) -> Output? {
        LengthPrefixedStream.mutate(
            input, preambleLength: preambleLength(input), maxSize: maxSize, attempts: attempts, mutations: Self.mutations,
            using: &generator
        ) { mutation, stream, generator in apply(mutation, to: &stream, using: &generator) }
    }

    /// Applies `mutation` to a frame chosen at random; false when no frame suits it.
    func apply(_ mutation: FrameMutation, to stream: inout LengthPrefixedStream, using generator: inout SeededGenerator) -> Bool {
        let extended = stream.frames.indices.filter { stream.frames[$0].count >= 6 && stream.frames[$0][4] == Self.extendedMessageID }
        switch mutation {
        case .insertMessage:
            let negotiated = Self.negotiatedIDs(stream)
            let body: [UInt8]
            if negotiated.isEmpty || Bool.random(using: &generator) {
                // An extended handshake that negotiates ut_pex, so later ut_pex messages are routed.
                var handshake = BencodeFormat.extendedHandshake.randomDictionary(using: &generator)
                if case .dictionary(var dict) = handshake, Bool.random(using: &generator) {
                    dict["m"] = ["ut_pex": .integer(Int64(Int.random(in: 1...3, using: &generator)))]
                    handshake = .dictionary(dict)
                }
                body = [Self.extendedMessageID, 0] + BencodeEncoder.encode(handshake)
            } else {
                let id = negotiated.randomElement(using: &generator) ?? 1
                body = [Self.extendedMessageID, id] + BencodeEncoder.encode(BencodeFormat.utPex.randomDictionary(using: &generator))
            }
            stream.frames.insert(LengthPrefixedStream.frame(body), at: Int.random(in: 0...stream.frames.count, using: &generator))
        case .mutatePayload:
            guard let i = extended.randomElement(using: &generator) else { return false }
            let payload = stream.frames[i].dropFirst(6)
            guard let mutated = payloadMutator.mutated(payload, maxSize: Int(UInt32.max), using: &generator) else { return false }
            stream.frames[i] = LengthPrefixedStream.frame(stream.frames[i][4..<6] + mutated.bytes)
        case .changeExtendedID:
            guard let i = extended.randomElement(using: &generator) else { return false }
            let negotiated = Self.negotiatedIDs(stream)
            let current = stream.frames[i][5]
            var choices: [UInt8] = [0, 255, (negotiated.max() ?? 0) &+ 1, current &+ 1]
            choices += negotiated
            stream.frames[i][5] = choices.filter { $0 != current }.randomElement(using: &generator) ?? 0
        case .changeMessageID:
            guard let i = stream.frames.indices.filter({ stream.frames[$0].count >= 5 }).randomElement(using: &generator) else { return false }
            // The standard ids 0-9, DHT port 9, fast extension 13-17, extended 20, and unassigned ones.
            let ids: [UInt8] = Array(0...9) + [13, 14, 15, 16, 17, 20, 21, 255]
            let current = stream.frames[i][4]
            stream.frames[i][4] = ids.filter { $0 != current }.randomElement(using: &generator) ?? 20
        default:
            return stream.apply(mutation, keepAlive: [0, 0, 0, 0], using: &generator)
        }
        return true
    }

    /// The extended ids the stream's extended handshakes assign (the values of `m`), 1 to 255.
    static func negotiatedIDs(_ stream: LengthPrefixedStream) -> [UInt8] {
        var ids: [UInt8] = []
        for frame in stream.frames where frame.count >= 6 && frame[4] == extendedMessageID && frame[5] == 0 {
            guard let m = (try? BencodeDecoder(mode: .lenient).decode(frame.dropFirst(6)))?.value["m"]?.dictionary else { continue }
            for entry in m.entries {
                if let id = entry.value.integer, (1...255).contains(id) { ids.append(UInt8(id)) }
            }
        }
        return ids
    }
}
