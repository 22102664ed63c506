import AzureusWire
import Bencode
import WireCore

/// Mutates an Azureus messaging byte stream (an optional BitTorrent handshake, then frames of
/// length, id length, id, version, payload) frame by frame: the length-prefix mutations of
/// ``LengthPrefixedStream``, the id length off by one, unknown and swapped ids, the version byte,
/// and AZ_HANDSHAKE / AZ_PEER_EXCHANGE payloads mutated as bencode trees.
public struct AzureusStreamMutator: StructureAwareMutator {
    /// One mutated stream and how it was made.
    package typealias Output = LengthPrefixedStream.Mutated

    /// The mutations this mutator makes.
    public static let mutations: [FrameMutation] = [
        .lengthOffByOne, .splitFrame, .joinFrames, .insertKeepAlive, .duplicateFrame, .dropFrame, .swapFrames,
        .insertMessage, .mutatePayload, .idLengthOffByOne, .unknownID, .knownID, .versionByte,
    ]

    /// Version bytes worth trying: the supported 0-2, an unsupported 3, and BiglyBT's flags form
    /// with and without the padding flag.
    static let versions: [UInt8] = [0, 1, 2, 3, 0x12, 0x22, 0x13, 0xf2, 0xff]

    public let payloadMutator = BencodeTreeMutator(format: .azureus)
    public var attempts = 6
    /// How many bytes at the start of an input precede the stream (a fuzz target's own header);
    /// they are kept as they are.
    public var preambleLength: @Sendable (UnsafeRawBufferPointer) -> Int = { _ in 0 }

    public init() {}

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

    /// The parts of an Azureus frame: id, version byte, and the rest (padding and payload).
    struct Parts {
        var id: [UInt8]
        var version: UInt8
        var rest: [UInt8]

        init?(_ frame: [UInt8]) {
            guard frame.count >= 9 else { return nil }
            let idLength = Int(BigEndian.uint32(frame, at: 4))
            guard idLength <= frame.count - 9 else { return nil }
            id = Array(frame[8..<(8 + idLength)])
            version = frame[8 + idLength]
            rest = Array(frame[(9 + idLength)...])
        }

        init(id: [UInt8], version: UInt8 = AzureusFrame.currentVersion, rest: [UInt8] = []) {
            self.id = id
            self.version = version
            self.rest = rest
        }

        var encoded: [UInt8] {
            LengthPrefixedStream.frame(LengthPrefixedStream.bigEndian(UInt32(truncatingIfNeeded: id.count)) + id + [version] + rest)
        }
    }

    /// Applies `mutation` to a frame chosen at random; false when no frame suits it.
    func apply(_ mutation: FrameMutation, to stream: inout LengthPrefixedStream, using generator: inout SeededGenerator) -> Bool {
        let parsed = stream.frames.indices.filter { Parts(stream.frames[$0]) != nil }
        switch mutation {
        case .insertKeepAlive:
            let keepAlive = Parts(id: AzureusMessageID.btKeepAlive.encoded).encoded
            return stream.apply(.insertKeepAlive, keepAlive: keepAlive, using: &generator)
        case .insertMessage:
            let (id, format): (AzureusMessageID, BencodeFormat) = Bool.random(using: &generator)
                ? (.azPeerExchange, .azureusPeerExchange) : (.azHandshake, .azureusHandshake)
            let payload = BencodeEncoder.encode(format.randomDictionary(using: &generator))
            let frame = Parts(id: id.encoded, rest: payload).encoded
            stream.frames.insert(frame, at: Int.random(in: 0...stream.frames.count, using: &generator))
        case .mutatePayload:
            // Only frames whose payload decodes as bencode; BiglyBT padding would hide it, so none with padding.
            let candidates = parsed.filter { (try? BencodeDecoder(mode: .lenient).decode(Parts(stream.frames[$0])?.rest ?? [])) != nil }
            guard let i = candidates.randomElement(using: &generator), var parts = Parts(stream.frames[i]),
                let mutated = payloadMutator.mutated(parts.rest, maxSize: Int(UInt32.max), using: &generator)
            else { return false }
            parts.rest = mutated.bytes
            stream.frames[i] = parts.encoded
        case .idLengthOffByOne:
            guard let i = parsed.randomElement(using: &generator) else { return false }
            let idLength = BigEndian.uint32(stream.frames[i], at: 4)
            let skewed = Bool.random(using: &generator) ? idLength &+ 1 : idLength &- 1
            stream.frames[i].replaceSubrange(4..<8, with: LengthPrefixedStream.bigEndian(skewed))
        case .unknownID:
            guard let i = parsed.randomElement(using: &generator), var parts = Parts(stream.frames[i]) else { return false }
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !parts.id.isEmpty: parts.id.removeLast()
            case 1 where !parts.id.isEmpty: parts.id[Int.random(in: 0..<parts.id.count, using: &generator)] ^= 0x20
            case 2: parts.id.append(UInt8(ascii: "X"))
            default: parts.id = BencodeFormat.randomBytes(Int.random(in: 0...24, using: &generator), using: &generator)
            }
            stream.frames[i] = parts.encoded
        case .knownID:
            guard let i = parsed.randomElement(using: &generator), var parts = Parts(stream.frames[i]) else { return false }
            parts.id = AzureusMessageID.known.filter { $0.encoded != parts.id }.randomElement(using: &generator)?.encoded ?? parts.id
            stream.frames[i] = parts.encoded
        case .versionByte:
            guard let i = parsed.randomElement(using: &generator), var parts = Parts(stream.frames[i]) else { return false }
            parts.version = Self.versions.filter { $0 != parts.version }.randomElement(using: &generator) ?? 1
            stream.frames[i] = parts.encoded
        default:
            return stream.apply(mutation, keepAlive: Parts(id: AzureusMessageID.btKeepAlive.encoded).encoded, using: &generator)
        }
        return true
    }
}
