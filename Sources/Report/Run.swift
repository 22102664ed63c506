import WireJSON

/// What a run judged: an implementation or a client, its version, the profile its verdicts were
/// predicted from, and where it was reached.
public struct Subject: Sendable, Equatable {
    /// The client's `v` (`libtorrent/2.0.8.0`) or an implementation's name (`pexspec`).
    public var name: String?
    public var version: String?
    /// The client profile the verdicts were compared with.
    public var profile: String?
    /// Where it ran: `HOST:PORT` of a probed client, a decoder's command line.
    public var target: String?

    public init(name: String? = nil, version: String? = nil, profile: String? = nil, target: String? = nil) {
        self.name = name
        self.version = version
        self.profile = profile
        self.target = target
    }

    /// A column header: the name and version, else the target, else `unknown`.
    public var label: String {
        let named = [name, version].compactMap { $0 }.joined(separator: " ")
        return named.isEmpty ? (target ?? "unknown") : named
    }
}

/// One run of a tool against one subject: its cases, and the wire logs they reference (each once).
public struct Run: Sendable {
    /// The tool that produced it: `probe`, `replay`, …
    public var tool: String
    public var subject: Subject
    /// ISO 8601, UTC.
    public var started: String?
    /// Seconds the run took.
    public var duration: Double?
    /// Tool-specific members of the report, written after the subject (`info_hash`).
    public var properties: [(name: String, value: JSONValue)]
    public var cases: [CaseResult]
    public var logs: [WireLog]
    /// What a reader must see before any verdict, most important first (`NO PROFILE: …`,
    /// `CLIENT ERROR: …`): the text report's first lines, a matrix column's head.
    public var notes: [String] = []

    public init(
        tool: String, subject: Subject, started: String? = nil, duration: Double? = nil, properties: [(name: String, value: JSONValue)] = [],
        cases: [CaseResult], logs: [WireLog] = []
    ) {
        self.tool = tool
        self.subject = subject
        self.started = started
        self.duration = duration
        self.properties = properties
        self.cases = cases
        self.logs = logs
    }

    /// How many cases have `verdict`.
    public func count(_ verdict: Verdict) -> Int { cases.count { $0.verdict == verdict } }

    /// How many `fail`s are known deviations of the subject's profile.
    public var knownDeviations: Int { cases.count(where: \.isKnownDeviation) }

    /// True when no case failed and none ended in error; a known deviation counts as acceptable
    /// unless `strict`.
    public func allAcceptable(strict: Bool = false) -> Bool { cases.allSatisfy { $0.isAcceptable(strict: strict) } }

    /// True when every case passed.
    public var allPassed: Bool { cases.allSatisfy { $0.verdict == .pass } }

    /// How the cases divide into groups for the summary line (replay: by spec); empty: no breakdown.
    public var caseGroups: [(name: String, count: Int)] = []

    /// `20 cases, 17 passed, 0 failed, 1 inconclusive, 2 observed, 0 skipped, 0 errors`, with
    /// ``caseGroups`` in parentheses after the count when there are any, and `1 failed (1 known)`
    /// when fails are known deviations.
    public var summaryLine: String {
        "\(cases.count) cases" + (caseGroups.isEmpty ? "" : " (" + caseGroups.map { "\($0.name): \($0.count)" }.joined(separator: ", ") + ")") + ", "
            + Verdict.allCases.map { verdict in
                "\(count(verdict)) \(verdict.summaryKey)" + (verdict == .fail && knownDeviations > 0 ? " (\(knownDeviations) known)" : "")
            }.joined(separator: ", ")
    }

    /// The log named `id`.
    public func log(_ id: String?) -> WireLog? {
        guard let id else { return nil }
        return logs.first { $0.id == id }
    }
}
