import PexSession

/// The BEP 11 rule codes a transcript's `reaction.violations` may name: ``PexRuleViolation``'s,
/// and the ones only a timeline of several connections shows (format 2).
enum PexRuleViolationCode {
    /// "A peer must only be included in an added field once a connection is successfully established".
    static let notConnected = "not_connected"
    /// "[...] and included in the dropped field once it is disconnected."
    static let droppedWhileConnected = "dropped_while_connected"
    /// "Once a peer has been added a client must ensure to send the corresponding dropped event when appropriate."
    static let missingDropped = "missing_dropped"

    static let timeline = [notConnected, droppedWhileConnected, missingDropped]

    static func isKnown(_ code: String) -> Bool { PexRuleViolation(rawValue: code) != nil || timeline.contains(code) }

    static var all: String { (PexRuleViolation.allCases.map(\.rawValue) + timeline).sorted().joined(separator: ", ") }
}
