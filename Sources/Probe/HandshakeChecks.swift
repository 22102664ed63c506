import Bencode
import PeerWire
import WireCore
import WireDecode

/// The checks on the client's handshake and extended handshake, as pure functions of the bytes
/// the client sent, so the tests run them on fixed inputs.
enum HandshakeChecks {
    static let bep10 = "BEP 10, extension protocol (reference/002_e63e2538efcb285d.txt)"

    static let extensionBit = ProbeCase(
        id: "bep10/handshake/extension-bit", title: "The handshake sets the extension protocol bit", document: bep10,
        requirement: "The bit selected for the extension protocol is bit 20 from the right (counting starts at 0). So (reserved_byte[5] & 0x10) is the expression to use for checking if a client supports extended messaging.")
    static let infoHash = ProbeCase(
        id: "bep3/handshake/info-hash", title: "The handshake echoes the info-hash the probe asked for", document: "BEP 3, the BitTorrent protocol",
        requirement: "Next comes the 20 byte sha1 hash of the bencoded form of the info value from the metainfo file. If both sides don't send the same value, they sever the connection.")
    static let wellFormed = ProbeCase(
        id: "bep10/ext-handshake/well-formed", title: "The extended handshake is a bencoded dictionary", document: bep10,
        requirement: "The payload of the handshake message is a bencoded dictionary.")
    static let canonical = ProbeCase(
        id: "bep10/ext-handshake/canonical", title: "The extended handshake is canonical bencode (sorted keys, no leading zeros)",
        document: "BEP 3, bencoding",
        requirement: "Keys must be strings and appear in sorted order (sorted as raw strings, not alphanumerics).")
    static let utPex = ProbeCase(
        id: "bep10/ext-handshake/ut-pex", title: "The extended handshake advertises ut_pex in m with a non-zero id",
        document: "Transmission extended messaging notes (reference/001_aacbf4bd98ce80bf.txt)",
        requirement: "uTorrent peer exchange messages use the key \"ut_pex\" in the m dictionary. If the uTorrent peer has pex disabled, this key will not be present.")
    static let keyTypes = ProbeCase(
        id: "bep10/ext-handshake/key-types", title: "Every key BEP 10 defines has a value of its type", document: bep10,
        requirement: "m: Dictionary of supported extension messages which maps names of extensions to an extended message ID for each extension message. p: Local TCP listen port. v: Client name and version (as a utf-8 string). yourip: either an IPv4 (4 bytes) or an IPv6 (16 bytes) address. ipv6: 16 bytes. ipv4: 4 bytes. reqq: An integer.")

    static let handshakeCases = [infoHash, extensionBit]
    static let extendedCases = [wellFormed, canonical, utPex, keyTypes]

    static func extensionBit(_ handshake: Handshake) -> Finding {
        .check(
            handshake.supportsExtensionProtocol, expected: "reserved[5] & 0x10 set",
            actual: "reserved \(Hex.encode(handshake.reserved.bytes)) \(handshake.reserved)")
    }

    static func infoHash(_ handshake: Handshake, asked: [UInt8]) -> Finding {
        .check(handshake.infoHash == asked, expected: "info-hash \(Hex.encode(asked))", actual: "info-hash \(Hex.encode(handshake.infoHash))")
    }

    /// The four extended handshake findings, in the order of ``extendedCases``.
    static func extendedHandshake(_ payload: [UInt8]) -> [Finding] {
        let lenient: BencodeValue
        do {
            lenient = try BencodeDecoder(mode: .lenient).decode(payload).value
        } catch {
            let actual = "not bencode: \(error.code) at offset \(error.offset)"
            return [
                .check(false, expected: "a bencoded dictionary", actual: actual),
                .check(false, expected: "canonical bencode", actual: actual),
                .check(false, expected: "m.ut_pex in 1...255", actual: actual),
                .check(false, expected: "every defined key of its type", actual: actual),
            ]
        }
        guard case .dictionary(let dict) = lenient else {
            let actual = "a bencoded \(kindName(lenient)), not a dictionary"
            return [
                .check(false, expected: "a bencoded dictionary", actual: actual),
                canonical(payload, value: lenient),
                .check(false, expected: "m.ut_pex in 1...255", actual: actual),
                .check(false, expected: "every defined key of its type", actual: actual),
            ]
        }
        let keys = dict.entries.map { BencodeJSON.key($0.key) }
        let wellFormed = Finding.check(true, expected: "a bencoded dictionary", actual: "a dictionary of \(keys.count) keys: \(keys.joined(separator: ", "))")
        let pex: Finding
        switch dict["m"]?["ut_pex"] {
        case .integer(let id)? where (1...255).contains(id): pex = .check(true, expected: "m.ut_pex in 1...255", actual: "m.ut_pex = \(id)")
        case .integer(let id)?: pex = .check(false, expected: "m.ut_pex in 1...255", actual: "m.ut_pex = \(id)")
        case let other?: pex = .check(false, expected: "m.ut_pex in 1...255", actual: "m.ut_pex is a \(kindName(other))")
        case nil: pex = .check(false, expected: "m.ut_pex in 1...255", actual: dict["m"] == nil ? "no m" : "m has no ut_pex")
        }
        let problems = dict.entries.compactMap { entry in keyProblem(BencodeJSON.key(entry.key), entry.value) }
        let types = Finding.check(
            problems.isEmpty, expected: "every defined key of its type",
            actual: problems.isEmpty ? "all of \(keys.joined(separator: ", ")) well typed" : problems.joined(separator: "; "))
        return [wellFormed, canonical(payload, value: lenient), pex, types]
    }

    private static func canonical(_ payload: [UInt8], value: BencodeValue) -> Finding {
        do {
            _ = try BencodeDecoder(mode: .strict).decode(payload)
            let same = BencodeEncoder.encode(value) == payload
            return .check(same, expected: "canonical bencode", actual: same ? "canonical" : "re-encoding gives other bytes")
        } catch {
            return .check(false, expected: "canonical bencode", actual: "\(error.code) at offset \(error.offset): \(error.message)")
        }
    }

    /// What is wrong with a defined key's value, or nil. Unknown keys may hold anything.
    static func keyProblem(_ key: String, _ value: BencodeValue) -> String? {
        func integer(_ range: ClosedRange<Int64>) -> String? {
            guard let i = value.integer else { return "\(key) is a \(kindName(value)), not an integer" }
            return range.contains(i) ? nil : "\(key) = \(i) is outside \(range.lowerBound)...\(range.upperBound)"
        }
        func string(lengths: Set<Int>) -> String? {
            guard let bytes = value.bytes else { return "\(key) is a \(kindName(value)), not a string" }
            return lengths.contains(bytes.count) ? nil : "\(key) has \(bytes.count) bytes, expected \(lengths.sorted().map(String.init).joined(separator: " or "))"
        }
        switch key {
        case "m":
            guard case .dictionary(let m) = value else { return "m is a \(kindName(value)), not a dictionary" }
            let bad = m.entries.filter { entry in entry.value.integer.map { !(0...255).contains($0) } ?? true }
            return bad.isEmpty ? nil : "m entries not an id in 0...255: " + bad.map { BencodeJSON.key($0.key) }.joined(separator: ", ")
        case "p": return integer(1...65535)
        case "v": return value.utf8String == nil ? "v is not a UTF-8 string" : nil
        case "yourip": return string(lengths: [4, 16])
        case "ipv4": return string(lengths: [4])
        case "ipv6": return string(lengths: [16])
        case "reqq": return integer(1...Int64.max)
        case "e": return integer(0...1)
        case "metadata_size": return integer(0...Int64.max)
        case "upload_only", "complete_ago", "share_mode": return value.integer == nil ? "\(key) is a \(kindName(value)), not an integer" : nil
        default: return nil
        }
    }

    static func kindName(_ value: BencodeValue) -> String {
        switch value {
        case .integer: return "integer"
        case .string: return "string"
        case .list: return "list"
        case .dictionary: return "dictionary"
        }
    }
}
