import Foundation

/// Reads what the client's log files gained since the last look and keeps the lines that say
/// the client hit an assertion, a sanitizer report or a fatal signal.
///
/// Bounded: at most ``maxBytesPerLook`` new bytes of each file are read per look (the rest is
/// skipped and said so), and at most ``maxKeptLines`` lines are kept in all.
public struct LogWatch: Sendable {
    public let paths: [String]
    private var offsets: [String: UInt64] = [:]
    public private(set) var matches: [String] = []
    public private(set) var skippedBytes: UInt64 = 0

    public static let maxBytesPerLook = 1 << 20
    public static let maxKeptLines = 50
    /// Case-sensitive markers of a client in trouble: C/C++ assertions, libtorrent's and
    /// Transmission's own assertion macros, sanitizer reports, valgrind memcheck's error headers,
    /// fatal signals, Python tracebacks (the libtorrent swarm runs under Python).
    public static let markers = [
        "Assertion", "assertion failed", "ASSERT", "TR_ASSERT", "AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
        "runtime error:", "Invalid read", "Invalid write", "Invalid free", "Mismatched free", "Conditional jump or move depends on uninitialised",
        "Use of uninitialised value", "Syscall param", "definitely lost", "Segmentation fault", "SIGSEGV", "SIGABRT",
        "terminate called", "Aborted", "Traceback (most recent call last)", "core dumped", "stack smashing",
    ]

    /// Starts at the current end of each file: what was there before the run is not the run's.
    public init(paths: [String]) {
        self.paths = paths
        for path in paths { offsets[path] = Self.size(path) }
    }

    /// Reads the new bytes of each file; returns the lines that matched in this look.
    public mutating func look() -> [String] {
        var found: [String] = []
        for path in paths {
            guard let handle = FileHandle(forReadingAtPath: path) else { continue }
            defer { try? handle.close() }
            let end = Self.size(path)
            var start = offsets[path] ?? 0
            if end < start { start = 0 }  // truncated or replaced
            if end - start > UInt64(Self.maxBytesPerLook) {
                skippedBytes += end - start - UInt64(Self.maxBytesPerLook)
                start = end - UInt64(Self.maxBytesPerLook)
            }
            try? handle.seek(toOffset: start)
            let data = (try? handle.read(upToCount: Int(end - start))) ?? Data()
            offsets[path] = start + UInt64(data.count)
            let text = String(decoding: data, as: UTF8.self)
            // valgrind's leak summary says "definitely lost: 0 bytes" when nothing was.
            for line in text.split(separator: "\n") where Self.markers.contains(where: { line.contains($0) }) && !line.contains("definitely lost: 0 bytes") {
                found.append("\((path as NSString).lastPathComponent): \(line.prefix(300))")
            }
        }
        for line in found where matches.count < Self.maxKeptLines { matches.append(line) }
        return found
    }

    static func size(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value ?? 0
    }
}
