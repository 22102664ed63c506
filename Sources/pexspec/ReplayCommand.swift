import ArgumentParser
import Conformance
import Foundation
import Implementations
import Report

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

    @Option(help: "The largest transcript file read, in bytes (a larger one is refused unread).")
    var maxTranscriptBytes: Int = TranscriptLimits.standard.maxFileSize

    @Option(help: "The longest hex of one message, in characters.")
    var maxHexChars: Int = TranscriptLimits.standard.maxHexLength
    @Option(name: .customLong("implementation"), help: ArgumentHelp("Run the suite through this harness command (docs/implementations.md) instead of the reference; repeatable.", valueName: "CMD ARGS"))
    var implementations: [String] = []

    @Option(help: "With --implementation: seconds a harness has for one answer.")
    var deadline: Double = 10

    @Option(name: .customLong("max-line"), help: "With --implementation: bytes in one answer line.")
    var maxLine: Int = 16 << 20

    @Option(help: "With --implementation: the decode vectors folder (default: Conformance/vectors when present).")
    var vectors: String?

    @Option(name: .customLong("matrix-json"), help: "With --implementation: write the matrix of every harness × case as JSON here.")
    var matrixJSON: String?

    @Option(name: .customLong("matrix-html"), help: "With --implementation: write the matrix as an HTML page here.")
    var matrixHTML: String?

    func run() throws {
        guard let reportFormat = ReportFormat(rawValue: format) else { throw failUsage("unknown format '\(format)'; expected \(ReportFormat.names)") }
        if profiles {
            try emit(Self.profileText())
            return
        }
        let roots = paths.isEmpty ? [try Self.defaultCasesFolder()] : paths
        let set: TranscriptSet
        do {
            set = try TranscriptSet(paths: roots, limits: TranscriptLimits(maxFileSize: maxTranscriptBytes, maxHexLength: maxHexChars))
                .filtered(byPrefix: filter)
        } catch {
            throw failUsage("invalid transcript: \(error)")
        }
        if list {
            try emit(set.entries.map { "\($0.transcript.id)\t\($0.transcript.title)" }.joined(separator: "\n") + (set.entries.isEmpty ? "" : "\n"))
            return
        }
        guard !set.entries.isEmpty else { throw failUsage("no case selected under \(roots.joined(separator: ", "))\(filter.map { " with prefix '\($0)'" } ?? "")") }
        if !implementations.isEmpty {
            try replayImplementations(set, format: reportFormat)
            return
        }
        let report = ReplayEngine().replay(set)
        try reportFormat.write(report.run, verbose: verbose, to: output)
        if !report.allPassed { throw ExitCode(1) }
    }

    /// The suite through each `--implementation`: one report each, and the matrix.
    private func replayImplementations(_ set: TranscriptSet, format reportFormat: ReportFormat) throws {
        guard deadline > 0, deadline <= 3_600, maxLine >= 1_024 else { throw failUsage("--deadline takes 0 to 3600 seconds, --max-line at least 1024 bytes") }
        let vectorSet: [DecodeVector]
        do {
            vectorSet = try DecodeVectors.load(folder: vectors ?? Self.defaultFolder("Conformance/vectors"), required: vectors != nil).filter { filter == nil || $0.id.hasPrefix(filter!) }
        } catch {
            throw failUsage("invalid decode vectors: \(error)")
        }
        var runs: [ImplementationRun] = []
        for command in implementations {
            let client = ImplementationClient(command: command, limits: .init(deadline: deadline, maxLine: maxLine))
            runs.append(ImplementationRunner(client: client).run(set, vectors: vectorSet))
        }
        if runs.count == 1 {
            try reportFormat.write(runs[0].run, verbose: verbose, to: output)
        } else if format == "text" {
            // Several runs on one stream: each run's text report, one after the other.
            var sink = try ReportSink(path: output)
            for run in runs { TextRenderer.write(run.run, verbose: verbose, to: &sink) }
            try sink.close()
        } else {
            throw failUsage("--format \(format) writes one run; with several --implementation use --matrix-json or the text report")
        }
        let matrix = Matrix(columns: runs.map { Matrix.Column(source: $0.command, run: $0.run) })
        if let matrixJSON { try write(matrix.json.serialized(pretty: true) + "\n", to: matrixJSON) }
        if let matrixHTML { try write(matrix.html(title: "pexspec implementations"), to: matrixHTML) }
        if !runs.allSatisfy(\.allPassed) { throw ExitCode(1) }
    }

    private func write(_ text: String, to path: String) throws {
        var sink = try ReportSink(path: path)
        sink.write(text)
        try sink.close()
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
        let folder = defaultFolder("Conformance/cases")
        guard FileManager.default.fileExists(atPath: folder) else { throw failUsage("no Conformance/cases folder here; give the transcripts' paths") }
        return folder
    }

    /// `relative` under the working directory when it is there, else under the source tree this binary was built from.
    static func defaultFolder(_ relative: String) -> String {
        let fromWorkingDirectory = FileManager.default.currentDirectoryPath + "/" + relative
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative).path
        return FileManager.default.fileExists(atPath: fromWorkingDirectory) || !FileManager.default.fileExists(atPath: fromSource) ? fromWorkingDirectory : fromSource
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
            if let sending = profile.sending {
                out += "  sending: \(sending.sendsPex ? "when nothing changed, \(sending.whenUnchanged?.rawValue ?? "unknown")" : "sends no PEX")\n    \(sending.source)\n"
            }
            if let rule = profile.privateTorrents { out += "  private torrents: \(rule.value.rawValue)\n    \(rule.source)\n" }
            if let rule = profile.extensionTable { out += "  extension table: \(rule.value.rawValue)\n    \(rule.source)\n" }
            out += "\n"
        }
        return out
    }
}
