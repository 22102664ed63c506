import Report

/// The results of a replay run, as a ``Run`` of the one result model, rendered by the Report
/// module's text, JSON and JUnit renderers.
public struct ReplayReport: Sendable {
    public var cases: [CaseReport]
    /// The implementation the transcripts were replayed against.
    public var subject: Subject

    public init(cases: [CaseReport], subject: Subject = Subject(name: "pexspec reference codecs and client profiles")) {
        self.cases = cases
        self.subject = subject
    }

    public var run: Run {
        var run = Run(
            tool: "replay", subject: subject, properties: [("by_spec", .object(specCounts.map { ($0.group, .integer(Int64($0.count))) }))],
            cases: cases.map(\.result), logs: cases.map(\.log))
        run.caseGroups = specCounts.map { (name: $0.group, count: $0.count) }
        return run
    }

    /// How many cases cite each spec group (``Document/groups``, in that order), then any case whose
    /// document is not in `Conformance/documents.json`.
    public var specCounts: [(group: String, count: Int)] {
        var counts = Document.groups.map { group in (group: group, count: cases.count { $0.specGroup == group }) }
        let other = cases.count { $0.specGroup == nil }
        if other > 0 { counts.append((group: "other", count: other)) }
        return counts
    }

    /// True when every case passed: the only run that exits 0.
    public var allPassed: Bool { cases.allSatisfy(\.passed) }
}
