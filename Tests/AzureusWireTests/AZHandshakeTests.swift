import AzureusWire
import Bencode
import PexModel
import Testing
import WireCore

@Suite struct AZHandshakeTests {
    static let identity = Array(UInt8(200)...UInt8(219))

    static let full = AZHandshake(
        identity: identity, client: "Transmission", version: "0.7", tcpPort: 6881, udpPort: 6882, udp2Port: 6883,
        handshakeType: .crypto,
        messages: [AZHandshake.Message(id: .azHandshake), AZHandshake.Message(id: .azPeerExchange), AZHandshake.Message(id: .btHave, version: 2)],
        unknownKeys: [BencodeDictionary.Entry(key: Array("upload_only".utf8), value: 1)])

    /// A dictionary with every document key, for tests that change one key.
    static func dictionary(_ changes: [String: BencodeValue?] = [:]) -> [UInt8] {
        var dict: BencodeDictionary = [
            "identity": .string(identity), "client": "Transmission", "version": "0.7", "tcp_port": 6881, "udp_port": 6882,
            "udp2_port": 6883, "handshake_type": 1, "messages": [["id": "AZ_HANDSHAKE", "ver": .string([1])]],
        ]
        for (key, value) in changes { dict[key] = value }
        return BencodeEncoder.encode(.dictionary(dict))
    }

    @Test func everyField() throws {
        let decoded = try AZHandshake.decode(Self.full.encoded, mode: .strict)
        #expect(decoded.warnings.isEmpty)
        let handshake = decoded.value
        #expect(handshake.identity == Self.identity)
        #expect(handshake.client == "Transmission")
        #expect(handshake.version == "0.7")
        #expect(handshake.tcpPort == 6881)
        #expect(handshake.udpPort == 6882)
        #expect(handshake.udp2Port == 6883)
        #expect(handshake.handshakeType == .crypto)
        #expect(handshake.messages.map(\.id) == [.azHandshake, .azPeerExchange, .btHave])
        #expect(handshake.messages.map(\.version) == [1, 1, 2])
        #expect(handshake.unknownKeys == [BencodeDictionary.Entry(key: Array("upload_only".utf8), value: 1)])
        #expect(handshake == Self.full)
    }

    @Test func builderWritesCanonicalBencodeWithVerAsOneByteString() throws {
        let encoded = Self.full.encoded
        // Canonical: decoding and re-encoding the tree gives the same bytes.
        let tree = try BencodeDecoder(mode: .strict).decode(encoded).value
        #expect(BencodeEncoder.encode(tree) == encoded)
        #expect(tree["messages"]?.list?.first?["ver"] == .string([1]))
        #expect(tree["handshake_type"] == 1)
    }

    @Test func optionalKeysAreOptional() throws {
        let minimal = AZHandshake(identity: Self.identity, client: "c", version: "v")
        let decoded = try AZHandshake.decode(minimal.encoded, mode: .strict)
        #expect(decoded.value == minimal)
        #expect(decoded.value.tcpPort == nil && decoded.value.udpPort == nil && decoded.value.udp2Port == nil)
        #expect(decoded.value.handshakeType == nil)
        #expect(decoded.value.messages.isEmpty)
    }

    @Test(arguments: [0, 1] as [Int64])
    func handshakeTypes(raw: Int64) throws {
        let decoded = try AZHandshake.decode(Self.dictionary(["handshake_type": .integer(raw)]), mode: .strict)
        #expect(decoded.value.handshakeType == HandshakeType(rawValue: UInt8(raw)))
    }

    /// Each deviation: its code at its offset; lenient mode's value; strict mode's error.
    struct Deviation: CustomTestStringConvertible, Sendable {
        let name: String
        let change: [String: BencodeValue?]
        let code: ParseError.Code
        /// The key whose value the offset names; nil for the dictionary itself (offset 0).
        let key: String?
        /// The offset names the first entry of the list under `key`, one byte in.
        var inFirstEntry = false
        let check: @Sendable (AZHandshake) -> Bool
        var testDescription: String { name }
    }

    static let deviations: [Deviation] = [
        Deviation(name: "identity 19 bytes", change: ["identity": .string(Array(repeating: 7, count: 19))], code: .badIdentityLength, key: "identity") {
            $0.identity == Array(repeating: 7, count: 19)
        },
        Deviation(name: "identity missing", change: ["identity": nil], code: .missingKey, key: nil) { $0.identity.isEmpty },
        Deviation(name: "identity integer", change: ["identity": 5], code: .wrongType, key: "identity") { $0.identity.isEmpty },
        Deviation(name: "client missing", change: ["client": nil], code: .missingKey, key: nil) { $0.client == "" },
        Deviation(name: "client not UTF-8", change: ["client": .string([0x41, 0xff])], code: .invalidUTF8, key: "client") { $0.client == "A\u{FFFD}" },
        Deviation(name: "version missing", change: ["version": nil], code: .missingKey, key: nil) { $0.version == "" },
        Deviation(name: "version list", change: ["version": []], code: .wrongType, key: "version") { $0.version == "" },
        Deviation(name: "tcp_port 65536", change: ["tcp_port": 65536], code: .portOutOfRange, key: "tcp_port") { $0.tcpPort == nil },
        Deviation(name: "udp_port -1", change: ["udp_port": -1], code: .portOutOfRange, key: "udp_port") { $0.udpPort == nil },
        Deviation(name: "udp2_port string", change: ["udp2_port": "1"], code: .wrongType, key: "udp2_port") { $0.udp2Port == nil },
        Deviation(name: "handshake_type 2", change: ["handshake_type": 2], code: .valueOutOfRange, key: "handshake_type") { $0.handshakeType == nil },
        Deviation(name: "messages missing", change: ["messages": nil], code: .missingKey, key: nil) { $0.messages.isEmpty },
        Deviation(name: "messages dict", change: ["messages": ["id": "x"]], code: .wrongType, key: "messages") { $0.messages.isEmpty },
        Deviation(name: "ver integer", change: ["messages": [["id": "BT_HAVE", "ver": 1]]], code: .integerMessageVersion, key: "ver") {
            $0.messages == [AZHandshake.Message(id: .btHave, version: 1)]
        },
        Deviation(name: "ver two bytes", change: ["messages": [["id": "BT_HAVE", "ver": .string([1, 1])]]], code: .badMessageEntry, key: "ver") {
            $0.messages.isEmpty
        },
        Deviation(name: "ver missing", change: ["messages": [["id": "BT_HAVE"]]], code: .badMessageEntry, key: "messages", inFirstEntry: true) { $0.messages.isEmpty },
        Deviation(name: "id missing", change: ["messages": [["ver": .string([1])]]], code: .badMessageEntry, key: "messages", inFirstEntry: true) { $0.messages.isEmpty },
        Deviation(name: "entry not a dict", change: ["messages": ["BT_HAVE"]], code: .wrongType, key: "messages", inFirstEntry: true) { $0.messages.isEmpty },
    ]

    @Test(arguments: deviations)
    func deviation(_ deviation: Deviation) throws {
        let bytes = Self.dictionary(deviation.change)
        var offset = 0
        if let key = deviation.key, let found = valueOffset(of: key, in: bytes) {
            offset = deviation.inFirstEntry ? found + 1 : found
        }
        let lenient = try AZHandshake.decode(bytes, mode: .lenient)
        #expect(lenient.warnings.map(\.code) == [deviation.code], "\(deviation.name)")
        #expect(lenient.warnings.map(\.offset) == [offset], "\(deviation.name)")
        #expect(deviation.check(lenient.value), "\(deviation.name): \(lenient.value)")

        let error = parseError { () throws(ParseError) in try AZHandshake.decode(bytes, mode: .strict) }
        #expect(error?.code == deviation.code, "\(deviation.name)")
        #expect(error?.offset == offset, "\(deviation.name)")
    }

    @Test func unknownKeysKeptAndWrittenBack() throws {
        let bytes = Self.dictionary(["pad": .string([0, 0, 0]), "ipv6": .string(Array(repeating: 1, count: 16)), "mds": 1234])
        let decoded = try AZHandshake.decode(bytes, mode: .strict)
        #expect(decoded.value.unknownKeys.map { String(decoding: $0.key, as: UTF8.self) } == ["ipv6", "mds", "pad"])
        #expect(decoded.value.encoded == bytes)
    }

    @Test(arguments: [BencodeValue.list([]), .integer(1), .string([1])])
    func payloadNotADictionary(_ value: BencodeValue) {
        for mode in ParseMode.allCases {
            let error = parseError { () throws(ParseError) in try AZHandshake.decode(BencodeEncoder.encode(value), mode: mode) }
            #expect(error?.code == .notADictionary)
            #expect(error?.offset == 0)
        }
    }

    @Test func bencodeErrorsPassThrough() {
        let error = parseError { () throws(ParseError) in try AZHandshake.decode(Array("d8:identity".utf8)) }
        #expect(error?.code == .unexpectedEOF)
    }
}
