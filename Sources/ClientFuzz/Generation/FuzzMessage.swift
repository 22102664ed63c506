import WireCore

/// One message the fuzzer sends a client: its bytes as they go on the wire (one frame, or a
/// mutated run of frames), where the writes are cut, and how it was made.
public struct FuzzMessage: Sendable, Hashable {
    /// What the message is, for the counts of the report and the choice of generator.
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        /// A re-sent BEP 10 extended handshake (extended id 0), mutated.
        case extendedHandshake = "ext_handshake"
        /// A ut_pex message under the client's own ut_pex id, mutated.
        case utPex = "ut_pex"
        /// An Azureus message (AZ_HANDSHAKE, AZ_PEER_EXCHANGE, BT_*) in Azureus framing.
        case azureus = "az"
        /// A run of peer-wire frames with the framing itself mutated (lengths, ids, split and joined frames).
        case framing

        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    public var kind: Kind
    /// The bytes, length prefixes included; ut_pex under the id the client assigned.
    public var bytes: [UInt8]
    /// Offsets (ascending, inside the bytes) where one write ends and the next begins: a frame
    /// split across TCP segments.
    public var cuts: [Int]
    /// The seed it came from: a corpus file (`Corpus/FuzzUTPex/ipv6-only`) or a built-in seed (`hazard:metadata-size-2^40`).
    public var origin: String
    /// The mutations applied to the seed, in order (`resize_string`, `split_frame`, …); empty when sent as it is.
    public var mutations: [String]

    public init(kind: Kind, bytes: [UInt8], cuts: [Int] = [], origin: String, mutations: [String] = []) {
        self.kind = kind
        self.bytes = bytes
        self.cuts = cuts
        self.origin = origin
        self.mutations = mutations
    }

    /// `ut_pex from Corpus/FuzzUTPex/ipv6-only [resize_string], 58 bytes in 2 writes`.
    public var summary: String {
        let how = mutations.isEmpty ? "" : " [" + mutations.joined(separator: ", ") + "]"
        let writes = cuts.isEmpty ? "" : " in \(cuts.count + 1) writes"
        return "\(kind.rawValue) from \(origin)\(how), \(bytes.count) bytes\(writes)"
    }

    /// The first mutation, or `none`: the part of a reaction's signature that says how the message was made.
    public var leadingMutation: String { mutations.first ?? "none" }

    /// The writes: the bytes cut at ``cuts``.
    public var writes: [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        for cut in cuts where cut > start && cut < bytes.count {
            out.append(Array(bytes[start..<cut]))
            start = cut
        }
        out.append(Array(bytes[start...]))
        return out
    }
}
