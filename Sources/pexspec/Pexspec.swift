import ArgumentParser
import Foundation

/// `pexspec`: decode peer-exchange wire formats, replay the conformance suite, probe live clients.
///
/// Exit status, for every subcommand: 0 success, 1 the input (or a client under test) is
/// invalid, 2 a usage or I/O error.
@main
struct Pexspec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pexspec",
        abstract: "Reference codecs and a conformance suite for BitTorrent peer exchange.",
        subcommands: [DecodeCommand.self, ReplayCommand.self, ProbeCommand.self, MatrixCommand.self, ServeCommand.self, FuzzDiffCommand.self])

    /// ArgumentParser's own exit code for usage errors is 64; the contract says 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((usageLine(fullMessage(for: error)) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// ArgumentParser's error, usage and hint in the contract's one line:
/// `pexspec: Missing expected argument '<kind>' (see 'pexspec decode --help')`.
func usageLine(_ message: String) -> String {
    let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    var first = lines.first { !$0.isEmpty } ?? "usage error"
    if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
    let hint = lines.first { $0.hasPrefix("See '") }.flatMap { line -> String? in
        guard let start = line.firstIndex(of: "'"), let end = line[line.index(after: start)...].firstIndex(of: "'") else { return nil }
        return String(line[start...end])
    }
    return "pexspec: " + first + (hint.map { " (see \($0))" } ?? "")
}

/// Prints one line to standard error and exits 2: the contract's usage or I/O failure.
func failUsage(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data(("pexspec: " + message + "\n").utf8))
    return ExitCode(2)
}
