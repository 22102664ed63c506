/// One check of a case that did not hold.
public struct Mismatch: Sendable, Hashable, CustomStringConvertible {
    /// The message (0-based) the check is about; nil for checks of the whole case.
    public var message: Int?
    /// What was checked: `decode`, `decode (strict)`, `framing (one byte at a time)`, `routing`, `reaction`, `profile`.
    public var check: String
    public var expected: String
    public var actual: String
    /// The actual result is `unsupported_kind`: the codec has not landed yet.
    public var isPending: Bool

    public init(message: Int?, check: String, expected: String, actual: String, isPending: Bool = false) {
        self.message = message
        self.check = check
        self.expected = expected
        self.actual = actual
        self.isPending = isPending
    }

    public var description: String {
        "\(message.map { "message \($0): " } ?? "")\(check): expected \(expected), actual \(actual)"
    }
}
