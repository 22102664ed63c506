import Testing
import TestSupport
import WireCore
import WireDecode
import WireJSON

/// A code and an offset: what tests compare of an error or a warning (messages may change).
struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    var code: String
    var offset: Int
    var description: String { "\(code)@\(offset)" }

    init(code: String, offset: Int) {
        self.code = code
        self.offset = offset
    }

    init(_ code: ParseError.Code, offset: Int) { self.init(code: code.rawValue, offset: offset) }
}

extension ParseError {
    var diagnostic: Diagnostic { .init(code: code.rawValue, offset: offset) }
}

extension ParseWarning {
    var diagnostic: Diagnostic { .init(code: code.rawValue, offset: offset) }
}

extension DecodeVector {
    /// The error the vector expects in lenient mode, if any.
    var lenientError: Diagnostic? { error(.lenient).map { Diagnostic(code: $0.code, offset: $0.offset) } }
}

extension DecodeOutcome {
    var value: Decoded<JSONValue>? { try? result.get() }
    var failure: ParseError? {
        if case .failure(let error) = result { return error }
        return nil
    }
}

/// Expects `body` to throw a ``ParseError`` with `code` at `offset` (messages are not compared).
func expectParseError<R>(
    _ code: ParseError.Code, at offset: Int, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) {
    do {
        let value = try body()
        Issue.record("expected \(code)@\(offset), got \(value)", sourceLocation: sourceLocation)
    } catch let error as ParseError {
        #expect(error.diagnostic == Diagnostic(code, offset: offset), sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a ParseError, got \(error)", sourceLocation: sourceLocation)
    }
}
