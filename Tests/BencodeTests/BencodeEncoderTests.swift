import Bencode
import Testing
import WireCore

@Suite struct BencodeEncoderTests {
    @Test func sortsKeysByRawBytes() {
        let value: BencodeValue = .dictionary(BencodeDictionary(entries: [
            .init(key: [0xff], value: 1), .init(key: Array("b".utf8), value: 2), .init(key: Array("B".utf8), value: 3),
            .init(key: Array("a.f".utf8), value: 4), .init(key: Array("a".utf8), value: 5),
        ]))
        #expect(BencodeEncoder.encode(value) == Array("d1:Bi3e1:ai5e3:a.fi4e1:bi2e1:".utf8) + [0xff] + Array("i1ee".utf8))
    }

    @Test func writesIntegersAndStringsCanonically() {
        #expect(BencodeEncoder.encode(0) == Array("i0e".utf8))
        #expect(BencodeEncoder.encode(.integer(Int64.min)) == Array("i-9223372036854775808e".utf8))
        #expect(BencodeEncoder.encode("") == Array("0:".utf8))
        #expect(BencodeEncoder.encode(.string([0, 1])) == [UInt8(ascii: "2"), UInt8(ascii: ":"), 0, 1])
    }

    /// Random canonical values: encode, decode strictly, encode again.
    @Test(arguments: 0..<200)
    func randomValuesRoundTrip(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed))
        let value = randomValue(&rng, depth: 0)
        let encoded = BencodeEncoder.encode(value)
        let decoded = try BencodeDecoder(mode: .strict).decode(encoded)
        #expect(decoded.warnings.isEmpty)
        #expect(BencodeEncoder.encode(decoded.value) == encoded, "seed \(seed)")
    }

    private func randomValue(_ rng: inout SeededGenerator, depth: Int) -> BencodeValue {
        switch rng.next() % (depth > 4 ? 2 : 4) {
        case 0:
            let choices: [Int64] = [0, -1, 1, .max, .min, 65535, 65536, Int64(bitPattern: rng.next())]
            return .integer(choices[Int(rng.next() % UInt64(choices.count))])
        case 1: return .string((0..<Int(rng.next() % 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        case 2: return .list((0..<Int(rng.next() % 5)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var entries: [BencodeDictionary.Entry] = []
            var seen = Set<[UInt8]>()
            for _ in 0..<Int(rng.next() % 5) {
                let key = (0..<Int(rng.next() % 4)).map { _ in UInt8(truncatingIfNeeded: rng.next() % 4 + 97) }
                if seen.insert(key).inserted { entries.append(.init(key: key, value: randomValue(&rng, depth: depth + 1))) }
            }
            return .dictionary(BencodeDictionary(entries: entries.sorted { $0.key.lexicographicallyPrecedes($1.key) }))
        }
    }
}
