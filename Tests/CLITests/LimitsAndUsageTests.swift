import Foundation
import Testing
import WireJSON

/// Input limits, one-line usage errors for every subcommand, and `pexspec matrix`, as a user
/// runs them. Hostile inputs are generated here, never committed.
@Suite(.serialized) struct LimitsAndUsageTests {
    @Test func decodeBeyondMaxInputIsInputTooLarge() throws {
        for arguments in [["decode", "frames", "--max-input", "1000"], ["decode", "bencode", "-", "--max-input", "1000"]] {
            let result = try CLI.run(arguments, stdin: [UInt8](repeating: 0, count: 5_000))
            #expect(result.status == 1, "\(arguments)")
            #expect(result.json?["error"]?["code"] == "input_too_large", "\(arguments): \(result.stdout)")
            #expect(result.json?["error"]?["offset"] == 1000)
            #expect(result.stdout.split(separator: "\n").count == 1, "exactly one JSON envelope")
        }
        let file = try CLI.temporaryFile([UInt8](repeating: 0x30, count: 2_000))
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try CLI.run(["decode", "bencode", file.path, "--max-input", "1999"])
        #expect(fromFile.json?["error"]?["code"] == "input_too_large")
        let exact = try CLI.run(["decode", "frames", "--max-input", "8"], stdin: [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(exact.status == 0, "exactly the maximum is read whole: \(exact.stdout)")
    }

    @Test func probeTorrentBeyondMaxInputIsInputTooLarge() throws {
        let result = try CLI.run(["probe", "127.0.0.1:1", "--torrent", "-", "--max-input", "100"], stdin: [UInt8](repeating: 0x64, count: 1_000))
        #expect(result.status == 1)
        #expect(result.json?["error"]?["code"] == "input_too_large", "\(result.stdout) \(result.stderr)")
    }

    @Test func decodeFramesListsAtMostTheCapAndCountsTheRest() throws {
        let result = try CLI.run(["decode", "frames"], stdin: [UInt8](repeating: 0, count: 4 * 10_050))
        #expect(result.status == 0)
        #expect(result.json?["value"]?.arrayValue?.count == 10_000)
        let warning = result.json?["warnings"]?.arrayValue?.first
        #expect(warning?["code"] == "frames_not_listed")
        #expect(warning?["offset"] == 40_000)
    }

    @Test(arguments: [
        ["decode"], ["decode", "bencode", "--bogus"], ["replay", "--bogus"], ["probe", "--window", "x"], ["matrix", "--html"], ["nosuch"],
        ["probe"], ["matrix", "a.json"],
    ])
    func everyUsageErrorIsOneLine(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr.hasPrefix("pexspec: "), "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
    }

    @Test func matrixPutsReportsSideBySide() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pexspec-matrix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("replay.json").path
        let replay = try CLI.run(["replay", "--filter", "bep10/handshake", "--format", "json", "--output", report])
        #expect(replay.status == 0, "\(replay.stderr)")
        let html = folder.appendingPathComponent("m.html").path, json = folder.appendingPathComponent("m.json").path
        let result = try CLI.run(["matrix", report, report, "--html", html, "--json", json])
        #expect(result.status == 0, "\(result.stderr)")
        let matrix = try JSONValue.parse(String(contentsOfFile: json, encoding: .utf8))
        #expect(matrix["columns"]?.arrayValue?.count == 2)
        #expect(matrix["sections"]?.arrayValue?.first?["section"] == "bep10/handshake")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("v-pass") && !page.contains("<script"))
        let notAReport = try CLI.run(["matrix", html, "--json", json])
        #expect(notAReport.status == 2)
        #expect(notAReport.stderr.contains("not a pexspec report"))
    }
}
