import Bencode
import Testing
import WireCore
import WireDecode
import WireJSON

/// The JSON form of bencode is one-to-one: the collisions the first form had print apart.
@Suite struct BencodeJSONTests {
    static func json(_ text: [UInt8]) -> JSONValue? {
        WireDecoder.decode(.bencode, text, mode: .lenient).envelope["value"]
    }

    @Test func aNonUTF8StringAndADictionaryWithAKeyHexDiffer() {
        #expect(Self.json([0x31, 0x3a, 0xff]) == ["hex": "ff"])
        #expect(Self.json(Array("d3:hex2:ffe".utf8)) == ["hex:686578": "ff"])
    }

    @Test func aNonUTF8KeyAndAKeySpelledLikeItsEscapeDiffer() {
        let value = Self.json(Array("d6:hex:ffi1e1:".utf8) + [0xff] + Array("i2ee".utf8))
        #expect(value == ["hex:6865783a6666": 1, "hex:ff": 2])
    }

    @Test func aDictionaryWithARepeatedKeyKeepsEveryEntry() {
        #expect(Self.json(Array("d1:ai1e1:ai2ee".utf8)) == ["dict": [["a", 1], ["a", 2]]])
        #expect(Self.json(Array("d1:ai1ee".utf8)) == ["a": 1])
        #expect(Self.json(Array("d4:dicti1ee".utf8)) == ["hex:64696374": 1])
    }

    @Test func plainKeysAreText() {
        #expect(Self.json(Array("d1:md6:ut_pexi1ee4:hexai0ee".utf8)) == ["m": ["ut_pex": 1], "hexa": 0])
    }
}
