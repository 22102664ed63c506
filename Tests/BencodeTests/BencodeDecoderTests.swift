import Bencode
import Testing
import WireCore

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct BencodeDecoderTests {
    @Test func bep10ExampleDecodesToItsTable() throws {
        let decoded = try BencodeDecoder().decode(bytes("d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e"))
        #expect(decoded.warnings.isEmpty)
        let expected: BencodeValue = ["m": ["LT_metadata": 1, "ut_pex": 2], "p": 6881, "v": "uTorrent 1.2"]
        #expect(decoded.value == expected)
        #expect(decoded.value["m"]?["ut_pex"]?.integer == 2)
        #expect(decoded.value["v"]?.utf8String == "uTorrent 1.2")
    }

    @Test func dictionaryKeepsWireOrderAndDuplicates() throws {
        let decoded = try BencodeDecoder().decode(bytes("d1:bi1e1:ai2e1:ai3ee"))
        let dict = try #require(decoded.value.dictionary)
        #expect(dict.entries.map { String(decoding: $0.key, as: UTF8.self) } == ["b", "a", "a"])
        #expect(dict["a"] == .integer(2), "the first of a repeated key wins")
        #expect(decoded.warnings.map(\.code) == [.unsortedKeys, .duplicateKey])
        #expect(decoded.warnings.map(\.offset) == [7, 13])
        // The encoder writes the first entry of the repeated key only, in canonical order.
        #expect(BencodeEncoder.encode(decoded.value) == bytes("d1:ai2e1:bi1ee"))
    }

    @Test func depthLimitIsCheckedBeforeEveryToken() {
        let decoder = BencodeDecoder(limits: BencodeLimits(maxDepth: 3))
        #expect((try? decoder.decode(bytes("llee"))) != nil)
        let closing = throwing { try decoder.decode(bytes("llleee")) }
        #expect(closing?.code == .depthExceeded && closing?.offset == 3, "the closing e of the third level")
        let opening = throwing { try decoder.decode(bytes("lllleeee")) }
        #expect(opening?.code == .depthExceeded && opening?.offset == 3)
        let eof = throwing { try decoder.decode(bytes("lll")) }
        #expect(eof?.code == .unexpectedEOF && eof?.offset == 3, "the end of the input is checked first")
        #expect(throwing { try BencodeDecoder(limits: BencodeLimits(maxDepth: 1)).decode(bytes("le")) }?.offset == 1)
        #expect((try? BencodeDecoder(limits: BencodeLimits(maxDepth: 1)).decode(bytes("i1e"))) != nil)
        #expect(throwing { try BencodeDecoder(limits: BencodeLimits(maxDepth: 0)).decode(bytes("i1e")) }?.code == .depthExceeded)
    }

    @Test func defaultDepthIsLibtorrents99Levels() throws {
        let ok = String(repeating: "l", count: 99) + String(repeating: "e", count: 99)
        #expect((try? BencodeDecoder().decode(bytes(ok))) != nil)
        let deep = String(repeating: "l", count: 100) + String(repeating: "e", count: 100)
        let error = try #require(throwing { try BencodeDecoder().decode(bytes(deep)) })
        #expect(error.code == .depthExceeded && error.offset == 100)
    }

    @Test func everyRepeatedKeyIsADuplicateAdjacentOrNot() throws {
        let lenient = try BencodeDecoder().decode(bytes("d1:ai1e1:bi2e1:ai3ee"))
        #expect(lenient.warnings.map(\.code) == [.duplicateKey] && lenient.warnings.first?.offset == 13)
        #expect(lenient.value["a"]?.integer == 1, "the first entry wins lookups")
        let strict = throwing { try BencodeDecoder(mode: .strict).decode(bytes("d1:ai1e1:bi2e1:ai3ee")) }
        #expect(strict?.code == .duplicateKey && strict?.offset == 13)
        // b, a, b: the second b is in order after a, and still a repeat.
        let later = try BencodeDecoder().decode(bytes("d1:bi1e1:ai2e1:bi3ee"))
        #expect(later.warnings.map(\.code) == [.unsortedKeys, .duplicateKey])
        // A nested dictionary has keys of its own; the outer one's set survives it.
        let nested = try BencodeDecoder().decode(bytes("d1:bi1e1:ad1:bi0e1:ai0ee1:bi3ee"))
        #expect(nested.warnings.map(\.code) == [.unsortedKeys, .unsortedKeys, .duplicateKey])
        #expect(nested.warnings.last?.offset == 24)
    }

    @Test func depthCeilingApplies() {
        var limits = BencodeLimits(maxDepth: 1_000_000)
        #expect(limits.maxDepth == BencodeLimits.depthCeiling)
        limits.maxDepth = -5
        #expect(limits.maxDepth == 0)
    }

    @Test func tokenLimitCountsEveryValue() throws {
        let decoder = BencodeDecoder(limits: BencodeLimits(maxTokens: 4))
        #expect((try? decoder.decode(bytes("li1ei2ei3ee"))) != nil, "a list and three integers are four tokens")
        let error = try #require(throwing { try decoder.decode(bytes("li1ei2ei3ei4ee")) })
        #expect(error.code == .limitExceeded && error.offset == 10)
        // Dictionary keys count too.
        let dictError = try #require(throwing { try BencodeDecoder(limits: BencodeLimits(maxTokens: 2)).decode(bytes("d1:ai1ee")) })
        #expect(dictError.code == .limitExceeded && dictError.offset == 4)
    }

    @Test func integerDigitLimitIsConfigurable() throws {
        let decoder = BencodeDecoder(limits: BencodeLimits(maxIntegerDigits: 3))
        #expect(try decoder.decode(bytes("i999e")).value == 999)
        let error = try #require(throwing { try decoder.decode(bytes("i1000e")) })
        #expect(error.code == .limitExceeded && error.offset == 1)
        let lengthError = try #require(throwing { try decoder.decode(bytes("1000:")) })
        #expect(lengthError.code == .limitExceeded && lengthError.offset == 0)
    }

    @Test func hugeLengthClaimFailsBeforeAllocating() throws {
        // 20 bytes that claim a 4 GB string: checked against the 9 bytes present.
        let input = bytes("4294967295:abcdefghi")
        #expect(input.count == 20)
        let error = try #require(throwing { try BencodeDecoder().decode(input) })
        #expect(error.code == .unexpectedEOF && error.offset == 20)
    }

    @Test func deepNestingOfAHundredMegabytesFailsAtTheLimit() throws {
        // The decoder stops at byte 100; the rest of the input is never looked at.
        let input = [UInt8](repeating: UInt8(ascii: "l"), count: 100 * 1024 * 1024)
        let error = try #require(throwing { try BencodeDecoder().decode(input) })
        #expect(error.code == .depthExceeded && error.offset == 100)
    }

    @Test func nonContiguousInputDecodesTheSame() throws {
        let text = "d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e"
        let contiguous = try BencodeDecoder().decode(bytes(text))
        let lazy = try BencodeDecoder().decode(Array(text.utf8).lazy.map { $0 }.reversed().reversed())
        #expect(contiguous == lazy)
        let slice = bytes("xx" + text + "yy")[2..<(2 + text.utf8.count)]
        #expect(try BencodeDecoder().decode(slice) == contiguous)
    }

    @Test func errorOffsetsCountFromTheSliceStart() throws {
        let buffer = bytes("zzzi03e")
        let decoded = try BencodeDecoder().decode(buffer[3...])
        #expect(decoded.warnings == [ParseWarning(.leadingZero, at: 1, "integer with a leading zero")])
    }
}

/// The parse error `body` throws, or nil when it throws none.
func throwing<T>(_ body: () throws -> T) -> ParseError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? ParseError
    }
}
