import ArgumentParser
import Foundation
import Implementations
import WireDecode

struct FuzzDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz-diff",
        abstract: "Differential fuzzing: feed the corpora and seeded mutations to an implementation and to the reference (or a second one).",
        discussion: """
            Both sides decode every input in each mode both have; disagreements in verdict, value,
            error code and offset (when both use pexspec's codes) or warnings (when both report
            them) are grouped into classes, and one example per class is shrunk. The seed makes a
            run reproducible. Exit status: 0 no disagreement, 1 disagreements found, 2 usage.
            """)

    @Option(name: .customLong("implementation"), help: ArgumentHelp("The harness command (docs/implementations.md).", valueName: "CMD ARGS"))
    var implementation: String

    @Option(help: ArgumentHelp("Compare with this harness instead of the reference codecs.", valueName: "CMD ARGS"))
    var against: String?

    @Option(help: "Seconds to run.")
    var time: Double = 60

    @Option(help: "Inputs to run.")
    var inputs: Int = 100_000

    @Option(help: "The seed of the mutations.")
    var seed: UInt64 = 1

    @Option(name: .customLong("kind"), help: "Only this decode kind (repeatable; default: every kind both decode).")
    var kinds: [String] = []

    @Option(help: "The corpora folder (default: Corpus).")
    var corpus: String?

    @Option(help: "Seconds a harness has for one answer.")
    var deadline: Double = 10

    @Option(help: "Also write the summary as JSON to this file.")
    var json: String?

    func run() throws {
        guard time > 0, inputs > 0 else { throw failUsage("--time and --inputs must be positive") }
        var configuration = FuzzDiff.Configuration()
        configuration.seed = seed
        configuration.maxSeconds = time
        configuration.maxInputs = inputs
        if !kinds.isEmpty {
            let parsed = kinds.compactMap(DecodeKind.init(rawValue:))
            guard parsed.count == kinds.count else { throw failUsage("unknown kind in \(kinds.joined(separator: ", "))") }
            configuration.kinds = Set(parsed)
        }
        let folder = corpus ?? ReplayCommand.defaultFolder("Corpus")
        let seeds = FuzzDiff.corpus(folder: folder)
        guard !seeds.isEmpty else { throw failUsage("no corpus under '\(folder)'") }
        let limits = ImplementationClient.Limits(deadline: deadline)
        let left = DiffSide.harness(ImplementationClient(command: implementation, limits: limits))
        let right = against.map { DiffSide.harness(ImplementationClient(command: $0, limits: limits)) } ?? .reference
        let summary: FuzzDiff.Summary
        do {
            summary = try FuzzDiff(left: left, right: right, corpus: seeds, configuration: configuration).run()
        } catch {
            throw failUsage("the implementation did not start: \(error)")
        }
        print(summary.text, terminator: "")
        if let json {
            do {
                try Data((summary.json.serialized(pretty: true) + "\n").utf8).write(to: URL(fileURLWithPath: json))
            } catch {
                throw failUsage("cannot write '\(json)': \(error.localizedDescription)")
            }
        }
        if !summary.classes.isEmpty { throw ExitCode(1) }
    }
}
