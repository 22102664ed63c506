import AzureusWire
import Bencode
import Foundation
import FuzzHarness
import PeerWire
import WireCore

/// Makes the messages of a fuzz run from seeds (the project's corpora and ``HazardSeeds``) with
/// the project's structure-aware mutators: ``BencodeTreeMutator`` for extended handshakes,
/// ut_pex and Azureus payloads, ``PeerWireStreamMutator`` and ``AzureusStreamMutator`` for
/// framing. Everything is drawn from the ``SeededGenerator`` it is given, so a seed gives the
/// same messages again; every peer address goes through ``LoopbackPeers``.
public struct MessageGenerator: Sendable {
    public var extendedHandshakes: [SeedPayload]
    public var utPexPayloads: [SeedPayload]
    /// Whole Azureus frames.
    public var azureusFrames: [SeedPayload]
    /// The largest message made, in bytes.
    public var maxMessageSize = 64 * 1024
    /// The most mutations stacked on one seed.
    public var maxMutations = 3

    let handshakeMutator = BencodeTreeMutator(format: .extendedHandshake)
    let pexMutator = BencodeTreeMutator(format: .utPex)
    let azureusPayloadMutator = BencodeTreeMutator(format: .azureus)
    let streamMutator = PeerWireStreamMutator()
    let azureusMutator = AzureusStreamMutator()

    public init(extendedHandshakes: [SeedPayload], utPexPayloads: [SeedPayload], azureusFrames: [SeedPayload]) {
        self.extendedHandshakes = extendedHandshakes
        self.utPexPayloads = utPexPayloads
        self.azureusFrames = azureusFrames
    }

    /// The built-in seeds plus, when `corpus` is a folder, every file of its
    /// `FuzzExtendedHandshake`, `FuzzUTPex`, `FuzzAzureusPex` and `FuzzAzureusHandshake` folders (in
    /// name order, so a seed means the same messages on every machine with the same corpus).
    public static func loading(corpus: String?) -> MessageGenerator {
        func files(_ target: String) -> [SeedPayload] {
            guard let corpus else { return [] }
            let folder = URL(fileURLWithPath: corpus).appendingPathComponent(target)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            return names.compactMap { name in
                let url = folder.appendingPathComponent(name)
                guard let data = try? Data(contentsOf: url), data.count <= 1 << 20 else { return nil }
                return SeedPayload(name: "\(target)/\(name)", bytes: Array(data))
            }
        }
        let azureus = files("FuzzAzureusPex").map { SeedPayload(name: $0.name, bytes: AzureusFrame(messageID: .azPeerExchange, payload: $0.bytes).encoded) }
            + files("FuzzAzureusHandshake").map { SeedPayload(name: $0.name, bytes: AzureusFrame(messageID: .azHandshake, payload: $0.bytes).encoded) }
        return MessageGenerator(
            extendedHandshakes: HazardSeeds.extendedHandshakes + files("FuzzExtendedHandshake"),
            utPexPayloads: HazardSeeds.utPex + files("FuzzUTPex"),
            azureusFrames: HazardSeeds.azureus + azureus)
    }

    /// One message of `kind`; ut_pex goes under `pexID`, the id the client assigned.
    public func message(_ kind: FuzzMessage.Kind, pexID: UInt8, using generator: inout SeededGenerator) -> FuzzMessage {
        var message: FuzzMessage
        switch kind {
        case .extendedHandshake:
            let (origin, payload, mutations) = mutatedPayload(extendedHandshakes, handshakeMutator, using: &generator)
            message = FuzzMessage(kind: kind, bytes: PeerMessage.extended(id: 0, payload: payload).encoded, origin: origin, mutations: mutations)
        case .utPex:
            let (origin, payload, mutations) = mutatedPayload(utPexPayloads, pexMutator, using: &generator)
            message = FuzzMessage(kind: kind, bytes: PeerMessage.extended(id: pexID, payload: payload).encoded, origin: origin, mutations: mutations)
        case .framing:
            message = framing(pexID: pexID, using: &generator)
        case .azureus:
            message = azureus(using: &generator)
        }
        message.bytes = LoopbackPeers.confineAll(message.bytes)
        // A frame split over TCP writes, one time in six.
        if message.bytes.count >= 2 && Int.random(in: 0..<6, using: &generator) == 0 {
            let count = Int.random(in: 1...min(3, message.bytes.count - 1), using: &generator)
            message.cuts = Array(Set((0..<count).map { _ in Int.random(in: 1..<message.bytes.count, using: &generator) })).sorted()
        }
        return message
    }

    /// A seed, sent as it is one time in four, else with 1 to ``maxMutations`` tree mutations (a
    /// crossover with another seed among them now and then).
    func mutatedPayload(_ seeds: [SeedPayload], _ mutator: BencodeTreeMutator, using generator: inout SeededGenerator) -> (String, [UInt8], [String]) {
        guard let seed = seeds.randomElement(using: &generator) else { return ("empty", Array("de".utf8), []) }
        var bytes = seed.bytes
        var mutations: [String] = []
        if Int.random(in: 0..<4, using: &generator) != 0 {
            for _ in 0..<Int.random(in: 1...maxMutations, using: &generator) {
                let output: BencodeTreeMutator.Output?
                if Int.random(in: 0..<8, using: &generator) == 0, let other = seeds.randomElement(using: &generator) {
                    output = mutator.crossedOver(bytes, other.bytes, maxSize: maxMessageSize, using: &generator)
                } else {
                    output = mutator.mutated(bytes, maxSize: maxMessageSize, using: &generator)
                }
                guard let output else { break }
                bytes = output.bytes
                mutations.append(output.mutation.rawValue)
            }
        }
        return (seed.name, bytes, mutations)
    }

    /// Two to four ordinary frames (ut_pex, a re-sent extended handshake, keep-alive,
    /// interested, have), then one or two ``PeerWireStreamMutator`` mutations over the run.
    func framing(pexID: UInt8, using generator: inout SeededGenerator) -> FuzzMessage {
        var frames: [[UInt8]] = []
        var origins: [String] = []
        for _ in 0..<Int.random(in: 2...4, using: &generator) {
            switch Int.random(in: 0..<5, using: &generator) {
            case 0, 1:
                let seed = utPexPayloads.randomElement(using: &generator)
                frames.append(PeerMessage.extended(id: pexID, payload: seed?.bytes ?? Array("de".utf8)).encoded)
                origins.append(seed?.name ?? "ut_pex")
            case 2:
                let seed = extendedHandshakes.randomElement(using: &generator)
                frames.append(PeerMessage.extended(id: 0, payload: seed?.bytes ?? Array("de".utf8)).encoded)
                origins.append(seed?.name ?? "ext_handshake")
            case 3:
                frames.append(PeerMessage.keepAlive.encoded)
                origins.append("keep-alive")
            default:
                frames.append(Bool.random(using: &generator) ? PeerMessage.interested.encoded : PeerMessage.have(pieceIndex: 0).encoded)
                origins.append("bep3")
            }
        }
        var bytes = Array(frames.joined())
        var mutations: [String] = []
        for _ in 0..<Int.random(in: 1...2, using: &generator) {
            let output = bytes.withUnsafeBytes { streamMutator.mutated($0, maxSize: maxMessageSize, using: &generator) }
            guard let output else { break }
            bytes = output.bytes
            mutations.append(output.mutation.rawValue)
        }
        return FuzzMessage(kind: .framing, bytes: bytes, origin: origins.joined(separator: "+"), mutations: mutations)
    }

    /// An Azureus frame: its payload mutated as a tree and re-framed, or the frame mutated by
    /// ``AzureusStreamMutator``.
    func azureus(using generator: inout SeededGenerator) -> FuzzMessage {
        guard let seed = azureusFrames.randomElement(using: &generator) else {
            return FuzzMessage(kind: .azureus, bytes: AzureusFrame(messageID: .btKeepAlive).encoded, origin: "keep-alive")
        }
        var bytes = seed.bytes
        var mutations: [String] = []
        if Bool.random(using: &generator), let frame = try? AzureusFrame.decode(bytes, mode: .lenient).value,
            let output = azureusPayloadMutator.mutated(frame.payload, maxSize: maxMessageSize, using: &generator)
        {
            bytes = AzureusFrame(messageID: frame.messageID, version: frame.version, payload: output.bytes).encoded
            mutations.append(output.mutation.rawValue)
        } else if let output = bytes.withUnsafeBytes({ azureusMutator.mutated($0, maxSize: maxMessageSize, using: &generator) }) {
            bytes = output.bytes
            mutations.append(output.mutation.rawValue)
        }
        return FuzzMessage(kind: .azureus, bytes: bytes, origin: seed.name, mutations: mutations)
    }
}
