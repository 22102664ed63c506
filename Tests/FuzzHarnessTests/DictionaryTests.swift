import Foundation
import FuzzHarness
import Testing

/// libFuzzer refuses to start on a malformed dictionary, so each one is checked here first.
@Suite struct DictionaryTests {
    static var dictionaries: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: CorpusFile.root.path)) ?? []
        return names.filter { $0.hasSuffix(".dict") }.sorted()
    }

    @Test(arguments: dictionaries)
    func dictionaryParses(_ name: String) throws {
        let text = try String(contentsOf: CorpusFile.root.appendingPathComponent(name), encoding: .utf8)
        #expect(FuzzTargets.named(String(name.dropLast(".dict".count))) != nil, "\(name) names no fuzz target")
        var tokens: [[UInt8]] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let token = LibFuzzerDictionary.token(trimmed)
            #expect(token != nil, "\(name):\(number + 1) is not a libFuzzer dictionary entry")
            if let token { tokens.append(token) }
        }
        #expect(!tokens.isEmpty, "\(name) has no token")
        #expect(Set(tokens).count == tokens.count, "\(name) repeats a token")
    }
}

/// The entry syntax libFuzzer's `ParseDictionaryFile` accepts: `name="value"` or `"value"`, with
/// `\\`, `\"` and `\xAB` escapes.
enum LibFuzzerDictionary {
    static func token(_ line: String) -> [UInt8]? {
        let bytes = Array(line.utf8)
        guard let open = bytes.firstIndex(of: UInt8(ascii: "\"")), bytes.last == UInt8(ascii: "\""), open < bytes.count - 1 else { return nil }
        let name = bytes[..<open]
        guard name.isEmpty || (name.last == UInt8(ascii: "=") && name.dropLast().allSatisfy { $0 == UInt8(ascii: "_") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) }) else { return nil }
        var out: [UInt8] = []
        var i = open + 1
        let end = bytes.count - 1
        while i < end {
            guard bytes[i] == UInt8(ascii: "\\") else { out.append(bytes[i]); i += 1; continue }
            guard i + 1 < end else { return nil }
            switch bytes[i + 1] {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""):
                out.append(bytes[i + 1]); i += 2
            case UInt8(ascii: "x"):
                guard i + 3 < end, let value = UInt8(String(decoding: bytes[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) else { return nil }
                out.append(value); i += 4
            default:
                return nil
            }
        }
        return out.isEmpty ? nil : out
    }
}
