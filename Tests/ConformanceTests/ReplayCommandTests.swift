import Conformance
import Foundation
import Testing
import WireJSON

/// `pexspec replay` as a user or CI runs it: exit status, selection and report formats.
@Suite(.serialized) struct ReplayCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built executable, beside the test bundle or in the package's .build folder; nil when not built.
    static let executable: URL? = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("pexspec") }
            + [URL(fileURLWithPath: CaseFiles.folder + "/../../.build/debug/pexspec")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    func run(_ arguments: [String]) throws -> Run {
        struct NotBuilt: Error {}
        guard let executable = Self.executable else { throw NotBuilt() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    @Test func theWholeSuitePassesAndExitsZero() throws {
        let result = try run(["replay", CaseFiles.folder])
        #expect(result.status == 0, "\(result.stdout.suffix(2000))")
        #expect(result.stdout.contains("\(CaseFiles.all.count) cases ("))
        #expect(result.stdout.contains("), \(CaseFiles.all.count) passed, 0 failed, 0 inconclusive"))
        for group in Document.groups { #expect(result.stdout.contains("\(group): "), "the summary counts \(group)") }
    }

    @Test func listAndFilterSelectByIdPrefix() throws {
        let result = try run(["replay", CaseFiles.folder, "--list", "--filter", "az/pex/"])
        #expect(result.status == 0)
        let ids = result.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        #expect(!ids.isEmpty)
        #expect(ids.allSatisfy { $0.hasPrefix("az/pex/") })
        #expect(ids.contains("az/pex/added-hst-mismatch"))
    }

    @Test func aBrokenCaseExitsOneAndIsNamedInEveryFormat() throws {
        let copy = try CaseFiles.brokenCopy(of: "bep10/handshake/example.json") { $0.replaceFirst("\"ut_pex\": 2", with: "\"ut_pex\": 3") }
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let text = try run(["replay", copy.folder.path])
        #expect(text.status == 1)
        #expect(text.stdout.contains("bep10/handshake\n  × example:"))
        #expect(text.stdout.contains("Expected:"))

        let json = try run(["replay", copy.folder.path, "--format", "json"])
        #expect(json.status == 1)
        let report = try JSONValue.parse(json.stdout)
        #expect(report["cases"]?.arrayValue?.first?["verdict"] == "fail")
        #expect(report["cases"]?.arrayValue?.first?["id"] == "bep10/handshake/example")

        let junitFile = copy.folder.appendingPathComponent("report.xml")
        let junit = try run(["replay", copy.file.path, "--format", "junit", "--output", junitFile.path])
        #expect(junit.status == 1)
        let xml = try String(contentsOf: junitFile, encoding: .utf8)
        #expect(xml.contains("<testcase classname=\"bep10.handshake\" name=\"bep10/handshake/example\">"))
        #expect(xml.contains("<failure message="))
    }

    @Test func usageAndInputErrorsExitTwo() throws {
        #expect(try run(["replay", CaseFiles.folder, "--format", "yaml"]).status == 2)
        #expect(try run(["replay", "/nonexistent/cases"]).status == 2)
        #expect(try run(["replay", CaseFiles.folder, "--filter", "no-such-prefix/"]).status == 2)
        let copy = try CaseFiles.brokenCopy(of: "bep10/handshake/example.json") { $0.replaceFirst("\"dir\"", with: "\"direction\"") }
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let invalid = try run(["replay", copy.folder.path])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("messages[0]"))
    }

    @Test func profilesAreListedWithTheirSources() throws {
        let result = try run(["replay", "--profiles"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("utorrent-1.8.1: uTorrent 1.8.1"))
        #expect(result.stdout.contains(Document.lt.cite), "rules cite the client's source as anyone can find it")
    }
}
