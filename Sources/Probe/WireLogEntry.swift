import Report
import WireCore

/// One line of a connection's wire log: bytes the probe sent or received, or a connection event.
public struct WireLogEntry: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case sent
        case received
        /// Not bytes: the connection opened or closed, a timer fired.
        case event
    }

    /// How the bytes are delimited, as the conformance transcripts name it.
    public enum Framing: String, Sendable {
        case handshake
        case standard
        /// Bytes that are not a whole handshake or frame (the start of a frame the client cut off).
        case none
    }

    public var kind: Kind
    /// Seconds since the connection opened.
    public var time: Double
    public var framing: Framing
    /// The whole handshake or frame, length prefix included (its start only when ``length`` is
    /// larger: the log's memory cap was reached).
    public var bytes: [UInt8]
    /// The length of the whole handshake or frame.
    public var length: Int
    /// What the bytes are, for a reader.
    public var summary: String
    /// How many identical entries this one stands for: a coalesced run, from ``time`` to ``until``.
    public var count: Int
    public var until: Double?

    public init(kind: Kind, time: Double, framing: Framing, bytes: [UInt8], summary: String, count: Int = 1, until: Double? = nil) {
        self.kind = kind
        self.time = time
        self.framing = framing
        self.bytes = bytes
        self.length = bytes.count
        self.summary = summary
        self.count = count
        self.until = until
    }

    /// True when ``bytes`` holds the whole frame.
    public var isWhole: Bool { bytes.count == length }
}

extension WireLogEntry {
    /// Bytes of one entry written as hex; the oversized-frame case sends 2 MiB, and its length
    /// is all a reader needs beyond the start.
    static let maxLoggedBytes = 4096

    /// Bytes of hex a report writes for one connection's whole log; past it, each entry shows
    /// its first ``hexBytesPastBudget`` bytes (and its length).
    static let hexBudgetPerLog = 64 << 10
    static let hexBytesPastBudget = 32

    /// The entry in the one result model, with at most `hexBytes` of its bytes as hex.
    package func reportEntry(hexBytes: Int = maxLoggedBytes) -> WireLog.Entry {
        WireLog.Entry(
            kind: kind.rawValue, time: time, until: count > 1 ? until : nil, framing: framing.rawValue,
            hex: Hex.encode(bytes.prefix(min(hexBytes, Self.maxLoggedBytes))), length: length, count: count > 1 ? count : nil, summary: summary)
    }

    /// A connection's log for a report: hex within ``hexBudgetPerLog``.
    static func reportEntries(_ log: [WireLogEntry]) -> [WireLog.Entry] {
        var budget = hexBudgetPerLog
        return log.map { entry in
            let shown = budget > 0 ? min(entry.bytes.count, maxLoggedBytes) : hexBytesPastBudget
            budget -= shown
            return entry.reportEntry(hexBytes: shown)
        }
    }
}

/// One connection's wire log, bounded whatever the client sends: runs of identical entries are
/// coalesced into one, the first ``maxEntries`` are kept and the last ``tailEntries``, and bytes
/// beyond ``maxBytes`` of memory are cut to their first 64 (the length stays); what is left out
/// is counted in ``omitted``.
struct ConnectionLog: Sendable {
    var maxEntries: Int
    var maxBytes: Int
    var tailEntries: Int
    private(set) var head: [WireLogEntry] = []
    private(set) var tail: [WireLogEntry] = []
    /// Entries dropped between ``head`` and ``tail``.
    private(set) var omitted = 0
    /// Memory the kept entries hold: their bytes, summaries and a fixed cost each.
    private(set) var memory = 0

    static let entryOverhead = 128
    static let bytesKeptOverCap = 64

    init(maxEntries: Int, maxBytes: Int, tailEntries: Int = ProbeConfiguration.logTailEntries) {
        self.maxEntries = max(1, maxEntries)
        self.maxBytes = maxBytes
        self.tailEntries = tailEntries
    }

    /// Everything kept, in the order it was logged.
    var entries: [WireLogEntry] { head + tail }

    mutating func append(_ entry: WireLogEntry) {
        if Self.coalesce(entry, into: &tail) || (tail.isEmpty && Self.coalesce(entry, into: &head)) { return }
        var entry = entry
        if memory + Self.cost(entry) > maxBytes && entry.bytes.count > Self.bytesKeptOverCap {
            entry.bytes = Array(entry.bytes.prefix(Self.bytesKeptOverCap))
        }
        memory += Self.cost(entry)
        if head.count < maxEntries {
            head.append(entry)
            return
        }
        tail.append(entry)
        if tail.count > tailEntries {
            memory -= Self.cost(tail.removeFirst())
            omitted += 1
        }
    }

    /// Adds `entry` to the last of `entries` when it is the same frame or event again.
    private static func coalesce(_ entry: WireLogEntry, into entries: inout [WireLogEntry]) -> Bool {
        guard let last = entries.last, last.kind == entry.kind, last.framing == entry.framing, last.length == entry.length,
            last.summary == entry.summary, last.bytes == Array(entry.bytes.prefix(last.bytes.count)), entry.kind != .event
        else { return false }
        entries[entries.count - 1].count += entry.count
        entries[entries.count - 1].until = entry.until ?? entry.time
        return true
    }

    private static func cost(_ entry: WireLogEntry) -> Int { entryOverhead + entry.bytes.count + entry.summary.utf8.count }
}
