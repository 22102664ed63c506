// The members format 2 adds: named peers, connections on one timeline, the torrent.
extension Transcript {
    /// One peer of a scenario.
    public struct Node: Sendable, Equatable {
        /// `[a-z][a-z0-9_]*`; messages and connections name peers by it.
        public var name: String
        public var peer: Peer
        /// The address other peers announce it under in PEX, when the case gives one (BEP 11 timeline checks).
        public var address: String?
        /// Whether it joined by a magnet link and is still fetching the metadata, so it cannot know yet
        /// whether the torrent is private.
        public var fetchingMetadata: Bool

        public init(name: String, peer: Peer, address: String? = nil, fetchingMetadata: Bool = false) {
            self.name = name
            self.peer = peer
            self.address = address
            self.fetchingMetadata = fetchingMetadata
        }
    }

    /// One connection: `a` opened it at `opened`, `b` accepted it; `closed` when it ended.
    public struct Connection: Sendable, Equatable {
        public var id: String
        public var a: String
        public var b: String
        public var opened: Double
        public var closed: Double?

        public init(id: String, a: String, b: String, opened: Double = 0, closed: Double? = nil) {
            self.id = id
            self.a = a
            self.b = b
            self.opened = opened
            self.closed = closed
        }

        /// The peer on `side` of this connection.
        public func name(_ side: TranscriptMessage.Direction.Side) -> String { side == .a ? a : b }

        /// Whether the connection was up at `time`.
        public func isOpen(at time: Double) -> Bool { opened <= time && closed.map { time < $0 } ?? true }
    }

    /// The torrent the peers share.
    public struct Torrent: Sendable, Equatable {
        /// BEP 27: the metainfo's info dictionary has `private=1`.
        public var isPrivate: Bool
        public init(isPrivate: Bool = false) { self.isPrivate = isPrivate }
    }
}
