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
        Run(tool: "replay", subject: subject, cases: cases.map(\.result), logs: cases.map(\.log))
    }

    /// True when every case passed: the only run that exits 0.
    public var allPassed: Bool { cases.allSatisfy(\.passed) }
}
