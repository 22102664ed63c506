import ArgumentParser
import Conformance
import Foundation

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay conformance transcripts against the reference codecs and the client profiles.",
        discussion: """
            Each PATH is a transcript (.json) or a folder searched for them; the default is the
            repository's Conformance/cases. Every case is replayed in several chunkings, each
            message decoded and each receiver's reaction predicted by its profile.
            Exit status: 0 every selected case passed, 1 a case failed (or is pending on a
            decode kind not built yet), 2 a usage or I/O error or an invalid transcript.
            """)

    @Argument(help: "Transcript files or folders (default: Conformance/cases).")
    var paths: [String] = []

    @Flag(help: "Print the selected case ids and titles, and replay nothing.")
    var list = false

    @Option(help: "Select the cases whose id starts with this prefix (e.g. ut_pex/ or bep10/handshake).")
    var filter: String?

    @Option(help: "Report format: text, json or junit.")
    var format: String = "text"

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Flag(help: "Include the wire log of passing cases in the text report.")
    var verbose = false

    @Flag(help: "Print the client profiles, each rule with its source, and replay nothing.")
    var profiles = false

    func run() throws {
        guard let reportFormat = ReportFormat(rawValue: format) else { throw failUsage("unknown format '\(format)'; expected \(ReportFormat.names)") }
        if profiles {
            try emit(Self.profileText())
            return
        }
        let roots = paths.isEmpty ? [try Self.defaultCasesFolder()] : paths
        let set: TranscriptSet
        do {
            set = try TranscriptSet(paths: roots).filtered(byPrefix: filter)
        } catch {
            throw failUsage("invalid transcript: \(error)")
        }
        if list {
            try emit(set.entries.map { "\($0.transcript.id)\t\($0.transcript.title)" }.joined(separator: "\n") + (set.entries.isEmpty ? "" : "\n"))
            return
        }
        guard !set.entries.isEmpty else { throw failUsage("no case selected under \(roots.joined(separator: ", "))\(filter.map { " with prefix '\($0)'" } ?? "")") }
        let report = ReplayEngine().replay(set)
        try reportFormat.write(report.run, verbose: verbose, to: output)
        if !report.allPassed { throw ExitCode(1) }
    }

    private func emit(_ text: String) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            throw failUsage("cannot write '\(output)': \(error.localizedDescription)")
        }
    }

    /// `Conformance/cases` under the working directory, else under the source tree this binary was built from.
    static func defaultCasesFolder() throws -> String {
        let fromWorkingDirectory = FileManager.default.currentDirectoryPath + "/Conformance/cases"
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance/cases").path
        for candidate in [fromWorkingDirectory, fromSource] where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        throw failUsage("no Conformance/cases folder here; give the transcripts' paths")
    }

    static func profileText() -> String {
        var out = ""
        for profile in ClientProfile.all {
            out += "\(profile.id): \(profile.client) \(profile.versions)\n"
            let pex = profile.pex
            out += "  flood: \(pex.flood.map(\.description) ?? "none"); payload cap: \(pex.maxMessageSize == .max ? "none" : "\(pex.maxMessageSize) bytes")"
            out += "; frame cap: \(profile.maxFrameSize.map { "\($0) bytes" } ?? "none known")"
            out += "; empty message: \(pex.disconnectsOnEmptyMessage ? "disconnect" : "accept")\n"
            for (setting, source) in profile.pexSources { out += "    \(setting): \(source)\n" }
            for situation in ClientProfile.Situation.allCases {
                guard let rule = profile.rules[situation] else { continue }
                out += "  \(situation.rawValue): \(rule.reaction.rawValue)\n    \(rule.source)\n"
            }
            out += "\n"
        }
        return out
    }
}
