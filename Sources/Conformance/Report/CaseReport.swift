/// The result of replaying one transcript: pass or fail, each mismatch with Expected and
/// Actual, and the case's whole wire log so a failure can be read without rerunning it.
public struct CaseReport: Sendable {
    public enum Status: String, Sendable {
        case passed
        case failed
        /// Fails only because a decode kind it needs is not built yet (`unsupported_kind`).
        case pending
    }

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

    public var status: Status {
        if mismatches.isEmpty { return .passed }
        return mismatches.allSatisfy(\.isPending) ? .pending : .failed
    }

    public var passed: Bool { status == .passed }
}
