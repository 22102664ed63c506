import Bencode
import Conformance
import PeerWire
import WireCore
import WireDecode

/// The checks on the client's handshake and extended handshake, as pure functions of the bytes
/// the client sent, so the tests run them on fixed inputs.
enum HandshakeChecks {
    static let bep10 = Document.bep10.cite

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
        document: Document.trNotes.cite,
        requirement: "uTorrent peer exchange messages use the key \"ut_pex\" in the m dictionary. If the uTorrent peer has pex disabled, this key will not be present.")
    static let keyTypes = ProbeCase(
        id: "bep10/ext-handshake/key-types", title: "Every key BEP 10 defines has a value of its type", document: bep10,
        requirement: "m: Dictionary of supported extension messages which maps names of extensions to an extended message ID for each extension message. p: Local TCP listen port. v: Client name and version (as a utf-8 string). yourip: either an IPv4 (4 bytes) or an IPv6 (16 bytes) address. ipv6: 16 bytes. ipv4: 4 bytes. reqq: An integer.")

    static let handshakeCases = [infoHash, extensionBit]
    static let extendedCases = [wellFormed, canonical, utPex, keyTypes]

    static func extensionBit(_ handshake: Handshake) -> Finding {
        .check(
            handshake.supportsExtensionProtocol, expected: "reserved[5] & 0x10 set",
            actual: "reserved \(Hex.encode(handshake.reserved.encoded)) \(handshake.reserved)")
    }

    static func infoHash(_ handshake: Handshake, asked: [UInt8]) -> Finding {
        .check(handshake.infoHash == asked, expected: "info-hash \(Hex.encode(asked))", actual: "info-hash \(Hex.encode(handshake.infoHash))")
    }

    /// The four extended handshake findings, in the order of ``extendedCases``. Well-formed and
    /// canonical are bencode questions; `ut_pex` and the key types are read with
    /// ``ExtendedHandshake``, whose lenient warnings name every key of the wrong type or range.
    static func extendedHandshake(_ payload: [UInt8]) -> [Finding] {
        let value: BencodeValue
        do {
            value = try BencodeDecoder(mode: .lenient).decode(payload).value
        } catch {
            let actual = "not bencode: \(error.code) at offset \(error.offset)"
            return [
                .check(false, expected: "a bencoded dictionary", actual: actual),
                .check(false, expected: "canonical bencode", actual: actual),
                .check(false, expected: "m.ut_pex in 1...255", actual: actual),
                .check(false, expected: "every defined key of its type", actual: actual),
            ]
        }
        let keys = value.dictionary?.entries.map { BencodeJSON.key($0.key) } ?? []
        let wellFormed = value.dictionary == nil
            ? Finding.check(false, expected: "a bencoded dictionary", actual: "a bencoded \(kindName(value)), not a dictionary")
            : Finding.check(true, expected: "a bencoded dictionary", actual: "a dictionary of \(keys.count) keys: \(keys.joined(separator: ", "))")

        let pex: Finding
        let types: Finding
        do {
            let decoded = try ExtendedHandshake.decode(payload, mode: .lenient)
            switch decoded.value.messages?.first(where: { $0.name == "ut_pex" })?.id {
            case let id? where id != 0: pex = .check(true, expected: "m.ut_pex in 1...255", actual: "m.ut_pex = \(id)")
            case 0?: pex = .check(false, expected: "m.ut_pex in 1...255", actual: "m.ut_pex = 0 (disabled)")
            default: pex = .check(false, expected: "m.ut_pex in 1...255", actual: decoded.value.messages == nil ? "no m" : "m has no ut_pex")
            }
            let problems = decoded.warnings.filter { keyWarningCodes.contains($0.code) }
            types = .check(
                problems.isEmpty, expected: "every defined key of its type",
                actual: problems.isEmpty ? "all of \(keys.joined(separator: ", ")) well typed" : problems.map { "\($0.code) at \($0.offset): \($0.message)" }.joined(separator: "; "))
        } catch {
            let actual = "\(error.code) at offset \(error.offset): \(error.message)"
            pex = .check(false, expected: "m.ut_pex in 1...255", actual: actual)
            types = .check(false, expected: "every defined key of its type", actual: actual)
        }
        return [wellFormed, canonical(payload, value: value), pex, types]
    }

    /// The ``ExtendedHandshake`` warnings about a key's type or range (the bencode decoder's own
    /// deviations are the canonical case's business).
    static let keyWarningCodes: Set<ParseError.Code> = [
        .wrongType, .portOutOfRange, .valueOutOfRange, .badAddressLength, .invalidUTF8, .duplicateExtensionID,
    ]

    private static func canonical(_ payload: [UInt8], value: BencodeValue) -> Finding {
        do {
            _ = try BencodeDecoder(mode: .strict).decode(payload)
            let same = BencodeEncoder.encode(value) == payload
            return .check(same, expected: "canonical bencode", actual: same ? "canonical" : "re-encoding gives other bytes")
        } catch {
            return .check(false, expected: "canonical bencode", actual: "\(error.code) at offset \(error.offset): \(error.message)")
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
