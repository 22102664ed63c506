/// A check the probe makes, h2spec style: an id (spec, section, name), what it checks, and the
/// requirement it enforces, quoted from the reference document it comes from.
public struct ProbeCase: Sendable, Hashable {
    public var id: String
    public var title: String
    /// The document the requirement is quoted from.
    public var document: String
    public var requirement: String

    public init(id: String, title: String, document: String, requirement: String) {
        self.id = id
        self.title = title
        self.document = document
        self.requirement = requirement
    }

    /// The section of the id, for grouping in reports: `bep10/handshake` of `bep10/handshake/ut-pex`.
    public var section: String {
        guard let slash = id.lastIndex(of: "/") else { return id }
        return String(id[..<slash])
    }
}

/// The outcome of one case on one client.
public struct ProbeCaseResult: Sendable {
    public enum Verdict: String, Sendable {
        /// Actual matches Expected.
        case pass
        /// Actual differs from Expected.
        case fail
        /// Observed, with nothing to compare it with: the client's profile makes no prediction.
        case observed
        /// The case could not run (the client does not support ut_pex, say).
        case skipped
        /// The probe could not get as far as the check (no connection, no handshake).
        case error
        /// The case ran but saw nothing it could judge (no PEX in the window, no dial to
        /// compare with); ``ProbeCaseResult/actual`` says why.
        case inconclusive
    }

    public var probeCase: ProbeCase
    public var verdict: Verdict
    public var expected: String
    public var actual: String
    /// For robustness cases: what the client did, `stays` or `disconnects`.
    public var reaction: ObservedReaction?
    /// For swarm cases: what the client did, as a short stable token (`dialled`, `50 of 200`),
    /// so that a change in behaviour shows even where the verdict stays `observed`.
    public var observation: String?
    /// The connection the verdict comes from, its local address.
    public var connection: String
    /// Everything that crossed that connection.
    public var log: [WireLogEntry]

    public init(
        probeCase: ProbeCase, verdict: Verdict, expected: String, actual: String, reaction: ObservedReaction? = nil,
        observation: String? = nil, connection: String = "", log: [WireLogEntry] = []
    ) {
        self.probeCase = probeCase
        self.verdict = verdict
        self.expected = expected
        self.actual = actual
        self.reaction = reaction
        self.observation = observation
        self.connection = connection
        self.log = log
    }

    /// True unless the verdict says the client or the probe went wrong.
    public var isAcceptable: Bool { verdict != .fail && verdict != .error }
}

/// What a client did after a message the probe sent to test it.
public enum ObservedReaction: String, Sendable {
    /// Still connected after the settle time.
    case stays
    /// Closed the connection.
    case disconnects
}

/// A check's finding before it is tied to a connection: verdict, expected and actual.
struct Finding: Sendable, Equatable {
    var verdict: ProbeCaseResult.Verdict
    var expected: String
    var actual: String
    /// What the client did, as a short stable token (see ``ProbeCaseResult/observation``).
    var observation: String? = nil

    static func check(_ ok: Bool, expected: String, actual: String) -> Finding {
        Finding(verdict: ok ? .pass : .fail, expected: expected, actual: actual)
    }
}
