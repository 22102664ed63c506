import Conformance
import Foundation
import Testing
import WireCore
import WireDecode

/// The one vocabulary: every code declared once, the docs' tables the same lists, the profiles'
/// reasons named by the codes they react to.
@Suite struct VocabularyTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/error-codes.md")

    /// `## Module` headings and the first column of the table under each.
    static func documentedCodes() throws -> [(module: String, codes: [String])] {
        let text = try String(contentsOf: document, encoding: .utf8)
        var modules: [(module: String, codes: [String])] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("## ") {
                modules.append((String(line.dropFirst(3)), []))
            } else if line.hasPrefix("| `"), !modules.isEmpty {
                modules[modules.count - 1].codes.append(String(line.dropFirst(3).prefix { $0 != "`" }))
            }
        }
        return modules
    }

    @Test func everyWireCodeIsDeclaredOnce() {
        let all = ParseError.Code.wireCodes.flatMap(\.codes).map(\.rawValue)
        #expect(Set(all).count == all.count, "a code is declared twice: \(all)")
        #expect(ParseError.Code.wire("not_a_dictionary") == .notADictionary)
        #expect(ParseError.Code.wire("no_such_code") == nil)
    }

    @Test func theDocumentListsEveryModulesCodes() throws {
        let documented = try Self.documentedCodes()
        let declared = ParseError.Code.wireCodes.map { ($0.module, $0.codes.map(\.rawValue)) }
        for (module, codes) in declared {
            let found = documented.first { $0.module == module }
            #expect(found?.codes == codes, "docs/error-codes.md, ## \(module)")
        }
        let extra = Set(documented.map(\.module)).subtracting(declared.map(\.0) + ["Probe"])
        #expect(extra.isEmpty, "docs/error-codes.md has tables for \(extra)")
    }

    @Test func situationsAreNamedByTheirDecoderCodes() {
        for situation in ClientProfile.Situation.allCases {
            if let code = situation.decoderCode { #expect(situation.rawValue == code.rawValue, "\(situation)") }
        }
        #expect(Reaction.Reason.frameTooLarge.rawValue == ParseError.Code.frameTooLarge.rawValue)
    }

    @Test func reasonsAreOneClosedSet() {
        let names = Reaction.Reason.all.map(\.rawValue)
        #expect(Set(names).count == names.count, "a reason is named twice: \(names)")
        for reason in Reaction.Reason.all { #expect(Reaction.Reason(rawValue: reason.rawValue) == reason) }
        #expect(Reaction.Reason(rawValue: "flags_mismatch") == nil)
    }
}
