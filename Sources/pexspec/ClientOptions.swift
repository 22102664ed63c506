import ArgumentParser
import Conformance
import Foundation
import PexModel
import Probe
import Report

/// The running client a live command talks to, as `probe` and `fuzz-client` take it: where it
/// listens, the torrent it serves, the profile its reactions are compared with, and where the
/// connections leave from.
struct ClientOptions: ParsableArguments {
    @Argument(help: "The client, HOST:PORT (an IP address: 127.0.0.1:51413, [::1]:51413).")
    var target: String?

    @Option(name: .customLong("info-hash"), help: "The torrent's v1 info-hash, 40 hex digits.")
    var infoHash: String?

    @Option(help: "A .torrent file; its info-hash is used.")
    var torrent: String?

    @Option(help: "The client profile its reactions are compared with (see pexspec replay --profiles); default: from the client's v.")
    var profile: String?

    @Option(help: "The first local source address (for a 127.0.0.0/8 target the default is 127.0.0.2 for probe, 127.1.0.1 for fuzz-client); 'none' to let the system choose.")
    var source: String?

    /// The target's address; a usage error when it is missing or not HOST:PORT with an IP address.
    func address() throws -> PeerAddress {
        guard let target, let address = PeerAddress(target) else { throw failUsage("give the client as HOST:PORT with an IP address") }
        return address
    }

    /// The info-hash `--info-hash` or `--torrent` names (a torrent of at most `maxInput` bytes).
    func resolvedInfoHash(maxInput: Int = InputReader.defaultLimit) throws -> [UInt8] {
        try torrentInfoHash(infoHash: infoHash, torrent: torrent, maxInput: maxInput)
    }

    /// A usage error when `--profile` names no profile.
    func checkProfile() throws {
        if let profile, ClientProfile.named(profile) == nil {
            throw failUsage("no profile '\(profile)'; known: \(ClientProfile.all.map(\.id).joined(separator: ", "))")
        }
    }

    /// Applies `--source` to `configuration`: 'none' lets the system choose, an IP address (a
    /// loopback one when `loopbackOnly`) is the first source address; absent, the default stays.
    func applySource(to configuration: inout ProbeConfiguration, loopbackOnly: Bool) throws {
        guard let source else { return }
        if source == "none" {
            configuration.firstSourceAddress = nil
            return
        }
        guard let ip = IPAddress(source), !loopbackOnly || Self.isLoopback(ip) else {
            throw failUsage("--source takes \(loopbackOnly ? "a loopback" : "an") IP address or 'none'")
        }
        configuration.firstSourceAddress = ip
    }

    /// Loopback, a v4-mapped loopback address included: what fuzz-client accepts as a target or a source.
    static func isLoopback(_ ip: IPAddress) -> Bool {
        (ip.unmappedIPv4 ?? ip).isLoopback
    }
}

/// The report files of a command that judges cases, beside its main output.
struct ReportFiles: ParsableArguments {
    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Also write the report as JSON (the shared report model, as probe and replay write it) to this file.")
    var json: String?

    @Option(help: "Also write the report as JUnit XML to this file.")
    var junit: String?

    /// Writes `run` to `--json` and `--junit` when given.
    func writeCopies(_ run: Run) throws {
        if let json { try ReportFormat.json.write(run, to: json) }
        if let junit { try ReportFormat.junit.write(run, to: junit) }
    }
}
