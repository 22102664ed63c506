import ArgumentParser
import Conformance
import Foundation
import PexModel
import Probe
import WireCore
import WireDecode

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe a running BitTorrent client's BEP 10 and ut_pex over real TCP connections.",
        discussion: """
            Opens one connection that checks the handshake, the extended handshake and the ut_pex
            the client sends over the observation window, and one connection per robustness input
            (an empty PEX, added of 7 bytes, no added.f, a list, not bencode, a flood, a 2 MiB frame,
            an extended message with no id), all at once. Connections leave from 127.0.0.2,
            127.0.0.3, … when the target is on 127.0.0.0/8.
            Exit status: 0 every verdict as expected, 1 a case failed or could not run, or
            robustness cases ran with no profile (see --profile, --allow-unprofiled), 2 usage.
            """)

    @OptionGroup var client: ClientOptions

    @Option(help: "Seconds to watch the client's ut_pex messages (default: two of its profile's PEX intervals; 130 without one).")
    var window: Double?

    @Option(name: .customLong("private-torrent"), help: "A private torrent (private=1) the client serves, for the bep27 swarm cases.")
    var privateTorrent: String?

    @Option(name: .customLong("private-info-hash"), help: "The private torrent's v1 info-hash, 40 hex digits (instead of --private-torrent).")
    var privateInfoHash: String?

    @Option(name: .customLong("swarm-window"), help: "The swarm's longest run in seconds (default: the observation window; a longer one lengthens the run); it ends earlier once every case is decided.")
    var swarmWindow: Double?

    @Option(name: .customLong("swarm-net"), help: "N: the swarm's peers and canaries use 127.0.N.0/24 to 127.0.N+3.0/24.")
    var swarmNet: UInt8 = 20

    @Option(help: "Seconds to wait for a reaction to a robustness input.")
    var settle: Double = 5

    @Option(name: .customLong("client-name"), help: "The name reports give the client when it sends no v (one that never answered, say).")
    var clientName: String?

    @Option(help: "A line for the head of the report (repeatable): why a client could not be started, say.")
    var note: [String] = []

    @Flag(name: .customLong("allow-unprofiled"), help: "Exit 0 even when robustness cases ran with no profile to predict them.")
    var allowUnprofiled = false

    @Option(name: .customLong("pex-id"), help: "The extended id the probe assigns to ut_pex.")
    var pexID: UInt8 = 6

    @Option(name: .customLong("listen-port"), help: "A port to announce as p in the extended handshake.")
    var listenPort: UInt16?

    @Option(name: .customLong("case"), help: "Run only cases whose id starts with this (repeatable).")
    var cases: [String] = []

    @Option(help: "Report format: text, json, junit.")
    var format: String = "text"

    @OptionGroup var files: ReportFiles

    @Option(name: .customLong("max-input"), help: "The most bytes read from --torrent (default 256 MiB).")
    var maxInput: Int = InputReader.defaultLimit

    @Option(help: "Write each connection's exchange as a conformance transcript under this folder (recorded/<client>/<case>.json).")
    var record: String?

    @Flag(help: "Exit 1 on every fail, also on one the client's profile declares as a known deviation (by default those exit 0).")
    var strict = false

    @Flag(help: "Show the requirement and the wire log of every case, not only of failures.")
    var verbose = false

    @Flag(help: "List the cases and exit.")
    var list = false

    func run() async throws {
        if list {
            for probeCase in ProbeRunner.cases { print("\(probeCase.id)  \(probeCase.title)") }
            return
        }
        guard let reportFormat = ReportFormat(rawValue: format) else { throw failUsage("unknown format '\(format)'; expected \(ReportFormat.names)") }
        let address = try client.address()
        let hash = try client.resolvedInfoHash(maxInput: maxInput)
        guard (1...86_400).contains(window ?? 1), (0.1...3_600).contains(settle) else {
            throw failUsage("--window takes 1 to 86400 seconds, --settle 0.1 to 3600")
        }
        let privateHash = try resolveInfoHash(hex: privateInfoHash, torrent: privateTorrent, options: ("--private-info-hash", "--private-torrent"), maxInput: maxInput)
        guard (10...86_400).contains(swarmWindow ?? 10), swarmNet <= 252, swarmNet >= 2 else {
            throw failUsage("--swarm-window takes 10 to 86400 seconds, --swarm-net 2 to 252")
        }
        var configuration = ProbeConfiguration(target: address, infoHash: hash)
        configuration.privateInfoHash = privateHash
        configuration.swarmWindow = swarmWindow
        configuration.swarmNet = swarmNet
        configuration.window = window
        configuration.settleTime = settle
        configuration.profile = client.profile
        configuration.pexExtensionID = pexID
        configuration.listenPort = listenPort
        configuration.caseFilter = cases
        try client.applySource(to: &configuration, loopbackOnly: false)
        try client.checkProfile()
        guard pexID != 0 else { throw failUsage("--pex-id must be 1...255: 0 disables an extension") }

        var report = await ProbeRunner(configuration: configuration).run()
        report.notes = note + report.notes
        if report.client == nil, let clientName { report.client = clientName }
        let run = report.run
        try files.writeCopies(run)
        if let record {
            for transcript in TranscriptRecorder.transcripts(report) {
                let path = URL(fileURLWithPath: record).appendingPathComponent(transcript.relativePath()).path
                do {
                    try transcript.write(to: path)
                } catch {
                    throw failUsage("cannot write '\(path)': \(error.localizedDescription)")
                }
            }
        }
        try reportFormat.write(run, verbose: verbose, to: files.output)
        if !report.allAsExpected(strict: strict) { throw ExitCode(1) }
        if report.unprofiledRobustness && !allowUnprofiled {
            FileHandle.standardError.write(Data("pexspec probe: \(report.notes.first ?? "no profile")\n".utf8))
            throw ExitCode(1)
        }
    }

}

/// The info-hash `--info-hash HEX` or `--torrent FILE` names, for the commands that take either.
func torrentInfoHash(infoHash: String?, torrent: String?, maxInput: Int = InputReader.defaultLimit) throws -> [UInt8] {
    guard let hash = try resolveInfoHash(hex: infoHash, torrent: torrent, options: ("--info-hash", "--torrent"), maxInput: maxInput) else {
        throw failUsage("give either --info-hash or --torrent")
    }
    return hash
}

/// The v1 info-hash given as 40 hex digits or as a .torrent file; nil when neither is given.
func resolveInfoHash(hex: String?, torrent: String?, options: (hex: String, torrent: String), maxInput: Int = InputReader.defaultLimit) throws -> [UInt8]? {
    switch (hex, torrent) {
    case (nil, nil):
        return nil
    case (let hex?, nil):
        guard let bytes = Hex.decode(hex), bytes.count == 20 else { throw failUsage("\(options.hex) takes 40 hex digits") }
        return bytes
    case (nil, let path?):
        do {
            return try TorrentInfoHash.of(torrent: try InputReader.read(path, limit: maxInput))
        } catch let error as InputReader.TooLarge {
            // As `decode` answers: one JSON envelope, exit 1.
            print(DecodeOutcome.inputTooLarge(limit: error.limit).envelope.serialized())
            throw ExitCode(1)
        } catch let error as ParseError {
            throw failUsage("'\(path)' is not a torrent: \(error)")
        }
    default:
        throw failUsage("give \(options.hex) or \(options.torrent), not both")
    }
}
