import Report

/// A check the probe makes, h2spec style: an id (spec, section, name), what it checks, and the
/// requirement it enforces, quoted from the document it comes from (a cite of `Conformance/documents.json`).
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
    public var section: String { CaseID.section(of: id) }
}

/// The outcome of one case on one client.
public struct ProbeCaseResult: Sendable {
    /// The one vocabulary of docs/reports.md.
    public typealias Verdict = Report.Verdict

    public var probeCase: ProbeCase
    public var verdict: Verdict
    public var expected: String
    public var actual: String
    /// What the verdict was judged on (messages, frames, the connection's end).
    public var evidence: [String]
    /// Why a verdict that is not `pass` or `fail` could not be judged.
    public var reason: String?
    /// For robustness cases: what the client did, `stays` or `disconnects`.
    public var reaction: ObservedReaction?
    /// For swarm cases: what the client did, as a short stable token (`dialled`, `50 of 200`),
    /// so that a change in behaviour shows even where the verdict stays `observed`.
    public var observation: String?
    /// The connection the verdict comes from, its local address.
    public var connection: String
    /// What was kept of everything that crossed that connection.
    public var log: [WireLogEntry]
    /// Entries of that log left out over its caps.
    public var logOmitted: Int = 0
    /// On a `fail` the client's profile declares as a known deviation: the declaration's source
    /// (``ProbeReport/markKnownDeviations(of:)``).
    public var known: String?

    public init(
        probeCase: ProbeCase, verdict: Verdict, expected: String, actual: String, evidence: [String] = [], reason: String? = nil,
        reaction: ObservedReaction? = nil, observation: String? = nil, connection: String = "", log: [WireLogEntry] = []
    ) {
        self.probeCase = probeCase
        self.verdict = verdict
        self.expected = expected
        self.actual = actual
        self.evidence = evidence
        self.reason = reason
        self.reaction = reaction
        self.observation = observation
        self.connection = connection
        self.log = log
    }

    /// True unless the verdict says the client or the probe went wrong; a known deviation is
    /// acceptable unless `strict`.
    public func isAcceptable(strict: Bool = false) -> Bool { result.isAcceptable(strict: strict) }

    /// The result in the one model; its log is the run's log named by ``connection``.
    public var result: CaseResult {
        CaseResult(
            id: probeCase.id, title: probeCase.title, requirement: probeCase.requirement, citation: probeCase.document, verdict: verdict,
            comparisons: [.init(expected: expected, actual: actual)], evidence: evidence, reason: reason,
            log: connection.isEmpty ? nil : connection,
            properties: (reaction.map { [("reaction", $0.rawValue)] } ?? []) + (observation.map { [("observation", $0)] } ?? []),
            known: verdict == .fail ? known : nil)
    }
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
    /// What was judged; every `pass` names it.
    var evidence: [String] = []
    /// Why nothing could be judged, for `inconclusive`, `skipped` and `error`.
    var reason: String? = nil
    /// What the client did, as a short stable token (see ``ProbeCaseResult/observation``).
    var observation: String? = nil

    static func check(_ ok: Bool, expected: String, actual: String, evidence: [String] = []) -> Finding {
        Finding(verdict: ok ? .pass : .fail, expected: expected, actual: actual, evidence: evidence)
    }

    /// The finding with `evidence` named, unless it names its own.
    func judged(on evidence: [String]) -> Finding {
        var finding = self
        if finding.evidence.isEmpty { finding.evidence = evidence }
        return finding
    }

    /// Nothing to judge: `inconclusive`, with the reason.
    static func inconclusive(expected: String, reason: String) -> Finding {
        Finding(verdict: .inconclusive, expected: expected, actual: reason, reason: reason)
    }
}
