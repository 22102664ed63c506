/// How a peer prefers to be connected to, as AZ_PEER_EXCHANGE's `added_HST` says it.
public enum HandshakeType: UInt8, Sendable, Hashable {
    case plain = 0
    case crypto = 1
}

/// One peer in a PEX update, with what either dialect can say about it.
public struct PexPeer: Hashable, Sendable, CustomStringConvertible {
    public var address: PeerAddress
    /// ut_pex `added.f` bits; empty where the dialect or the message carries none.
    public var flags: PeerFlags
    /// AZ_PEER_EXCHANGE `added_HST`; nil in ut_pex.
    public var handshakeType: HandshakeType?
    /// AZ_PEER_EXCHANGE `added_UDP`; nil in ut_pex.
    public var udpPort: UInt16?

    @inlinable
    public init(address: PeerAddress, flags: PeerFlags = [], handshakeType: HandshakeType? = nil, udpPort: UInt16? = nil) {
        self.address = address
        self.flags = flags
        self.handshakeType = handshakeType
        self.udpPort = udpPort
    }

    public var description: String { "\(address)\(flags.isEmpty ? "" : " \(flags)")" }
}

/// One PEX message in a dialect-neutral form: what ut_pex and AZ_PEER_EXCHANGE both say.
///
/// A ut_pex message and an AZ_PEER_EXCHANGE that announce the same peers decode to updates whose
/// ``addedAddresses`` and ``droppedAddresses`` are equal; the per-peer extras
/// (``PexPeer/flags``, ``PexPeer/handshakeType``, ``PexPeer/udpPort``) are what only one
/// dialect carries.
public struct PexUpdate: Hashable, Sendable {
    public var added: [PexPeer]
    public var dropped: [PexPeer]

    public init(added: [PexPeer] = [], dropped: [PexPeer] = []) {
        self.added = added
        self.dropped = dropped
    }

    public var addedAddresses: [PeerAddress] { added.map(\.address) }
    public var droppedAddresses: [PeerAddress] { dropped.map(\.address) }

    /// True when the update names no peer at all: the message uTorrent 1.8.1 disconnects on.
    public var isEmpty: Bool { added.isEmpty && dropped.isEmpty }

    /// The same peers, with what only one dialect carries left out.
    public var addressesOnly: PexUpdate {
        PexUpdate(added: added.map { PexPeer(address: $0.address) }, dropped: dropped.map { PexPeer(address: $0.address) })
    }
}

extension PexPeer {
    /// Whether the peer prefers encrypted connections, as either dialect says it: the ut_pex
    /// `added.f` bit 0x01 or the AZ_PEER_EXCHANGE `added_HST` type crypto. What a builder of
    /// either dialect writes for a peer that came from the other.
    public var prefersEncryption: Bool {
        handshakeType == .crypto || flags.contains(.prefersEncryption)
    }
}
