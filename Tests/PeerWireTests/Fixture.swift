import Foundation
import Testing
import WireCore
import WireDecode
import WireJSON

/// One case of a fixture file in `Fixtures/` (written by `Fixtures/make_fixtures.py`).
struct Fixture: Sendable, CustomTestStringConvertible {
    struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
        var code: String
        var offset: Int

        init(code: String, offset: Int) {
            self.code = code
            self.offset = offset
        }

        init(_ code: ParseError.Code, offset: Int) { self.init(code: code.rawValue, offset: offset) }
        var description: String { "\(code)@\(offset)" }
    }

    var kind: DecodeKind
    var name: String
    var raw: [UInt8]
    var mustFail: Bool
    var error: Diagnostic?
    var expected: JSONValue?
    var warnings: [Diagnostic]

    var testDescription: String { name }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The cases of `Fixtures/<file>.json`; a malformed file is a test failure, not a crash.
    static func load(_ file: String) -> [Fixture] {
        let url = directory.appendingPathComponent(file + ".json")
        guard let data = FileManager.default.contents(atPath: url.path),
            let root = try? JSONValue.parse([UInt8](data)),
            let kind = root["kind"]?.stringValue.flatMap(DecodeKind.init(rawValue:)),
            let cases = root["cases"]?.arrayValue
        else { return [] }
        return cases.compactMap { item in
            guard let name = item["name"]?.stringValue, let hex = item["raw"]?.stringValue, let raw = Hex.decode(hex),
                let mustFail = item["must_fail"]?.boolValue
            else { return nil }
            return Fixture(
                kind: kind, name: name, raw: raw, mustFail: mustFail, error: item["error"].flatMap(diagnostic),
                expected: item["expected"], warnings: item["warnings"]?.arrayValue?.compactMap(diagnostic) ?? [])
        }
    }

    static func diagnostic(_ value: JSONValue) -> Diagnostic? {
        guard let code = value["code"]?.stringValue, let offset = value["offset"]?.integerValue else { return nil }
        return Diagnostic(code: code, offset: Int(offset))
    }
}

extension ParseError {
    var diagnostic: Fixture.Diagnostic { .init(code: code.rawValue, offset: offset) }
}

extension ParseWarning {
    var diagnostic: Fixture.Diagnostic { .init(code: code.rawValue, offset: offset) }
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
        #expect(error.diagnostic == Fixture.Diagnostic(code: code.rawValue, offset: offset), sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a ParseError, got \(error)", sourceLocation: sourceLocation)
    }
}
