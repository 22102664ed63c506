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
    /// - the message framed as an extended message comes out of ``PeerFrameDecoder`` unchanged;
    /// - every peer's text form (`1.2.3.4:6881`, `[2001:db8::1]:6881`) reads back as that peer;
    /// - the message survives the trip through the dialect-neutral ``PexUpdate``, and through an
    ///   AZ_PEER_EXCHANGE built from that update (the same addresses, crypto for the peers whose
    ///   flags prefer encryption);
    /// - with a peer limit of 2, the same mode contract holds and the first peers of each list
    ///   are kept, no more.
    public static func utPex(_ bytes: UnsafeRawBufferPointer) {
        let lenient = utPexContract.decodeBothModes(
            UTPexMessage.self, bytes, shiftedAlike: "ut_pex decoding does not depend on the collection's indices or storage").lenient

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

        if let extended = try? message.message(extendedID: 1) {
            var framer = PeerFrameDecoder()
            framer.append(extended.encoded)
            let framed = outcome { () throws(ParseError) in try framer.next() }
            invariant(framed == .success(extended), "a ut_pex message comes out of the framer as it went in")
        }

        // The text forms the CLI and the transcripts print read back as the same peer.
        for peer in message.update.added + message.update.dropped {
            checkTextForms(peer.address)
            invariant(peer.description.hasPrefix(peer.address.description), "a PEX peer's text starts with its address")
            let unknown = peer.flags.rawValue & ~PeerFlags.knownBits.rawValue
            invariant(peer.flags.description.contains("0x") == (unknown != 0), "flags text names unknown bits exactly when present")
        }

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

        // A lower peer limit: the same mode contract, and the first peers of each list kept. (This
        // reaches `too_many_peers` with inputs of a few peers; the default limit of 1,000 would
        // need inputs of 6 KB, which slow every execution down.)
        let limits = PexLimits(maxPeersPerList: 2)
        let limitedLenient = outcome { () throws(ParseError) in try UTPexMessage.decode(bytes, mode: .lenient, limits: limits) }
        let limitedStrict = outcome { () throws(ParseError) in try UTPexMessage.decode(bytes, mode: .strict, limits: limits) }
        utPexContract.check(count: bytes.count, strict: limitedStrict, lenient: limitedLenient)
        if case .success(let limited) = limitedLenient {
            let value = limited.value
            invariant(value.added == Array(message.added.prefix(2)) && value.added6 == Array(message.added6.prefix(2))
                      && value.dropped == Array(message.dropped.prefix(2)) && value.dropped6 == Array(message.dropped6.prefix(2)),
                      "a peer limit keeps the first peers of each list")
        } else {
            invariant(false, "a lower peer limit never turns lenient acceptance into an error")
        }
    }

    /// The text forms of `address` read back as `address`: the RFC 5952 form the CLI prints, for
    /// IPv6 also the uncompressed form and, for a v4-mapped address, `::ffff:a.b.c.d`; an IPv6
    /// address with a port but without brackets is refused. A v4-mapped address is as local as
    /// the IPv4 address it carries.
    static func checkTextForms(_ address: PeerAddress) {
        invariant(PeerAddress(address.description) == address, "a peer's text form reads back as the same peer", "\(address)")
        guard case .v6(let high, let low) = address.ip else {
            if case .v4(let v4) = address.ip {
                let mapped = IPAddress.v6(high: 0, low: 0xffff_0000_0000 | UInt64(v4))
                invariant(mapped.unmappedIPv4 == address.ip && mapped.isLocal == address.ip.isLocal, "a v4-mapped address carries its IPv4 address")
            }
            return
        }
        let groups = (0..<4).map { String(UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64($0))), radix: 16) }
            + (0..<4).map { String(UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64($0))), radix: 16) }
        invariant(IPAddress(groups.joined(separator: ":")) == address.ip, "an uncompressed IPv6 text form reads back", "\(address)")
        invariant(PeerAddress(address.ip.description + ":\(address.port)") == nil, "an IPv6 peer without brackets is refused")
        if let v4 = address.ip.unmappedIPv4 {
            invariant(IPAddress("::ffff:" + v4.description) == address.ip && v4.isLocal == address.ip.isLocal,
                      "a v4-mapped IPv6 address reads from ::ffff:a.b.c.d and is as local as its IPv4 address")
        }
    }
}
