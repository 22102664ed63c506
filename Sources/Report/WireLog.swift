/// Everything that crossed one connection (or one replayed transcript), held once per run and
/// referenced by id from each case that was judged on it.
///
/// A log is bounded by whoever fills it (the probe keeps a capped number of entries and
/// coalesces runs of identical frames); `omitted` counts what was left out so the reader knows.
public struct WireLog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// `sent`, `received`, `event` (not bytes: opened, closed, a timer) or `message` (a replayed line).
        public var kind: String
        /// Seconds since the connection opened; for a coalesced run, the first of them.
        public var time: Double?
        /// For a coalesced run, the time of its last entry.
        public var until: Double?
        /// How the bytes are delimited (`handshake`, `standard`, `none`).
        public var framing: String?
        /// The bytes as hex, possibly cut (see `length`).
        public var hex: String?
        /// The whole length of the bytes, even when `hex` is cut.
        public var length: Int?
        /// How many identical entries this one stands for (nil: one).
        public var count: Int?
        public var summary: String

        public init(
            kind: String, time: Double? = nil, until: Double? = nil, framing: String? = nil, hex: String? = nil, length: Int? = nil,
            count: Int? = nil, summary: String
        ) {
            self.kind = kind
            self.time = time
            self.until = until
            self.framing = framing
            self.hex = hex
            self.length = length
            self.count = count
            self.summary = summary
        }

        /// `>>` sent, `<<` received, `**` anything else.
        public var arrow: String {
            switch kind {
            case "sent": return ">>"
            case "received": return "<<"
            default: return "**"
            }
        }
    }

    /// Unique within its run: the local address of a connection, the file of a transcript.
    public var id: String
    public var entries: [Entry]
    /// Entries the producer did not keep (over its cap), counted.
    public var omitted: Int

    public init(id: String, entries: [Entry], omitted: Int = 0) {
        self.id = id
        self.entries = entries
        self.omitted = omitted
    }
}
