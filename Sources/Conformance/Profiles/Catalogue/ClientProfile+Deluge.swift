import PexSession

extension ClientProfile {
    /// Deluge 2.0 on libtorrent 2.0: libtorrent's rules, with what Deluge's core changes (tag
    /// deluge-2.0.3). None of it changes a robustness prediction: Deluge adds libtorrent's own
    /// ut_pex plugin.
    public static let deluge20: ClientProfile = {
        let at = "deluge-torrent/deluge deluge-2.0.3"
        return libtorrent20.inherited(
            id: "deluge-2.0", client: "Deluge", versions: "2.0.x on libtorrent 2.0",
            adding: [
                ("plugins", "\(at) deluge/core/core.py:131,138,140: the session starts with no default plugins (flags=0), then ut_metadata and smart_ban; deluge/core/preferencesmanager.py:66,294-296: ut_pex is added when `utpex` is set (default true)"),
                ("pex_toggle", "\(at) deluge/core/preferencesmanager.py:294-296: setting `utpex` off removes nothing; PEX stays on until the daemon restarts"),
                ("version", "\(at) deluge/core/core.py:123: `v` is \"Deluge/<version> libtorrent/<version>\""),
            ])
    }()
}
