/// A failure to decode bytes from the wire: a stable ``Code``, the byte offset where decoding
/// failed, and a message for people.
///
/// Tests and tools compare ``code`` and ``offset``; ``message`` may change between releases.
public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code such as `expected_digit`.
    ///
    /// Codes are static values (as in swift-asn1's `ASN1Error.ErrorCode`), so a new code breaks no
    /// one's exhaustive `switch`, and a closed set: only the modules of this package make them
    /// (the initializer is `package`), each module declaring all of its codes in one file
    /// (`<Module>ErrorCodes.swift`, listed in docs/error-codes.md). Outside the package a code is
    /// compared (`error.code == .notADictionary`) or written (``rawValue``, the wire string that
    /// `pexspec decode` prints), never built.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The wire string: what `pexspec decode` and the conformance cases write.
        public let rawValue: String
        package init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public var code: Code
    /// Offset of the offending byte, counted from the start of the buffer handed to the parser.
    public var offset: Int
    public var message: String

    public init(_ code: Code, at offset: Int, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(code.rawValue) at offset \(offset): \(message)" }

    /// The same error, moved by `delta` bytes: used when a payload is parsed on its own and the
    /// offset must name a position in the enclosing frame.
    public func shifted(by delta: Int) -> ParseError {
        ParseError(code, at: offset + delta, message)
    }
}

/// Something a lenient decoder tolerated: the same code it would raise in strict mode, with its offset.
public struct ParseWarning: Hashable, Sendable, CustomStringConvertible {
    public var code: ParseError.Code
    public var offset: Int
    public var message: String

    public init(_ code: ParseError.Code, at offset: Int, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    public init(_ error: ParseError) {
        self.init(error.code, at: error.offset, error.message)
    }

    public var description: String { "\(code.rawValue) at offset \(offset): \(message)" }

    public func shifted(by delta: Int) -> ParseWarning {
        ParseWarning(code, at: offset + delta, message)
    }
}

/// How strictly a decoder applies the letter of the specification.
public enum ParseMode: String, Sendable, Hashable, CaseIterable {
    /// Canonical input only: every deviation is an error.
    case strict
    /// What deployed clients accept: tolerable deviations become ``ParseWarning``s and decoding goes on.
    case lenient
}

/// Collects the deviations a decoder meets: in strict mode the first one is thrown, in lenient
/// mode each is kept as a warning.
///
/// Every codec uses this one type so that "strict rejects exactly what lenient warns about"
/// holds by construction.
public struct Diagnostics: Sendable {
    public let mode: ParseMode
    public private(set) var warnings: [ParseWarning] = []

    public init(mode: ParseMode) { self.mode = mode }

    /// Reports a deviation that lenient decoders tolerate.
    public mutating func tolerate(_ code: ParseError.Code, at offset: Int, _ message: @autoclosure () -> String) throws(ParseError) {
        switch mode {
        case .strict: throw ParseError(code, at: offset, message())
        case .lenient: warnings.append(ParseWarning(code, at: offset, message()))
        }
    }

    /// Records a warning in every mode: a fact worth telling that never makes input invalid.
    public mutating func note(_ code: ParseError.Code, at offset: Int, _ message: String) {
        warnings.append(ParseWarning(code, at: offset, message))
    }

    /// Takes over the warnings of a nested decode, moved to this buffer's offsets.
    public mutating func absorb(_ nested: [ParseWarning], shiftedBy delta: Int = 0) {
        warnings.append(contentsOf: nested.map { $0.shifted(by: delta) })
    }
}
