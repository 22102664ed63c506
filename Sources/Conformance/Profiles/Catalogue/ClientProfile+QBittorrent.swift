import PexSession

extension ClientProfile {
    /// qBittorrent 4.5 on libtorrent 2.0: libtorrent's rules, with what qBittorrent's own session
    /// set-up changes (tag release-4.5.2, `src/base/bittorrent/sessionimpl.cpp`). None of it
    /// changes a robustness prediction: qBittorrent adds libtorrent's own ut_pex plugin.
    public static let qbittorrent45: ClientProfile = {
        let at = "qbittorrent/qBittorrent release-4.5.2 src/base/bittorrent/sessionimpl.cpp"
        return libtorrent20.inherited(
            id: "qbittorrent-4.5", client: "qBittorrent", versions: "4.5.x on libtorrent 2.0",
            adding: [
                ("plugins", "\(at):1435,1472-1475: the session starts with no default plugins, then smart_ban, ut_metadata and libtorrent's ut_pex (only when Session\\PeXEnabled, default true, :391)"),
                ("pex_toggle", "\(at):639-643: turning PeX off or on takes effect only after a restart"),
                ("connections", "\(at):440,448: at most 100 connections per torrent (MaxConnectionsPerTorrent), one per IP (MultiConnectionsPerIp false)"),
                ("port_mapping", "\(at):1427-1428: UPnP and NAT-PMP off before the session starts"),
            ])
    }()
}
