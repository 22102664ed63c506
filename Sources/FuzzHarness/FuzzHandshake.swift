import PeerWire
import WireCore

extension FuzzTargets {
    static let handshakeContract = ModeContract(target: "FuzzHandshake", tolerated: [.trailingData])

    /// `FuzzHandshake`: the 68-byte BitTorrent handshake and its reserved bits.
    ///
    /// Invariants:
    /// - the ``ModeContract`` between strict and lenient decoding (only `trailing_data` differs);
    /// - the same bytes behind shifted, non-contiguous indices decode alike;
    /// - an accepted handshake is rebuilt (``Handshake/encoded``) as the input's first 68 bytes, and
    ///   its fields build an equal handshake;
    /// - a wrong protocol string is reported as soon as its first wrong byte is present: the
    ///   input cut just after that byte fails the same way; a shorter input that is right so far
    ///   fails with `unexpected_eof` at its end;
    /// - the reserved bits read the bytes as they are: the extension-protocol bit is
    ///   `reserved[5] & 0x10`, and the bytes come back unchanged.
    public static func handshake(_ bytes: UnsafeRawBufferPointer) {
        let lenient = handshakeContract.decodeBothModes(
            Handshake.self, bytes, shiftedAlike: "handshake decoding does not depend on the collection's indices or storage").lenient

        switch lenient {
        case .failure(let error):
            invariant([.badProtocol, .unexpectedEOF].contains(error.code), "a handshake fails only on its protocol string or its length", "\(error)")
            if error.code == .badProtocol {
                let cut = UnsafeRawBufferPointer(rebasing: bytes[0..<(error.offset + 1)])
                let again = outcome { () throws(ParseError) in try Handshake(parsing: cut) }
                invariant(again.failure == error, "a wrong protocol string is reported as soon as its byte is present")
            } else {
                invariant(error.offset == bytes.count && bytes.count < Handshake.length, "a short handshake fails at its end")
            }
        case .success(let decoded):
            let handshake = decoded.value
            invariant(handshake.encoded.elementsEqual(bytes.prefix(Handshake.length)), "a handshake is rebuilt as its 68 bytes")
            invariant(Handshake(reserved: handshake.reserved, infoHash: handshake.infoHash, peerID: handshake.peerID) == handshake,
                      "a handshake's fields build the same handshake")
            invariant(ReservedBits(bytes: handshake.reserved.encoded) == handshake.reserved
                      && handshake.reserved.encoded.elementsEqual(bytes[20..<28]), "reserved bits keep every byte")
            invariant(handshake.supportsExtensionProtocol == (bytes[25] & 0x10 != 0), "the extension bit is reserved[5] & 0x10")
            invariant(handshake.reserved.description.contains("extension_protocol") == handshake.supportsExtensionProtocol,
                      "reserved bits describe the extension bit")
            for length in [0, 1, 20, 67] {
                let cut = UnsafeRawBufferPointer(rebasing: bytes[0..<length])
                let again = outcome { () throws(ParseError) in try Handshake(parsing: cut) }
                invariant(again.failure?.code == .unexpectedEOF && again.failure?.offset == length,
                          "a handshake cut short fails at its end", "\(length) bytes")
            }
        }
    }
}

extension Result {
    /// The error, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
