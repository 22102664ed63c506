import Bencode
import Foundation
import Testing
import WireCore
import WireDecode
import WireJSON

/// One case of `Fixtures/bencode.json`.
struct BencodeFixture: CustomTestStringConvertible, Sendable {
    let name: String
    let raw: [UInt8]
    let expected: JSONValue?
    let warnings: [JSONValue]
    let strictError: JSONValue?
    let mustFail: JSONValue?

    var testDescription: String { name }

    static func load() throws -> [BencodeFixture] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/bencode.json")
        let root = try JSONValue.parse(Array(try Data(contentsOf: url)))
        return try (root["cases"]?.arrayValue ?? []).map { c in
            let name = c["name"]?.stringValue ?? "?"
            let raw: [UInt8]
            if let hex = c["raw_hex"]?.stringValue {
                raw = try #require(Hex.decode(hex), "bad raw_hex in \(name)")
            } else {
                raw = Array((c["raw"]?.stringValue ?? "").utf8)
            }
            return BencodeFixture(
                name: name, raw: raw, expected: c["expected"], warnings: c["warnings"]?.arrayValue ?? [],
                strictError: c["strict_error"], mustFail: c["must_fail"])
        }
    }
}

private let fixtures = (try? BencodeFixture.load()) ?? []

@Test func fixturesLoad() {
    #expect(fixtures.count >= 40)
}

@Test("lenient decoding gives the expected value, warnings, or error", arguments: fixtures)
func lenientFixture(_ fixture: BencodeFixture) {
    let outcome = WireDecoder.decode(.bencode, fixture.raw, mode: .lenient)
    if let mustFail = fixture.mustFail {
        #expect(outcome.envelope["ok"] == false, "\(fixture.name): expected failure")
        #expect(outcome.envelope["error"]?["code"] == mustFail["code"], "\(fixture.name)")
        #expect(outcome.envelope["error"]?["offset"] == mustFail["offset"], "\(fixture.name)")
    } else {
        #expect(outcome.envelope["ok"] == true, "\(fixture.name): \(outcome.envelope)")
        #expect(outcome.envelope["value"] == fixture.expected, "\(fixture.name)")
        #expect(outcome.envelope["warnings"] == .array(fixture.warnings), "\(fixture.name)")
    }
}

@Test("strict decoding rejects every lenient warning with the first one's code and offset", arguments: fixtures)
func strictFixture(_ fixture: BencodeFixture) {
    let outcome = WireDecoder.decode(.bencode, fixture.raw, mode: .strict)
    if let error = fixture.mustFail ?? fixture.strictError {
        #expect(outcome.envelope["ok"] == false, "\(fixture.name): strict must fail")
        #expect(outcome.envelope["error"]?["code"] == error["code"], "\(fixture.name)")
        #expect(outcome.envelope["error"]?["offset"] == error["offset"], "\(fixture.name)")
    } else {
        #expect(fixture.warnings.isEmpty, "\(fixture.name): a case with warnings needs strict_error")
        #expect(outcome.envelope["ok"] == true, "\(fixture.name)")
        #expect(outcome.envelope["value"] == fixture.expected, "\(fixture.name)")
    }
}

@Test("a canonical fixture re-encodes to its own bytes", arguments: fixtures)
func canonicalRoundTrip(_ fixture: BencodeFixture) throws {
    guard let decoded = try? BencodeDecoder(mode: .strict).decode(fixture.raw) else { return }
    #expect(BencodeEncoder.encode(decoded.value) == fixture.raw, "\(fixture.name)")
}
