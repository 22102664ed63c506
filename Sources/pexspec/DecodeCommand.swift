import ArgumentParser
import Foundation
import WireCore
import WireDecode

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode one wire structure and print it as a JSON envelope.",
        discussion: """
            Kinds: \(DecodeKind.allCases.map(\.rawValue).joined(separator: ", ")).
            Prints exactly one JSON object: {"ok": true, "value": V, "warnings": [...]} or
            {"ok": false, "error": {"code": C, "offset": N, "message": M}}.
            Exit status: 0 decoded, 1 invalid input, 2 usage or I/O error.
            """)

    @Argument(help: "What to decode: \(DecodeKind.allCases.map(\.rawValue).joined(separator: " | ")).")
    var kind: String

    @Argument(help: "The input file; standard input when omitted or '-'.")
    var file: String?

    @Flag(help: "The input is hex text (white space ignored).")
    var hex = false

    @Flag(help: "Canonical input only: deviations that lenient mode warns about are errors.")
    var strict = false

    @Flag(help: "Indent the JSON output.")
    var pretty = false

    func run() throws {
        guard let decodeKind = DecodeKind(rawValue: kind) else {
            throw failUsage("unknown kind '\(kind)'; expected one of: \(DecodeKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var bytes = try readInput(file)
        if hex {
            guard let decoded = Hex.decode(String(decoding: bytes, as: UTF8.self)) else {
                throw failUsage("the input is not hex text (odd digit count or a character that is not a hex digit)")
            }
            bytes = decoded
        }
        let outcome = WireDecoder.decode(decodeKind, bytes, mode: strict ? .strict : .lenient)
        print(outcome.envelope.serialized(pretty: pretty))
        if !outcome.isSuccess { throw ExitCode(1) }
    }
}

/// The bytes of `path`, or of standard input for nil or "-"; a read failure is a usage error.
/// Read straight into one array, so a large input is held once, not twice.
func readInput(_ path: String?) throws -> [UInt8] {
    let name = path.flatMap { $0 == "-" ? nil : $0 }
    let fd: Int32
    if let name {
        fd = open(name, O_RDONLY)
        guard fd >= 0 else { throw failUsage("cannot read '\(name)'") }
    } else {
        fd = STDIN_FILENO
    }
    defer { if name != nil { close(fd) } }
    var bytes: [UInt8] = []
    var info = stat()
    if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { bytes.reserveCapacity(Int(info.st_size)) }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { throw failUsage("cannot read '\(name ?? "standard input")'") }
        if n == 0 { return bytes }
        bytes.append(contentsOf: chunk[0..<n])
    }
}
