import ArgumentParser
import Foundation
import Implementations

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer the implementation protocol on standard input and output with the reference codecs.",
        discussion: """
            One JSON request per line in, one answer per line out (docs/implementations.md):
            start, decode (every kind, lenient and strict) and session (the reference profile's
            receive paths). Ends at the end of standard input.
            """)

    @Option(name: .customLong("max-line"), help: "Bytes in one request line; a longer one is refused and skipped.")
    var maxLine: Int = 64 << 20

    func run() throws {
        let server = ReferenceImplementation(version: pexspecVersion)
        var pending: [UInt8] = []
        var skipping = false
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            pending.append(contentsOf: chunk[0..<n])
            if skipping {
                guard let newline = pending.firstIndex(of: UInt8(ascii: "\n")) else {
                    pending.removeAll(keepingCapacity: true)
                    continue
                }
                pending.removeSubrange(...newline)
                skipping = false
            }
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[start..<newline]
                start = newline + 1
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
                FileHandle.standardOutput.write(Data((server.answer(line) + "\n").utf8))
            }
            pending.removeSubrange(..<start)
            if pending.count > maxLine {
                // A request too long to be one: refused once, and the rest of its line skipped.
                FileHandle.standardOutput.write(Data((server.answer("{}".utf8) + "\n").utf8))
                pending.removeAll(keepingCapacity: true)
                skipping = true
            }
        }
    }
}

/// The version `pexspec serve` reports in its capabilities.
let pexspecVersion = "0.1"
