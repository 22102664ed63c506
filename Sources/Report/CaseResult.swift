/// The result of one case on one subject, whatever produced it (replay, probe, matrix runs).
///
/// A verdict never stands alone: `evidence` names what was judged (the messages, the frames, the
/// connection end), `comparisons` give Expected and Actual, `reason` says why a case that is not
/// `pass` or `fail` could not be judged, and `log` names the wire log of the connection (or
/// transcript) it comes from, which the run holds once.
public struct CaseResult: Sendable, Equatable {
    /// One Expected / Actual pair; `label` says which check it is when a case has several.
    public struct Comparison: Sendable, Equatable {
        public var label: String?
        public var expected: String
        public var actual: String

        public init(label: String? = nil, expected: String, actual: String) {
            self.label = label
            self.expected = expected
            self.actual = actual
        }
    }

    /// `spec/section/name`.
    public var id: String
    /// What the case checks, in one line.
    public var title: String
    /// The requirement, quoted.
    public var requirement: String
    /// Where the requirement is quoted from (`BEP 10, extension header`).
    public var citation: String?
    public var verdict: Verdict
    public var comparisons: [Comparison]
    /// What the verdict was judged on, one item each (`3 ut_pex messages at t = 5.0, 65.1, 125.0 s`).
    public var evidence: [String]
    /// Why the verdict is what it is, when Expected and Actual do not say it (every `inconclusive`,
    /// `skipped` and `error` has one).
    public var reason: String?
    /// The id of the wire log in ``Run/logs`` this result comes from.
    public var log: String?
    /// Further named facts, written as members of the case (`reaction`, `file`, `hazard`).
    public var properties: [(name: String, value: String)]
    /// Set on a `fail` the subject's profile declares as a known deviation: the source of that
    /// declaration. The verdict stays `fail` (the subject breaks the requirement); the mark says
    /// it is the deviation the profile cites, so a run need not stop on it (docs/reports.md).
    public var known: String?

    public init(
        id: String, title: String, requirement: String, citation: String? = nil, verdict: Verdict, comparisons: [Comparison] = [],
        evidence: [String] = [], reason: String? = nil, log: String? = nil, properties: [(name: String, value: String)] = [],
        known: String? = nil
    ) {
        self.id = id
        self.title = title
        self.requirement = requirement
        self.citation = citation
        self.verdict = verdict
        self.comparisons = comparisons
        self.evidence = evidence
        self.reason = reason
        self.log = log
        self.properties = properties
        self.known = known
    }

    /// A `fail` marked as a known deviation of the subject's profile.
    public var isKnownDeviation: Bool { verdict == .fail && known != nil }

    /// The verdict in words, with the mark: `fail (known: SOURCE)` for a known deviation.
    public var verdictText: String { isKnownDeviation ? "fail (known: \(known ?? ""))" : verdict.rawValue }

    /// True unless the verdict says the subject or the harness went wrong; a known deviation is
    /// acceptable unless `strict`.
    public func isAcceptable(strict: Bool = false) -> Bool { verdict.isAcceptable || (!strict && isKnownDeviation) }

    /// The first comparison's Expected, or "".
    public var expected: String { comparisons.first?.expected ?? "" }
    /// The first comparison's Actual, or "".
    public var actual: String { comparisons.first?.actual ?? "" }

    /// The value of the property `name`.
    public func property(_ name: String) -> String? { properties.first { $0.name == name }?.value }

    public var section: String { CaseID.section(of: id) }

    public static func == (lhs: CaseResult, rhs: CaseResult) -> Bool {
        lhs.id == rhs.id && lhs.title == rhs.title && lhs.requirement == rhs.requirement && lhs.citation == rhs.citation
            && lhs.verdict == rhs.verdict && lhs.comparisons == rhs.comparisons && lhs.evidence == rhs.evidence
            && lhs.reason == rhs.reason && lhs.log == rhs.log && lhs.properties.map(\.name) == rhs.properties.map(\.name)
            && lhs.properties.map(\.value) == rhs.properties.map(\.value) && lhs.known == rhs.known
    }
}
