import Bencode
import Testing
import WireCore

/// The token storage's regimes (stack scratch only, heap after the scratch, the up-front
/// reservation of large inputs, doubling past it) and the two ways of reading a document
/// (contiguous bytes, and any other collection) must give the same answers.
@Suite struct BencodeTokenStorageTests {
    /// `l i0e i1e … i(n-1)e e`: n + 1 tokens.
    static func integerList(_ n: Int) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "l")]
        for i in 0..<n { bytes += Array("i\(i)e".utf8) }
        bytes.append(UInt8(ascii: "e"))
        return bytes
    }

    // 63 and 64 fit the scratch buffer; 200 spills to the heap; 30,000 is a large input (over
    // 64 KiB) that reserves its worst case at once.
    @Test(arguments: [0, 1, 63, 64, 200, 30_000])
    func everyTokenSurvivesTheStorageRegime(n: Int) throws {
        let bytes = Self.integerList(n)
        let doc = try BencodeDecoder().document(bytes)
        #expect(doc.tokenCount == n + 1, "n=\(n)")
        #expect(doc.root.count == n, "n=\(n)")
        var expectedOffset = 1
        for (i, item) in doc.root.children.enumerated() {
            #expect(item.integer == Int64(i), "n=\(n) item \(i)")
            #expect(item.offset == expectedOffset, "n=\(n) item \(i)")
            expectedOffset = item.endOffset
        }
        #expect(doc.root.endOffset == bytes.count, "n=\(n)")
        let tree = try BencodeDecoder().decode(bytes).value
        #expect(tree.list?.map(\.integer) == (0..<n).map { Int64($0) }, "n=\(n)")
    }

    @Test func storageGrowsPastTheUpFrontReservation() throws {
        // 1.2 million empty strings: more tokens than the 2^20 reserved at once.
        let n = 1_200_000
        var bytes: [UInt8] = [UInt8(ascii: "l")]
        bytes.reserveCapacity(2 * n + 2)
        for _ in 0..<n { bytes += [UInt8(ascii: "0"), UInt8(ascii: ":")] }
        bytes.append(UInt8(ascii: "e"))
        let decoder = BencodeDecoder(limits: BencodeLimits(maxTokens: 2_000_000))
        let doc = try decoder.document(bytes)
        #expect(doc.tokenCount == n + 1)
        var last: BencodeNode<[UInt8]>?
        for node in doc.root.children { last = node }
        let lastString = try #require(last)
        #expect(lastString.offset == 2 * n - 1)
        #expect(lastString.stringRange == (2 * n + 1)..<(2 * n + 1))
    }

    @Test func theTokenLimitStillStopsAGrowingDocument() {
        // The 81st token is integer 79, which starts where a list of 79 integers has its `e`.
        let offsetOfInteger79 = Self.integerList(79).count - 1
        let error = #expect(throws: ParseError.self) {
            try BencodeDecoder(limits: BencodeLimits(maxTokens: 80)).document(Self.integerList(100))
        }
        #expect(error?.code == .limitExceeded)
        #expect(error?.offset == offsetOfInteger79)
    }

    static let mixed: [UInt8] = Array(
        "d1:ai-9223372036854775808e1:bi9223372036854775807e1:cli0ei-0ei007e3:xyze1:dd1:ei1eee".utf8)

    /// A collection without contiguous storage takes the generic paths of lookup, integer
    /// reading and tree building; they must agree with the contiguous ones.
    @Test func nonContiguousBytesReadTheSame() throws {
        let contiguous = try BencodeDecoder().document(Self.mixed)
        let lazyBytes = Self.mixed.lazy.map { $0 }
        #expect(lazyBytes.withContiguousStorageIfAvailable { _ in true } == nil)
        let generic = try BencodeDecoder().document(lazyBytes)
        for key in ["a", "b", "c", "d", "missing"] {
            #expect(generic.root[key]?.offset == contiguous.root[key]?.offset, "key \(key)")
            #expect(generic.root[key]?.integer == contiguous.root[key]?.integer, "key \(key)")
        }
        #expect(contiguous.root["a"]?.integer == Int64.min)
        #expect(contiguous.root["b"]?.integer == Int64.max)
        #expect(generic.root["c"]?.children.compactMap(\.integer) == [0, 0, 7])
        #expect(generic.root.value == contiguous.root.value)
        #expect(try BencodeDecoder().decode(lazyBytes).value == contiguous.root.value)
        #expect(generic.warnings.map(\.code) == [.negativeZero, .leadingZero])
    }

    @Test func keyLookupComparesWholeKeysOfAnyCollection() throws {
        let doc = try BencodeDecoder().document(Array("d2:ab1:x3:abc1:y1:b1:ze".utf8))
        #expect(doc.root["abc"]?.utf8String == "y")
        #expect(doc.root[Array("ab".utf8)]?.utf8String == "x")
        #expect(doc.root[Array("ab".utf8).lazy.map { $0 }]?.utf8String == "x", "a key without contiguous storage")
        #expect(doc.root["a"] == nil)
        #expect(doc.root[""] == nil)
    }
}
