import Conformance
import WireDecode

/// One published decode vector: bytes of one decode kind and what a decoder must make of them,
/// in lenient and (when given) strict mode. Run through an implementation like a transcript message.
public struct DecodeVector: Sendable {
    public var id: String
    public var title: String
    public var file: String?
    public var requirement: String
    public var kind: DecodeKind
    public var bytes: [UInt8]
    public var expect: ExpectedOutcome
    public var expectStrict: ExpectedOutcome?

    public init(
        id: String, title: String, file: String? = nil, requirement: String, kind: DecodeKind, bytes: [UInt8], expect: ExpectedOutcome,
        expectStrict: ExpectedOutcome? = nil
    ) {
        self.id = id
        self.title = title
        self.file = file
        self.requirement = requirement
        self.kind = kind
        self.bytes = bytes
        self.expect = expect
        self.expectStrict = expectStrict
    }
}
