import PeerWire
import Testing
import WireCore

/// BEP 6's messages, with their fixed lengths, and the strict checks of the variable-length ones.
@Suite struct FastExtensionTests {
    static let messages: [(UInt8, PeerMessage, String)] = [
        (13, .suggest(pieceIndex: 3), "suggest"),
        (14, .haveAll, "have_all"),
        (15, .haveNone, "have_none"),
        (16, .reject(index: 1, begin: 16384, length: 16384), "reject"),
        (17, .allowedFast(pieceIndex: 9), "allowed_fast"),
    ]

    @Test func eachDecodesFromItsFrameAndWritesItBack() throws {
        for (id, message, name) in Self.messages {
            var decoder = PeerFrameDecoder(mode: .strict)
            decoder.append(message.encoded)
            #expect(try decoder.next() == message)
            #expect(message.id == id && message.typeName == name)
        }
    }

    @Test func aWrongLengthIsAnErrorInBothModes() {
        for (id, message, _) in Self.messages {
            let longer = message.payload + [0]
            let shorter = message.payload.isEmpty ? nil : Array(message.payload.dropLast())
            for payload in [longer, shorter].compactMap({ $0 }) {
                for mode in ParseMode.allCases {
                    let error = #expect(throws: ParseError.self) { try PeerMessage.decode(id: id, payload: payload, offset: 5, mode: mode) }
                    #expect(error?.code == .badPayloadLength && error?.offset == 5, "\(message) \(payload.count) bytes, \(mode)")
                }
            }
        }
    }

    @Test func anEmptyBitfieldAndABlocklessPieceAreWarningsOrErrors() throws {
        let stream = PeerMessage.bitfield([]).encoded + PeerMessage.piece(index: 1, begin: 0, block: []).encoded
        var lenient = PeerFrameDecoder()
        lenient.append(stream)
        let bitfield = try #require(try lenient.nextDecoded())
        #expect(bitfield.value == .bitfield([]) && bitfield.warnings.map(\.code) == [.emptyBitfield] && bitfield.warnings.first?.offset == 5)
        let piece = try #require(try lenient.nextDecoded())
        #expect(piece.warnings.map(\.code) == [.emptyBlock] && piece.warnings.first?.offset == 5 + 5 + 8)
        var strict = PeerFrameDecoder(mode: .strict)
        strict.append(stream)
        let error = #expect(throws: ParseError.self) { try strict.next() }
        #expect(error?.code == .emptyBitfield && error?.offset == 5)
    }
}
