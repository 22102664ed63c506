import PeerWire
import PexModel

/// What to probe and how: the client's address, the torrent, timings and limits.
public struct ProbeConfiguration: Sendable {
    /// The client under test.
    public var target: PeerAddress
    /// The v1 info-hash of a torrent the client serves, 20 bytes.
    public var infoHash: [UInt8]
    /// Seconds to watch the ut_pex messages the client sends; nil: two of the PEX intervals of
    /// the client's profile (``ClientProfile/pexInterval``) and 10 s: libtorrent and aria2 130,
    /// Transmission 190, rtorrent 250; 130 when the profile knows none.
    public var window: Double?
    /// Seconds to wait after a robustness message for the client to disconnect before the
    /// verdict is "stays connected".
    public var settleTime: Double = 5
    /// Seconds to wait for the client's handshake and extended handshake.
    public var handshakeTimeout: Double = 10
    /// Seconds to wait for the TCP connection.
    public var connectTimeout: Double = 5
    /// Seconds between the keep-alives the probe sends.
    public var keepAliveInterval: Double = 30
    /// The largest frame accepted from the client (its length prefix); a longer one ends the
    /// connection with a verdict, never a buffer of that size.
    public var maxFrameSize = PeerFrameDecoder.defaultMaxFrameSize
    /// The most memory (bytes) of decoded events a connection holds before its case takes them.
    public var maxBufferedBytes = 8 << 20
    /// Distinct frames a connection delivers to its case per second; more are counted (and
    /// reported) but not decoded one by one. Runs of identical frames count once.
    public var maxFramesPerSecond = ProbeConfiguration.defaultMaxFramesPerSecond
    public static let defaultMaxFramesPerSecond = 1000
    /// The most wire-log entries a connection keeps (the first ones; the last
    /// ``logTailEntries`` are kept as well), and the most bytes of memory they hold.
    public var maxLogEntries = 400
    public var maxLogBytes = 4 << 20
    public static let logTailEntries = 50
    /// The first local address connections leave from; each connection takes the next one
    /// (127.0.0.2, 127.0.0.3, …) so that clients that accept one connection per IP take them
    /// all. Nil: let the system choose.
    public var firstSourceAddress: IPAddress?
    /// The extended message id the probe assigns to ut_pex in its `m`; the client must send its
    /// PEX under this id, not its own.
    public var pexExtensionID: UInt8 = 6
    /// A TCP port to announce as `p`; none by default (the probe does not listen).
    public var listenPort: UInt16?
    /// The port the extra connection that changes the client's peer set announces as `p`: 1,
    /// where nothing listens, so a client that dials it stays on this machine and fails at once.
    public var churnPort: UInt16 = 1
    /// The client profile whose predictions robustness verdicts are compared with; nil: chosen
    /// from the `v` of the client's extended handshake.
    public var profile: String?
    /// The swarm's longest run, seconds (it ends earlier once every case is decided); it should
    /// cover two of the client's PEX intervals (Transmission 90 s, rtorrent 120 s). Nil: the
    /// observation window (``window``, or the profile's); a longer one lengthens the run's
    /// window (``RunDeadline``).
    public var swarmWindow: Double?
    /// Seconds the run may take past its window (``RunDeadline``) to close its connections and
    /// judge: the whole run ends within connection 0's opening, the run's window and this.
    public var runGrace: Double = 10
    /// The v1 info-hash of a private torrent (`private=1`) the client serves, for the bep27
    /// cases; nil skips them.
    public var privateInfoHash: [UInt8]?
    /// The third octet of the first of the four loopback /24s the swarm uses (see `SwarmPlan`).
    public var swarmNet: UInt8 = 20
    /// Run only the cases whose id starts with one of these; all when empty.
    public var caseFilter: [String] = []

    public init(target: PeerAddress, infoHash: [UInt8]) {
        self.target = target
        self.infoHash = infoHash
        if case .v4(let address) = target.ip, address >> 24 == 127 {
            firstSourceAddress = .v4(0x7F00_0002)
        }
    }

    /// The source address of the `index`-th connection (0-based), when sources are set.
    package func sourceAddress(_ index: Int) -> IPAddress? {
        guard case .v4(let first)? = firstSourceAddress else { return firstSourceAddress }
        return .v4(first &+ UInt32(truncatingIfNeeded: index))
    }

    /// True when the case `id` is selected by ``caseFilter``.
    func selects(_ id: String) -> Bool {
        caseFilter.isEmpty || caseFilter.contains { id.hasPrefix($0) }
    }
}
