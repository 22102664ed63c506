import Conformance
import Foundation
import Implementations
import Testing

/// The repository's files and the built `pexspec`, for tests that start harnesses.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let cases = root.appendingPathComponent("Conformance/cases").path
    static let planted = root.appendingPathComponent("Tests/ImplementationsTests/Planted/planted.py").path
    static let hostile = root.appendingPathComponent("Tests/ImplementationsTests/Planted/hostile.py").path

    /// The built executable: beside the test bundle, else this checkout's debug build.
    static var pexspec: String? {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("pexspec").path }
            + [root.appendingPathComponent(".build/debug/pexspec").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The planted bugs' names, as `planted.py` lists them in its BUGS table.
    static let plantedBugs: [String] = {
        guard let text = try? String(contentsOfFile: planted, encoding: .utf8), let table = text.range(of: "BUGS = {") else { return [] }
        return text[table.upperBound...].split(separator: "\n").prefix { $0 != "}" }.compactMap { line in
            let parts = line.split(separator: "\"")
            return parts.count >= 2 && line.hasPrefix("    \"") ? String(parts[1]) : nil
        }
    }()

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static func run(_ command: String, cases: String = Repository.cases, limits: ImplementationClient.Limits = .init()) throws -> ImplementationRun {
        ImplementationRunner(client: ImplementationClient(command: command, limits: limits)).run(try TranscriptSet(paths: [cases]))
    }
}

@Suite("pexspec serve through the implementation protocol")
struct ReferenceHarnessTests {
    @Test("The reference codecs pass every case through the protocol, sessions included")
    func referencePassesTheSuite() throws {
        let pexspec = try #require(Repository.pexspec, "build pexspec first (swift build --product pexspec)")
        let run = try Repository.run(Repository.quoted(pexspec) + " serve")
        let failures = run.cases.filter { $0.verdict != .pass }.map { "\($0.id): \($0.verdict) \($0.comparisons.first.map { "\($0.label ?? "check"): expected \($0.expected), actual \($0.actual)" } ?? $0.reason ?? "")" }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(run.count(.pass) == run.cases.count && run.cases.count > 100)
        #expect(run.capabilities?.session == true)
        #expect(run.starts == 1)
        // Sessions were judged: a case whose only checks are the reference receiver's reactions passed on them.
        #expect(run.cases.first { $0.id == "ut_pex/reference/flood-7th-within-60s" }?.log.contains { $0.contains("session: disconnect (flood)") } == true)
    }
}

@Suite("The suite catches every planted bug (mutation score)")
struct PlantedBugTests {
    @Test("There are at least 12 planted bugs")
    func enoughBugs() {
        #expect(Repository.plantedBugs.count >= 12, "\(Repository.plantedBugs)")
    }

    @Test("A planted bug fails at least one case", arguments: Repository.plantedBugs)
    func caught(bug: String) throws {
        let pexspec = try #require(Repository.pexspec, "build pexspec first (swift build --product pexspec)")
        let run = try Repository.run("PEXSPEC=\(Repository.quoted(pexspec)) python3 \(Repository.quoted(Repository.planted)) \(bug)", limits: .init(deadline: 30))
        #expect(run.count(.error) == 0, "the planted harness itself faulted: \(run.cases.compactMap(\.reason).first ?? "")")
        #expect(run.count(.fail) > 0, "planted bug \(bug) survived the whole suite")
    }
}

@Suite("A misbehaving harness is contained")
struct FaultContainmentTests {
    /// Runs the three ut_pex/reference cases through `hostile.py MODE 3`: the 3rd decode request misbehaves.
    func run(_ mode: String, limits: ImplementationClient.Limits = .init(deadline: 2, startDeadline: 10, maxLine: 1 << 20)) throws -> ImplementationRun {
        let pexspec = try #require(Repository.pexspec, "build pexspec first (swift build --product pexspec)")
        let counter = FileManager.default.temporaryDirectory.appendingPathComponent("pexspec-hostile-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: counter) }
        let command = "PEXSPEC=\(Repository.quoted(pexspec)) HOSTILE_COUNTER=\(Repository.quoted(counter)) python3 \(Repository.quoted(Repository.hostile)) \(mode) 3"
        return try Repository.run(command, cases: Repository.cases + "/ut_pex/reference", limits: limits)
    }

    @Test(
        "The faulty answer is that case's error; the harness is restarted and the other cases pass",
        arguments: [
            ("crash", ImplementationFault.Code.crashed), ("hang", .timeout), ("garbage", .malformedAnswer), ("wrong-seq", .wrongSeq),
            ("flood", .lineTooLong), ("huge-line", .lineTooLong),
        ])
    func contained(mode: String, code: ImplementationFault.Code) throws {
        let started = Date()
        let run = try run(mode)
        #expect(run.cases.count == 3)
        let errors = run.cases.filter { $0.verdict == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.fault?.code == code, "\(errors.first?.reason ?? "no error")")
        #expect(run.count(.pass) == 2, "\(run.cases.map { "\($0.id) \($0.verdict) \($0.reason ?? "")" })")
        #expect(run.starts == 2)
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test("A harness that never starts: every case is an error, and it is tried only three times")
    func neverStarts() throws {
        let run = try run("no-start")
        #expect(run.cases.count == 3 && run.count(.error) == 3)
        #expect(run.cases.allSatisfy { $0.fault?.code == .startFailed })
        #expect(run.starts == 3)
        #expect(run.capabilities == nil)
    }
}
