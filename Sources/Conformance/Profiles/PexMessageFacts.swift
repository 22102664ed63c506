import Bencode
import PexModel
import WireCore

/// What a receiving client sees in one PEX payload (ut_pex or AZ_PEER_EXCHANGE), in the terms the
/// deployed clients' rules are written in (see the profiles' sources): is it bencode, is the root a
/// dictionary, are the compact lists whole, do the flags match the peers, and which peers it
/// names.
///
/// These are observations for ``ClientProfile`` predictions, read with the project's bencode
/// decoder and ``CompactPeerList``; the reference PEX codecs (`UTPexMessage`,
/// `AZPeerExchange`) are what the decode expectations check.
public struct PexMessageFacts: Sendable, Hashable {
    public enum Dialect: String, Sendable, Hashable {
        case utPex = "ut_pex"
        case azureus = "az_pex"
    }

    /// Why a payload cannot be read at all.
    public enum Problem: String, Sendable, Hashable {
        case invalidBencode = "invalid_bencode"
        case notADictionary = "not_a_dictionary"
    }

    /// How the per-peer extras (`added.f`, `added_HST`) line up with the added peers.
    public enum FlagsState: String, Sendable, Hashable {
        /// One per added peer, or no added peers at all.
        case matching
        /// Added peers without the flags key.
        case missing
        /// A flags string whose length is not the number of added peers.
        case mismatched
    }

    public var dialect: Dialect
    /// Payload bytes (the bencoded dictionary alone).
    public var size: Int
    public var problem: Problem?
    /// The peers named, whole entries only; flags set only where they line up.
    public var update: PexUpdate
    /// A compact list whose length is not a multiple of 6 (18 for IPv6), or an AZ entry that is not 6 bytes.
    public var hasPartialEntries: Bool
    public var addedFlags: FlagsState

    public init(dialect: Dialect, size: Int, problem: Problem? = nil, update: PexUpdate = PexUpdate(), hasPartialEntries: Bool = false, addedFlags: FlagsState = .matching) {
        self.dialect = dialect
        self.size = size
        self.problem = problem
        self.update = update
        self.hasPartialEntries = hasPartialEntries
        self.addedFlags = addedFlags
    }

    /// Reads a ut_pex payload: `added`, `added.f`, `added6`, `added6.f`, `dropped`, `dropped6`.
    public init(utPexPayload payload: [UInt8]) {
        self.init(dialect: .utPex, size: payload.count)
        guard let root = rootDictionary(payload) else { return }
        var added: [PexPeer] = [], dropped: [PexPeer] = []
        for (key, flagsKey, family) in [("added", "added.f", AddressFamily.ipv4), ("added6", "added6.f", .ipv6)] {
            let peers = compact(root[key], family: family)
            let flags = root[flagsKey]?.bytes
            if !peers.isEmpty {
                if flags == nil {
                    addedFlags = worse(addedFlags, .missing)
                } else if flags?.count != peers.count {
                    addedFlags = worse(addedFlags, .mismatched)
                }
            }
            let lineUp = flags?.count == peers.count
            for (n, address) in peers.enumerated() {
                added.append(PexPeer(address: address, flags: lineUp ? PeerFlags(rawValue: flags?[n] ?? 0) : []))
            }
        }
        for (key, family) in [("dropped", AddressFamily.ipv4), ("dropped6", .ipv6)] {
            dropped += compact(root[key], family: family).map { PexPeer(address: $0) }
        }
        update = PexUpdate(added: added, dropped: dropped)
    }

    /// Reads an AZ_PEER_EXCHANGE payload: `added`/`dropped` lists of 6-byte strings, with
    /// `added_HST` (one byte a peer) and `added_UDP` (two bytes a peer).
    public init(azureusPexPayload payload: [UInt8]) {
        self.init(dialect: .azureus, size: payload.count)
        guard let root = rootDictionary(payload) else { return }
        // HST and UDP values belong to entries by their position in the wire list, bad entries included.
        func entries(_ key: String) -> [PeerAddress?] {
            guard let items = root[key]?.list else { return [] }
            return items.map { item in
                guard let bytes = item.bytes, bytes.count == AddressFamily.ipv4.compactEntrySize else {
                    hasPartialEntries = true
                    return nil
                }
                return CompactPeerList.entry(bytes, family: .ipv4)
            }
        }
        let added = entries("added")
        let hst = root["added_HST"]?.bytes
        let udp = root["added_UDP"]?.bytes
        if added.contains(where: { $0 != nil }) {
            if hst == nil {
                addedFlags = .missing
            } else if hst?.count != added.count {
                addedFlags = .mismatched
            }
        }
        var peers: [PexPeer] = []
        for (n, address) in added.enumerated() {
            guard let address else { continue }
            var peer = PexPeer(address: address)
            if let hst, hst.count == added.count {
                peer.handshakeType = HandshakeType(rawValue: hst[n])
                if peer.handshakeType == .crypto { peer.flags = .prefersEncryption }
            }
            if let udp, udp.count == 2 * added.count { peer.udpPort = BigEndian.uint16(udp, at: 2 * n) }
            peers.append(peer)
        }
        update = PexUpdate(added: peers, dropped: entries("dropped").compactMap { $0 }.map { PexPeer(address: $0) })
    }

    /// The root dictionary, or nil with ``problem`` set.
    private mutating func rootDictionary(_ payload: [UInt8]) -> BencodeDictionary? {
        let value: BencodeValue
        do {
            value = try BencodeDecoder(mode: .lenient).decode(payload).value
        } catch {
            problem = .invalidBencode
            return nil
        }
        guard let dictionary = value.dictionary else {
            problem = .notADictionary
            return nil
        }
        return dictionary
    }

    private mutating func compact(_ value: BencodeValue?, family: AddressFamily) -> [PeerAddress] {
        guard let bytes = value?.bytes else { return [] }
        let parsed = CompactPeerList.parse(bytes, family: family)
        if parsed.trailingByteCount != 0 { hasPartialEntries = true }
        return parsed.peers
    }

    private func worse(_ a: FlagsState, _ b: FlagsState) -> FlagsState {
        a == .mismatched || b == .mismatched ? .mismatched : (a == .missing || b == .missing ? .missing : .matching)
    }
}
