extension FuzzTargets {
    static let extendedHandshakeKeys = [
        "m", "p", "v", "e", "yourip", "ipv4", "ipv6", "reqq", "metadata_size", "upload_only", "complete_ago",
        "ut_pex", "ut_metadata", "LT_metadata", "ut_holepunch", "lt_donthave",
    ]
    static let utPexKeys = ["added", "added.f", "added6", "added6.f", "dropped", "dropped6"]
    static let azureusPexKeys = ["infohash", "added", "added_HST", "added_UDP", "dropped", "dropped_HST", "dropped_UDP"]
    static let azureusHandshakeKeys = [
        "identity", "client", "version", "tcp_port", "udp_port", "udp2_port", "handshake_type", "messages", "id", "ver",
    ]

    /// The structure-aware mutator of each bencode-based target, by target name (issue 9).
    public static let bencodeMutators: [String: BencodeMutator] = [
        "FuzzBencode": BencodeMutator(keys: extendedHandshakeKeys + utPexKeys + azureusPexKeys + azureusHandshakeKeys),
        "FuzzExtendedHandshake": BencodeMutator(keys: extendedHandshakeKeys),
        "FuzzUTPex": BencodeMutator(keys: utPexKeys),
        "FuzzAzureusPex": BencodeMutator(keys: azureusPexKeys),
        "FuzzAzureusHandshake": BencodeMutator(keys: azureusHandshakeKeys),
    ]
}

extension FuzzTargets {
    /// The frame-aware mutator of each stream target, by target name (issue 9).
    public static let frameMutators: [String: FrameMutator] = [
        "FuzzPeerWireStream": FrameMutator(dialect: .peerWire, payloadKeys: extendedHandshakeKeys + utPexKeys),
        "FuzzAzureusStream": FrameMutator(dialect: .azureus, payloadKeys: azureusPexKeys + azureusHandshakeKeys),
    ]
}
