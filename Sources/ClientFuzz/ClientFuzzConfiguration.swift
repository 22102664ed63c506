import PexModel
import Probe

/// What to fuzz and how: the client, the seed, the bounds of the run, the pacing, and what the
/// health monitor watches.
public struct ClientFuzzConfiguration: Sendable {
    /// The client's address and torrent, the timeouts of each connection's opening, and the
    /// first source address (connection *n* leaves from it plus *n*).
    public var probe: ProbeConfiguration
    /// The seed every message is drawn from: the same seed, the same messages.
    public var seed: UInt64 = 1
    /// Seconds of fuzzing (batches start only before this); minimisation comes after.
    public var duration: Double = 300
    /// Stop after this many messages; nil: only the time bounds the run.
    public var maxMessages: Int?
    /// Connections at once in a batch. Four stays under rtorrent's 8 PEX connections per torrent
    /// with room for the client's other peers.
    public var parallel = 4
    /// Seconds between two messages on one connection.
    public var pace = 0.25
    /// Seconds to wait after a connection's last message for the client to close it.
    public var settle = 1.0
    /// The kinds to send; Azureus messages only to a client whose handshake sets the Azureus bit.
    public var kinds: [FuzzMessage.Kind] = FuzzMessage.Kind.allCases
    /// Messages per connection, by kind. ut_pex: 5, under libtorrent's flood rule (the 7th
    /// message within 60 s disconnects) and BiglyBT's (more than 7 in 120 s), so the flood rule
    /// does not hide every other reaction.
    public var messagesPerConnection: [FuzzMessage.Kind: Int] = [.extendedHandshake: 6, .utPex: 5, .framing: 3, .azureus: 4]
    /// The corpus folder seeds are read from (`Corpus`); nil: built-in seeds only.
    public var corpus: String? = "Corpus"
    /// The client's process, for the health monitor (`/proc/PID`); nil: not watched.
    public var pid: Int32?
    /// The client's log files, searched for assertions after every batch.
    public var logFiles: [String] = []
    /// Seconds a health check's connection has to complete the handshake and extended handshake.
    public var healthDeadline = 10.0
    /// Seconds of minimisation after the fuzzing, in all.
    public var minimizeTime = 60.0
    /// Replays one finding's minimisation may take.
    public var maxReplaysPerFinding = 10
    /// Distinct unknown reactions minimised (the first of each); the rest are reported as seen.
    public var maxMinimizedReactions = 6
    /// The client profile reactions are compared with; nil: chosen from the client's `v`.
    public var profile: String?
    /// Open descriptors above the first sample after which growth is a leak.
    public var leakFiles = 64
    /// Resident memory growth (MiB, and a factor of the first sample, both) that is a leak.
    public var leakRSSMiB = 64
    public var leakRSSFactor = 2.0
    /// Connections in a row whose opening failed after which the run stops: the client refuses everything.
    public var maxFailedOpenings = 12

    public init(probe: ProbeConfiguration) {
        self.probe = probe
        if case .v4(let address) = probe.target.ip, address >> 24 == 127 {
            // 127.1.0.1 and up: apart from the probe's 127.0.0.2… and the feeders' 127.0.1.x.
            self.probe.firstSourceAddress = .v4(0x7F01_0001)
        }
    }
}
