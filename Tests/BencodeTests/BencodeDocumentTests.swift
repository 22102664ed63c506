import Bencode
import Testing
import WireCore

@Suite struct BencodeDocumentTests {
    let pex: [UInt8] = Array("d5:added12:".utf8) + [127, 0, 0, 1, 0x1a, 0xe1, 10, 0, 0, 2, 0x1a, 0xe2]
        + Array("7:added.f2:".utf8) + [0x01, 0x02] + Array("7:dropped0:e".utf8)

    @Test func looksUpKeysWithoutBuildingATree() throws {
        let doc = try BencodeDecoder().document(pex)
        let added = try #require(doc.root["added"])
        #expect(added.kind == .string)
        #expect(added.stringRange == 11..<23)
        #expect(Array(try #require(added.stringBytes)) == Array(pex[11..<23]))
        #expect(Array(try #require(doc.root["added.f"]?.stringBytes)) == [0x01, 0x02])
        #expect(doc.root["dropped"]?.stringBytes?.isEmpty == true)
        #expect(doc.root["added6"] == nil)
        #expect(doc.root["adde"] == nil, "a prefix of a key is not the key")
        #expect(doc.root.count == 3)
        #expect(doc.end == pex.count)
    }

    @Test func sliceInputIsReadInPlace() throws {
        let framed: [UInt8] = [0, 0, 0, 0, 20, 1] + pex
        let payload = framed[6...]
        let doc = try BencodeDecoder().document(payload)
        let added = try #require(doc.root["added"]?.stringBytes)
        // Slices of the slice share indices with the original buffer: nothing was copied.
        #expect(added.startIndex == 6 + 11)
    }

    @Test func walksListsAndDictionariesInWireOrder() throws {
        let doc = try BencodeDecoder().document(Array("d1:ali1ei2eli3eee1:bd1:ci4eee".utf8))
        let list = try #require(doc.root["a"])
        #expect(list.kind == .list)
        #expect(list.children.map(\.kind) == [.integer, .integer, .list])
        #expect(list.children.compactMap(\.integer) == [1, 2])
        #expect(list.count == 3)
        let b = try #require(doc.root["b"])
        #expect(b.entries.map { $0.key.utf8String } == ["c"])
        #expect(b["c"]?.integer == 4)
        #expect(doc.root.entries.map { $0.value.offset } == [4, 20])
        #expect(doc.root.value == ["a": [1, 2, [3]], "b": ["c": 4]])
    }

    @Test func lookupOnScalarsIsNil() throws {
        let doc = try BencodeDecoder().document(Array("i5e".utf8))
        #expect(doc.root["x"] == nil)
        #expect(doc.root.children.map { $0 }.isEmpty)
        #expect(doc.root.integer == 5)
        #expect(doc.root.stringBytes == nil)
    }

    @Test func prefixDocumentStopsAfterTheValue() throws {
        // ut_metadata data messages carry raw bytes after the dictionary.
        let input = Array("d8:msg_typei1e5:piecei0ee".utf8) + [0xde, 0xad]
        let doc = try BencodeDecoder(mode: .strict).documentPrefix(input)
        #expect(doc.end == input.count - 2)
        #expect(doc.warnings.isEmpty)
        #expect(throwing { try BencodeDecoder(mode: .strict).document(input) }?.code == .trailingData)
    }
}

