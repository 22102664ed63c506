import AzureusWire
import PeerWire
import PexModel
import WireCore

extension FuzzTargets {
    static let azureusPexContract = ModeContract(
        target: "FuzzAzureusPex",
        tolerated: ModeContract.bencodeTolerated.union([
            .missingKey, .badInfohashLength, .ipv6PeerEntry, .badPeerEntryLength, .tooManyPeers,
            .handshakeTypesLengthMismatch, .valueOutOfRange, .udpPortsLengthMismatch, .wrongType,
        ]),
        noted: [.emptyPeerExchange])

    /// `FuzzAzureusPex`: the AZ_PEER_EXCHANGE payload.
    ///
    /// Invariants:
    /// - the ``ModeContract`` between strict and lenient decoding (`empty_peer_exchange` is a
    ///   warning in both modes);
    /// - the same bytes behind shifted, non-contiguous indices decode alike;
    /// - an accepted message, built again (``AZPeerExchange/encoded``) and decoded, gives the same
    ///   message, except that a peer without a handshake type in a list where others have one is
    ///   written, and so read back, as plain; building that again gives the same bytes;
    /// - the rebuilt payload carries no deviation but those its value holds (an infohash that is
    ///   not 20 bytes, IPv6 entries, no peer at all);
    /// - with a peer limit of 2, the same mode contract holds and each list keeps its first peers;
    /// - the peers survive the trip through ``PexUpdate`` into ut_pex and back, as a set of
    ///   addresses (ut_pex lists IPv4 before IPv6).
    public static func azureusPex(_ bytes: UnsafeRawBufferPointer) {
        let lenient = azureusPexContract.decodeBothModes(
            AZPeerExchange.self, bytes, shiftedAlike: "AZ_PEER_EXCHANGE decoding does not depend on the collection's indices or storage").lenient

        guard case .success(let decoded) = lenient else { return }
        let exchange = decoded.value
        let rebuilt = exchange.encoded
        guard let again = AZPeerExchange.decodeRebuilt(rebuilt, decodes: "a rebuilt AZ_PEER_EXCHANGE decodes") else { return }
        invariant(again.value == exchange.asBuilt, "decode(build(x)) == x for AZ_PEER_EXCHANGE")
        invariant(again.value.encoded == rebuilt, "building a decoded rebuilt AZ_PEER_EXCHANGE gives the same bytes")
        invariant(again.warnings.allSatisfy { [.badInfohashLength, .ipv6PeerEntry, .emptyPeerExchange].contains($0.code) },
                  "a rebuilt AZ_PEER_EXCHANGE carries only the deviations its value holds", "\(again.warnings)")

        // A peer limit of 2 reaches `too_many_peers` with small inputs (the default is 1,000).
        let limits = PexLimits(maxPeersPerList: 2)
        let limitedLenient = outcome { () throws(ParseError) in try AZPeerExchange.decode(bytes, mode: .lenient, limits: limits) }
        let limitedStrict = outcome { () throws(ParseError) in try AZPeerExchange.decode(bytes, mode: .strict, limits: limits) }
        azureusPexContract.check(count: bytes.count, strict: limitedStrict, lenient: limitedLenient)
        if case .success(let limited) = limitedLenient {
            invariant(limited.value.added.count <= 2 && exchange.added.starts(with: limited.value.added)
                      && limited.value.dropped.count <= 2 && exchange.dropped.starts(with: limited.value.dropped),
                      "a peer limit keeps the first peers of each AZ_PEER_EXCHANGE list")
        } else {
            invariant(false, "a lower peer limit never turns lenient AZ_PEER_EXCHANGE acceptance into an error")
        }

        let utPex = UTPexMessage(exchange.update)
        if let payload = try? utPex.encoded() {
            let back = outcome { () throws(ParseError) in try UTPexMessage.decode(payload, mode: .strict) }
            if case .success(let message) = back {
                invariant(message.value.update.addedAddresses.sorted() == exchange.update.addedAddresses.sorted()
                          && message.value.update.droppedAddresses.sorted() == exchange.update.droppedAddresses.sorted(),
                          "AZ_PEER_EXCHANGE and ut_pex carry the same peers")
            } else {
                invariant(false, "a ut_pex message built from an AZ_PEER_EXCHANGE decodes", "\(back)")
            }
        } else {
            invariant(exchange.update.isEmpty, "a ut_pex message is built from any AZ_PEER_EXCHANGE with peers")
        }
    }
}

extension AZPeerExchange {
    /// The message as ``encoded`` writes it: in a list where some peer has a handshake type, the
    /// peers without one get plain.
    var asBuilt: AZPeerExchange {
        func built(_ peers: [Peer]) -> [Peer] {
            guard peers.contains(where: { $0.handshakeType != nil }) else { return peers }
            return peers.map { Peer(address: $0.address, handshakeType: $0.handshakeType ?? .plain, udpPort: $0.udpPort) }
        }
        return AZPeerExchange(infohash: infohash, added: built(added), dropped: built(dropped))
    }
}
