import Report

/// The result of replaying one transcript: pass or fail, each mismatch with Expected and
/// Actual, and the case's whole wire log so a failure can be read without rerunning it.
public struct CaseReport: Sendable {
    public var id: String
    public var title: String
    public var file: String?
    public var requirement: String
    public var hazard: String?
    public var mismatches: [Mismatch]
    /// One line per message: direction, time, framing, bytes, and what decoding and the receiver made of it.
    public var wireLog: [String]
    /// The spec the case is counted under in the summary (``Document/groups``); nil when its document is not in the table.
    public var specGroup: String?

    public init(
        id: String, title: String, file: String?, requirement: String, hazard: String?, mismatches: [Mismatch], wireLog: [String], specGroup: String? = nil
    ) {
        self.id = id
        self.title = title
        self.file = file
        self.requirement = requirement
        self.hazard = hazard
        self.mismatches = mismatches
        self.wireLog = wireLog
        self.specGroup = specGroup
    }

    /// `pass` with no mismatch; `inconclusive` when every mismatch is only a decode kind not
    /// built yet (`unsupported_kind`: the reference cannot judge the case); `fail` otherwise.
    public var status: Verdict {
        if mismatches.isEmpty { return .pass }
        return mismatches.allSatisfy(\.isPending) ? .inconclusive : .fail
    }

    public var passed: Bool { status == .pass }

    /// The case in the one result model; its wire log is the run's log named by the case id.
    public var result: CaseResult {
        var properties: [(name: String, value: String)] = []
        if let file { properties.append(("file", file)) }
        if let hazard { properties.append(("hazard", hazard)) }
        return CaseResult(
            id: id, title: title, requirement: requirement, verdict: status,
            comparisons: mismatches.map { .init(label: ($0.message.map { "message \($0), " } ?? "") + $0.check, expected: $0.expected, actual: $0.actual) },
            evidence: ["\(wireLog.count) transcript messages replayed in every chunking"],
            reason: status == .inconclusive ? "pending: a decode kind it needs is not built yet (unsupported_kind)" : nil,
            log: id, properties: properties)
    }

    var log: WireLog { WireLog(id: id, entries: wireLog.map { WireLog.Entry(kind: "message", summary: $0) }) }
}
