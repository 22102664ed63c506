import PexSession

extension ClientProfile {
    /// aria2 1.36.0: only what was observed on loopback.
    public static let aria2136: ClientProfile = {
        let pex = pexRules(flood: nil)
        return ClientProfile(
            id: "aria2-1.36", client: "aria2", versions: "1.36.0",
            pex: pex,
            pexSources: [("flood", "\(observed): \"10 PEX in ~1 s: stays\"")],
            knowsPeerCaps: false,
            rules: [
                .invalidBencode: Rule(.disconnect, "\(observed): \"bytes that are not bencode: disconnects and bans the peer\""),
                .notADictionary: Rule(.ignore, "\(observed): \"a list instead of a dict: ignores\""),
                .partialCompactEntry: Rule(.dropPeers, "\(observed): \"`added` of 7 or 8 bytes: discards the whole list\""),
                .missingAddedFlags: Rule(.accept, "\(observed): \"`added` without `added.f`: keeps them and dials\""),
            ])
    }()
}

// MARK: - Swarm behaviour (what it does in a swarm; `pexspec probe`'s swarm cases)

extension SwarmBehaviour {
    /// aria2 1.36, read at aria2/aria2 b4fd7cb.
    public static let aria2136: SwarmBehaviour = {
        var b = SwarmBehaviour()
        b.dialsDroppedPeers = Rule(true, "aria2/aria2 UTPexExtensionMessage.cc:128-132 at b4fd7cb: dropped peers become connection candidates")
        b.zeroIDDisablesPex = Rule(false, "aria2/aria2 HandshakeExtensionMessage.cc:105 at b4fd7cb: only non-zero ids are applied")
        b.unassignedIDDisconnects = Rule(true, "aria2/aria2 DefaultExtensionMessageFactory.cc:96-100 at b4fd7cb: an unknown extended id is an error")
        return b
    }()
}
