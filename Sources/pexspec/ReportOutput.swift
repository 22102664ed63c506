import ArgumentParser
import Foundation
import Report

/// Report formats every subcommand that judges cases writes, and the one way they are written:
/// rendered a case at a time into a buffered stream on the file (or standard output).
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, junit

    static let names = allCases.map(\.rawValue).joined(separator: ", ")

    /// Writes `run` in this format to `path` (standard output when nil); a write failure is a usage error.
    func write(_ run: Run, verbose: Bool = false, to path: String?) throws {
        var sink = try ReportSink(path: path)
        switch self {
        case .text: TextRenderer.write(run, verbose: verbose, to: &sink)
        case .json: JSONRenderer.write(run, to: &sink)
        case .junit: JUnitRenderer.write(run, to: &sink)
        }
        try sink.close()
    }
}

/// A text stream onto a file descriptor, flushed every 64 KiB, so a report is never held whole.
struct ReportSink: TextOutputStream {
    private let fd: Int32
    private let path: String?
    private var buffer: [UInt8] = []
    private var failed = false

    init(path: String?) throws {
        self.path = path
        if let path {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw failUsage("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        } else {
            fd = STDOUT_FILENO
        }
        buffer.reserveCapacity(1 << 16)
    }

    mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    private mutating func flush() {
        var offset = 0
        while offset < buffer.count && !failed {
            let n = buffer[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { failed = true } else { offset += n }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes; a write that failed is a usage error.
    mutating func close() throws {
        flush()
        if path != nil { Foundation.close(fd) }
        if failed { throw failUsage("cannot write '\(path ?? "standard output")'") }
    }
}
