import Bencode
import Testing
import WireCore

/// The typed decoders' fast path reads what the scanner accepts and leaves everything else to
/// the general path: whatever it accepts must decode without an error or a warning.
@Suite struct BencodeCanonicalScannerTests {
    /// True when the scanner reads `text` as a dictionary of byte strings and integers.
    static func accepts(_ text: String, limits: BencodeLimits = .default) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            BencodeCanonicalScanner.readDictionary(buffer, limits: limits) { _, scanner in
                if scanner.string() != nil { return true }
                return scanner.integer() != nil
            }
        }
    }

    @Test func acceptsCanonicalDictionaries() {
        #expect(Self.accepts("de"))
        #expect(Self.accepts("d1:ai0e1:bi-12e1:c3:xyze"))
        #expect(Self.accepts("d0:0:1:a0:e"))
        #expect(Self.accepts("d1:ai999999999999999999ee"))  // 18 digits
    }

    @Test(arguments: [
        "", "d", "l", "i1e", "1:a", "dx",
        "d1:ai01ee", "d1:ai-0ee", "d1:ai-01ee", "d1:aie", "d1:ai1", "d1:a01:xe", "d01:a1:xe",  // not canonical
        "d1:bi1e1:ai1ee", "d1:ai1e1:ai2ee",  // unsorted, repeated
        "d1:ai1ee ", "d1:ai1eee", "d1:ai1eed",  // trailing data
        "d1:a5:xyze", "d1:a1:", "d1:a",  // truncated
        "d1:ai1234567890123456789ee",  // 19 digits
        "d1:ali1eee", "d1:adee", "d1:ae", "di1ei1ee",  // a value the body refuses, a missing value, a key not a string
    ])
    func refusesAnythingElse(_ text: String) {
        #expect(!Self.accepts(text))
    }

    @Test func acceptsWhatTheDecoderAcceptsWithoutWarnings() throws {
        for text in ["de", "d1:ai0e1:bi-12e1:c3:xyze", "d0:0:1:a0:e", "d1:ai999999999999999999ee"] {
            for mode in [ParseMode.lenient, .strict] {
                let decoded = try BencodeDecoder(mode: mode).decode(Array(text.utf8))
                #expect(decoded.warnings.isEmpty, "\(text)")
            }
        }
    }

    /// Each limit as the tokenizer applies it, or stricter.
    @Test func staysWithinTheLimits() {
        let text = "d1:ai12345e1:b2:xye"  // 5 tokens, 5 digits, depth 1
        #expect(Self.accepts(text, limits: BencodeLimits(maxDepth: 2, maxTokens: 5, maxIntegerDigits: 5)))
        #expect(!Self.accepts(text, limits: BencodeLimits(maxTokens: 4)))
        #expect(!Self.accepts(text, limits: BencodeLimits(maxIntegerDigits: 4)))
        #expect(!Self.accepts(text, limits: BencodeLimits(maxDepth: 1)))
        #expect(!Self.accepts(text, limits: BencodeLimits(maxDepth: 0)))
        // The decoder agrees: one token fewer, one digit fewer or one level fewer is an error.
        let bytes = Array(text.utf8)
        #expect(throws: ParseError.self) { try BencodeDecoder(limits: BencodeLimits(maxTokens: 4)).decode(bytes) }
        #expect(throws: ParseError.self) { try BencodeDecoder(limits: BencodeLimits(maxIntegerDigits: 4)).decode(bytes) }
        #expect(throws: ParseError.self) { try BencodeDecoder(limits: BencodeLimits(maxDepth: 1)).decode(bytes) }
        #expect(throws: Never.self) { try BencodeDecoder(limits: BencodeLimits(maxDepth: 2, maxTokens: 5, maxIntegerDigits: 5)).decode(bytes) }
    }

    @Test func readsNestedContainers() {
        let bytes = Array("d1:ald1:xi1eee1:bi2ee".utf8)
        var integers: [Int64] = []
        let read = bytes.withUnsafeBufferPointer { buffer in
            BencodeCanonicalScanner.readDictionary(buffer, limits: .default) { key, scanner in
                guard key.count == 1 else { return false }
                if key[0] == UInt8(ascii: "a") {
                    return scanner.list { item in
                        item.dictionary { _, inner in
                            guard let n = inner.integer() else { return false }
                            integers.append(n)
                            return true
                        }
                    }
                }
                guard let n = scanner.integer() else { return false }
                integers.append(n)
                return true
            }
        }
        #expect(read)
        #expect(integers == [1, 2])
        // Three levels need a depth limit of 4.
        let limited = bytes.withUnsafeBufferPointer { buffer in
            BencodeCanonicalScanner.readDictionary(buffer, limits: BencodeLimits(maxDepth: 3)) { _, scanner in
                scanner.list { $0.dictionary { _, inner in inner.integer() != nil } } || scanner.integer() != nil
            }
        }
        #expect(!limited)
    }
}

/// The tree builder shares the arrays of short strings that repeat in a large document.
@Suite struct BencodeTreeSharingTests {
    @Test func repeatedStringsStayValues() throws {
        // 300 dictionaries {"a": "abc", "b": i}: over the size where strings are shared.
        var text = "l"
        for i in 0..<300 { text += "d1:a3:abc1:bi\(i - 150)ee" }
        text += "e"
        let decoded = try BencodeDecoder(mode: .strict).decode(Array(text.utf8))
        #expect(decoded.warnings.isEmpty)
        guard case .list(var items) = decoded.value else {
            Issue.record("not a list")
            return
        }
        #expect(items.count == 300)
        for (i, item) in items.enumerated() {
            #expect(item == ["a": "abc", "b": .integer(Int64(i - 150))])
        }
        // Changing one string leaves the others as they were.
        items[7] = ["a": "xyz", "b": 0]
        #expect(items[6]["a"] == "abc" && items[8]["a"] == "abc" && items[7]["a"] == "xyz")
        #expect(BencodeEncoder.encode(decoded.value) == Array(text.utf8))
    }

    @Test func negativeIntegersKeepTheirDeviations() throws {
        let decoded = try BencodeDecoder().decode(Array("li-5ei-123456789012345678ei-0ei-01ee".utf8))
        #expect(decoded.value == [.integer(-5), .integer(-123_456_789_012_345_678), .integer(0), .integer(-1)])
        #expect(decoded.warnings.map(\.code) == [.negativeZero, .leadingZero])
        #expect(throws: ParseError.self) { try BencodeDecoder().decode(Array("li-ee".utf8)) }
        #expect(throws: ParseError.self) { try BencodeDecoder(mode: .strict).decode(Array("li-0ee".utf8)) }
    }
}
