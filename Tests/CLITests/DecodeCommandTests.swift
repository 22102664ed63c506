import Foundation
import Testing
import WireJSON

/// Runs the built `pexspec` executable, as a user or a script would.
enum CLIError: Error { case notBuilt }

struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: JSONValue? { try? JSONValue.parse(stdout) }
    }

    static var executable: URL? {
        // The test bundle sits in the same products folder as the executable.
        let productsFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [productsFolder, productsFolder.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("pexspec")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/pexspec")
        return FileManager.default.isExecutableFile(atPath: fromSource.path) ? fromSource : nil
    }

    static func run(_ arguments: [String], stdin: [UInt8] = []) throws -> Result {
        let process = Process()
        guard let executable else { throw CLIError.notBuilt }
        process.executableURL = executable
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    static func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pexspec-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return url
    }
}

let bep10Example = Array("d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e".utf8)
let bep10ExampleValue: JSONValue = ["m": ["LT_metadata": 1, "ut_pex": 2], "p": 6881, "v": "uTorrent 1.2"]

@Suite(.serialized) struct DecodeCommandTests {
    @Test func decodesFromStandardInput() throws {
        let result = try CLI.run(["decode", "bencode"], stdin: bep10Example)
        #expect(result.status == 0)
        #expect(result.json == ["ok": true, "value": bep10ExampleValue, "warnings": []])
        #expect(result.stdout.split(separator: "\n").count == 1, "exactly one JSON object on one line")
    }

    @Test func decodesFromAFileAndFromDash() throws {
        let file = try CLI.temporaryFile(bep10Example)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try CLI.run(["decode", "bencode", file.path]).json?["value"] == bep10ExampleValue)
        #expect(try CLI.run(["decode", "bencode", "-"], stdin: bep10Example).json?["value"] == bep10ExampleValue)
    }

    @Test func decodesHexWithWhiteSpace() throws {
        let hex = "64 31 3a 61\n69 2d 30 65 65"  // d1:ai-0ee
        let result = try CLI.run(["decode", "bencode", "--hex"], stdin: Array(hex.utf8))
        #expect(result.status == 0)
        #expect(result.json == ["ok": true, "value": ["a": 0], "warnings": [["code": "negative_zero", "offset": 5]]])
    }

    @Test func strictTurnsWarningsIntoErrorsWithExitOne() throws {
        let result = try CLI.run(["decode", "bencode", "--strict"], stdin: Array("i03e".utf8))
        #expect(result.status == 1)
        #expect(result.json?["ok"] == false)
        #expect(result.json?["error"]?["code"] == "leading_zero")
        #expect(result.json?["error"]?["offset"] == 1)
        #expect(result.json?["error"]?["message"]?.stringValue?.isEmpty == false)
    }

    @Test func invalidInputIsAJSONErrorWithExitOne() throws {
        let result = try CLI.run(["decode", "bencode"], stdin: Array("4294967295:abcdefghi".utf8))
        #expect(result.status == 1)
        #expect(result.json?["error"]?["code"] == "unexpected_eof")
        #expect(result.json?["error"]?["offset"] == 20)
    }

    @Test func binaryStringsAndKeysAreHex() throws {
        let result = try CLI.run(["decode", "bencode", "--hex"], stdin: Array("64313aff333aff00fe65".utf8))
        #expect(result.json?["value"] == ["hex:ff": ["hex": "ff00fe"]])
    }

    @Test(arguments: [
        (["decode", "nonsense"], "unknown kind"),
        (["decode", "bencode", "/nonexistent/file"], "cannot read"),
        (["decode", "bencode", "--hex"], "not hex"),
        (["decode"], "Missing expected argument"),
        (["decode", "bencode", "--no-such-flag"], "Unknown option"),
    ])
    func usageAndIOErrorsExitTwoWithOneLine(arguments: [String], message: String) throws {
        let result = try CLI.run(arguments, stdin: Array("zz".utf8))
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments)")
    }
}
