import PexSession

extension ClientProfile {
    /// rtorrent 0.9.8 on libtorrent-rakshasa 0.13.8: only what was observed on loopback.
    public static let rtorrent098: ClientProfile = {
        let pex = pexRules(flood: nil)
        return ClientProfile(
            id: "rtorrent-0.9.8", client: "rtorrent", versions: "0.9.8 (libtorrent-rakshasa 0.13.8)",
            pex: pex,
            pexSources: [
                ("flood", "\(observed): \"10 PEX in ~1 s: stays\""),
                ("extension_too_large", Document.rak.at("src/protocol/extensions.cc:198: an extension message over 32 KiB (1<<15) is a communication_error, a disconnect")),
                ("dropped", Document.rak.at("src/protocol/extensions.cc:312-316: only added is read (not added6, dropped or the flags)")),
            ],
            knowsPeerCaps: false, readsDropped: false,
            rules: [
                .invalidBencode: Rule(.ignore, "\(observed): \"bytes that are not bencode: stays\""),
                .notADictionary: Rule(.ignore, "\(observed): \"a list instead of a dict: stays\""),
                .partialCompactEntry: Rule(.accept, "\(observed): \"`added` of 7 or 8 bytes: stays\""),
                .missingAddedFlags: Rule(.accept, "\(observed): \"`added` without `added.f`: keeps them\""),
                .pexBeforeBitfield: Rule(.disconnect, "\(observed): \"ut_pex before the bitfield: disconnects\""),
                .unassignedExtension: Rule(.disconnect, Document.rak.at("src/protocol/extensions.cc:198: a message under an extended id it never assigned is a communication_error")),
            ],
            privateTorrents: PrivateTorrentRule(.disablesPex, Document.rak.at("src/download/download_info.h:83: PEX off for a private torrent")),
            extensionTable: ExtensionTableRule(.fixedByFirstHandshake, Document.rak.at("src/protocol/extensions.cc:283: every extension the first handshake omits stays disabled")),
            readsIPv6: false, maxExtendedMessageSize: 1 << 15)
    }()
}
