import ArgumentParser
import ClientFuzz
import Conformance
import Foundation
import PexModel
import Probe
import WireCore

struct FuzzClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz-client",
        abstract: "Fuzz a running BitTorrent client: seeded, structure-aware mutated BEP 10, ut_pex, Azureus and framing messages over TCP, with a health monitor.",
        discussion: """
            Batches of connections (from 127.1.0.1, 127.1.0.2, … for a 127.0.0.0/8 target), each opening as a
            leecher and then sending mutated messages of one kind; after each batch the client's process
            (--pid), its log (--log) and a fresh handshake are checked. Reactions are compared with the
            client's profile; crashes, hangs, leaks, assertions and unpredicted disconnects are findings,
            minimised by replay. The same --seed sends the same messages. docs/client-fuzzing.md.
            Exit status: 0 no finding (with --fail-on client: the client neither died, hung nor asserted),
            1 otherwise, 2 usage.
            """)

    @OptionGroup var client: ClientOptions

    @Option(help: "The seed of every message (the same seed, the same messages).")
    var seed: UInt64 = 1

    @Option(help: "Seconds of fuzzing; minimisation comes after.")
    var time: Double = 300

    @Option(help: "Stop after this many messages.")
    var messages: Int?

    @Option(help: "Connections at once in a batch.")
    var parallel = 4

    @Option(help: "Seconds between two messages on one connection.")
    var pace = 0.25

    @Option(help: "Seconds to wait after a connection's last message.")
    var settle = 1.0

    @Option(name: .customLong("kind"), help: "Send only these kinds (repeatable): ext_handshake, ut_pex, az, framing.")
    var kinds: [String] = []

    @Option(help: "The corpus folder seeds come from ('none': built-in seeds only).")
    var corpus = "Corpus"

    @Option(help: "The client's process id, for the health monitor.")
    var pid: Int32?

    @Option(name: .customLong("pid-file"), help: "A file holding the client's process id (ci/peers writes them under .build/peers).")
    var pidFile: String?

    @Option(name: .customLong("log"), help: "A log file of the client, searched for assertions (repeatable).")
    var logs: [String] = []

    @Option(name: .customLong("health-deadline"), help: "Seconds a health check's handshake may take.")
    var healthDeadline = 10.0

    @Option(name: .customLong("minimize-time"), help: "Seconds of minimisation after the fuzzing.")
    var minimizeTime = 60.0

    @Option(help: "Report format: summary (the figures, reactions and findings as text), or the shared report model's text, json, junit.")
    var format = "summary"

    @OptionGroup var files: ReportFiles

    @Option(help: "Also write the figures, reactions and findings as JSON (messages_sent, sent_by_kind, peak_rss_kib, …) to this file.")
    var summary: String?

    @Option(help: "Write each finding (with --replay: the replay, when it reproduced) as a conformance transcript under this folder (recorded/<client>/fuzz/<name>.json).")
    var record: String?

    @Option(help: "Write each finding's messages as a regression file under this folder (<client>/<name>.json).")
    var regressions: String?

    @Option(help: "Replay a regression file against the client instead of fuzzing; exit 0 when its outcome reproduces.")
    var replay: String?

    @Option(name: .customLong("fail-on"), help: "any: exit 1 on any finding; client: only when the client died, hung or asserted.")
    var failOn = "any"

    func run() async throws {
        let reportFormat = ReportFormat(rawValue: format)
        guard format == "summary" || reportFormat != nil else { throw failUsage("unknown format '\(format)'; expected summary, \(ReportFormat.names)") }
        guard ["any", "client"].contains(failOn) else { throw failUsage("--fail-on takes any or client") }
        let address = try client.address()
        guard ClientOptions.isLoopback(address.ip) else { throw failUsage("fuzz-client fuzzes clients on loopback only (127.0.0.0/8, ::1)") }
        let hash = try client.resolvedInfoHash()
        guard (1...86_400).contains(time), (0...60).contains(pace), (0.1...600).contains(settle), (1...64).contains(parallel),
            (1...600).contains(healthDeadline), (0...3_600).contains(minimizeTime)
        else { throw failUsage("--time 1-86400, --pace 0-60, --settle 0.1-600, --parallel 1-64, --health-deadline 1-600, --minimize-time 0-3600") }
        var configuration = ClientFuzzConfiguration(probe: ProbeConfiguration(target: address, infoHash: hash))
        configuration.seed = seed
        configuration.duration = time
        configuration.maxMessages = messages
        configuration.parallel = parallel
        configuration.pace = pace
        configuration.settle = settle
        configuration.healthDeadline = healthDeadline
        configuration.minimizeTime = minimizeTime
        configuration.profile = client.profile
        configuration.logFiles = logs
        configuration.corpus = corpus == "none" ? nil : corpus
        if !kinds.isEmpty {
            configuration.kinds = try kinds.map { name in
                guard let kind = FuzzMessage.Kind(rawValue: name) else { throw failUsage("unknown kind '\(name)'") }
                return kind
            }
        }
        try client.checkProfile()
        try client.applySource(to: &configuration.probe, loopbackOnly: true)
        configuration.pid = pid
        if let pidFile {
            guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let value = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw failUsage("cannot read a process id from '\(pidFile)'")
            }
            configuration.pid = value
        }

        if let replay {
            guard let text = try? String(contentsOfFile: replay, encoding: .utf8), let file = FindingCase.readRegression(text) else {
                throw failUsage("'\(replay)' is not a fuzz-client regression file")
            }
            if let seed = file.seed { configuration.seed = seed }
            let replayer = ClientFuzzer(configuration: configuration, generator: MessageGenerator.loading(corpus: nil))
            let result = await replayer.replay(connections: file.connections, expected: file.outcome, summary: file.summary)
            if let record, let report = result.report, let finding = report.findings.first,
                let transcript = FindingCase.transcript(finding, report: report, name: URL(fileURLWithPath: replay).deletingPathExtension().lastPathComponent)
            {
                let path = URL(fileURLWithPath: record).appendingPathComponent(transcript.relativePath()).path
                do { try transcript.write(to: path) } catch { throw failUsage("cannot write '\(path)': \(error.localizedDescription)") }
            }
            print("replay \(replay) (\(file.outcome.rawValue), recorded against \(file.client)): \(result.reproduced ? "reproduced" : "not reproduced"): \(result.description)")
            if !result.reproduced { throw ExitCode(1) }
            return
        }

        let fuzzer = ClientFuzzer(configuration: configuration, generator: MessageGenerator.loading(corpus: configuration.corpus))
        let report = await fuzzer.run()
        let run = FuzzRun.run(report)
        if let summary { try write(FuzzReportJSON.render(report), to: summary) }
        try files.writeCopies(run)
        for (n, finding) in report.findings.enumerated() {
            let name = FindingCase.name(finding, seed: report.seed, number: n + 1)
            if let record, let transcript = FindingCase.transcript(finding, report: report, name: name) {
                let path = URL(fileURLWithPath: record).appendingPathComponent(transcript.relativePath()).path
                do { try transcript.write(to: path) } catch { throw failUsage("cannot write '\(path)': \(error.localizedDescription)") }
            }
            if let regressions, !finding.connections.isEmpty {
                let folder = URL(fileURLWithPath: regressions).appendingPathComponent(FindingCase.identity(report.client ?? "unknown").slug)
                try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try write(FindingCase.regression(finding, report: report).serialized(pretty: true) + "\n", to: folder.appendingPathComponent(name + ".json").path)
            }
        }
        if let reportFormat {
            try reportFormat.write(run, to: files.output)
        } else if let output = files.output {
            try write(FuzzReportText.render(report), to: output)
        } else {
            print(FuzzReportText.render(report), terminator: "")
        }
        let failed = failOn == "client" ? report.clientFailed : !report.clean
        if failed { throw ExitCode(1) }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw failUsage("cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}
