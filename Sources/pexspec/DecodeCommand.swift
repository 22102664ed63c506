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

    @Option(name: .customLong("max-input"), help: "The most bytes read from the input (default 256 MiB); more is input_too_large.")
    var maxInput: Int = InputReader.defaultLimit

    func run() throws {
        guard let decodeKind = DecodeKind(rawValue: kind) else {
            throw failUsage("unknown kind '\(kind)'; expected one of: \(DecodeKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard maxInput >= 0 else { throw failUsage("--max-input takes a number of bytes, 0 or more") }
        var bytes: [UInt8]
        do {
            bytes = try InputReader.read(file, limit: maxInput)
        } catch let error as InputReader.TooLarge {
            print(DecodeOutcome.inputTooLarge(limit: error.limit).envelope.serialized(pretty: pretty))
            throw ExitCode(1)
        }
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

