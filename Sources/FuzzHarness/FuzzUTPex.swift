import AzureusWire
import PeerWire
import PexModel
import WireCore

extension FuzzTargets {
    static let utPexContract = ModeContract(
        target: "FuzzUTPex",
        tolerated: ModeContract.bencodeTolerated.union([.badCompactLength, .flagsLengthMismatch, .tooManyPeers, .wrongType]))

    /// `FuzzUTPex`: the ut_pex payload.
    ///
    /// Invariants:
    /// - the ``ModeContract`` between strict and lenient decoding;
    /// - the same bytes behind shifted, non-contiguous indices decode alike;
    /// - an accepted message with peers, built again in either key style and decoded in strict
    ///   mode, gives the same message without a warning; one without peers refuses to be built;
    /// - the message survives the trip through the dialect-neutral ``PexUpdate``, and through an
    ///   AZ_PEER_EXCHANGE built from that update (the same addresses, crypto for the peers whose
    ///   flags prefer encryption);
    /// - a lower peer limit keeps the first peers of each list and no more.
    public static func utPex(_ bytes: UnsafeRawBufferPointer) {
        let lenient = outcome { () throws(ParseError) in try UTPexMessage.decode(bytes, mode: .lenient) }
        let strict = outcome { () throws(ParseError) in try UTPexMessage.decode(bytes, mode: .strict) }
        utPexContract.check(count: bytes.count, strict: strict, lenient: lenient)
        let shifted = outcome { () throws(ParseError) in try UTPexMessage.decode(ShiftedBytes(bytes), mode: .lenient) }
        invariant(shifted == lenient, "ut_pex decoding does not depend on the collection's indices or storage")

        guard case .success(let decoded) = lenient else { return }
        let message = decoded.value

        for style in [UTPexMessage.KeyStyle.nonEmpty, .allKeys] {
            let built = outcome { () throws(UTPexMessage.BuildError) in try message.encoded(style: style) }
            switch built {
            case .failure:
                invariant(message.isEmpty, "the ut_pex builder refuses only a message without peers")
            case .success(let rebuilt):
                invariant(!message.isEmpty, "the ut_pex builder never writes a message without peers")
                let again = outcome { () throws(ParseError) in try UTPexMessage.decode(rebuilt, mode: .strict) }
                invariant(again == .success(Decoded(message)), "decode(build(x)) == x for ut_pex, strict and without warnings", "\(style)")
            }
        }

        invariant(UTPexMessage(message.update) == message, "a ut_pex message survives the trip through PexUpdate")

        let infohash = [UInt8](repeating: 0xab, count: 20)
        let az = AZPeerExchange(infohash: infohash, update: message.update)
        let azAgain = outcome { () throws(ParseError) in try AZPeerExchange.decode(az.encoded, mode: .lenient, limits: .init(maxPeersPerList: .max)) }
        if case .success(let other) = azAgain {
            invariant(other.value.update.addressesOnly == message.update.addressesOnly, "ut_pex and AZ_PEER_EXCHANGE carry the same peers")
            let preferences = message.update.added.map { $0.flags.contains(.prefersEncryption) ? HandshakeType.crypto : .plain }
            invariant(other.value.added.map { $0.handshakeType } == preferences, "added.f's encryption bit becomes the AZ handshake type")
        } else {
            invariant(false, "an AZ_PEER_EXCHANGE built from a ut_pex message decodes", "\(azAgain)")
        }

        let limit = 2
        if case .success(let limited) = outcome({ () throws(ParseError) in try UTPexMessage.decode(bytes, mode: .lenient, limits: UTPexLimits(maxPeersPerList: limit)) }) {
            let value = limited.value
            invariant(value.added == Array(message.added.prefix(limit)) && value.added6 == Array(message.added6.prefix(limit))
                      && value.dropped == Array(message.dropped.prefix(limit)) && value.dropped6 == Array(message.dropped6.prefix(limit)),
                      "a peer limit keeps the first peers of each list")
        } else {
            invariant(false, "a lower peer limit never turns lenient acceptance into an error")
        }
    }
}
