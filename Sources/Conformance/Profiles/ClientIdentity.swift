/// Which client a peer is, from the `v` of its extended handshake: the profile its behaviour is
/// predicted by, and the name and version a user knows it by (`rtorrent 0.9.8`, where its `v` says
/// `libTorrent 0.13.8`, the engine's version).
public struct ClientIdentity: Sendable, Equatable {
    /// The profile id (``ClientProfile/named(_:)``).
    public var profile: String
    /// The client's name as users know it (`rtorrent`, `qBittorrent`).
    public var name: String
    /// Its version as users know it (`0.9.8`, `4.5.2`).
    public var version: String

    public init(profile: String, name: String, version: String) {
        self.profile = profile
        self.name = name
        self.version = version
    }

    /// `rtorrent-0.9.8`: lower case, letters, digits, `.` and `-`; the folder its recorded
    /// transcripts are filed under.
    public var slug: String {
        String("\(name)-\(version)".lowercased().map { ($0.isLetter && $0.isASCII) || $0.isNumber || $0 == "." ? $0 : "-" })
    }

    /// One `v` pattern: a prefix, optionally a second part it must contain, the profile, the
    /// name, and the version (nil: the token after the prefix's separator, up to a space).
    struct Pattern: Sendable {
        var prefix: String
        var contains: String?
        var profile: String
        var name: String
        var version: String?
        /// Where the version starts: after this much of the prefix (`aria2/` of `aria2/1.36`).
        var versionAfter: String
    }

    /// What each deployed client sends as `v`, seen on loopback (Debian 12 packages) and read from
    /// where each client sets it:
    /// - libtorrent 2.0.8: `libtorrent/2.0.8.0` (python3-libtorrent's default user agent);
    /// - Transmission 3.00: `Transmission 3.00`;
    /// - rtorrent 0.9.8: `libTorrent 0.13.8`: the engine's name and version, never rtorrent's own.
    ///   rtorrent 0.9.8 is the release built on libtorrent-rakshasa 0.13.8 (rakshasa/rtorrent
    ///   v0.9.8 `configure.ac:43` requires libtorrent >= 0.13.8; v0.9.7 asked for 0.13.7);
    /// - aria2 1.36.0: `aria2/1.36.0`;
    /// - qBittorrent 4.5.2: `qBittorrent/4.5.2` (qbittorrent/qBittorrent release-4.5.2
    ///   `src/base/bittorrent/sessionimpl.cpp:123,1420`, its user agent);
    /// - Deluge 2.0.3: `Deluge/2.0.3 libtorrent/2.0.8.0` (deluge-torrent/deluge deluge-2.0.3
    ///   `deluge/core/core.py:123`).
    static let patterns: [Pattern] = [
        Pattern(prefix: "libtorrent/2.", profile: "libtorrent-2.0", name: "libtorrent", versionAfter: "libtorrent/"),
        Pattern(prefix: "Transmission 3.", profile: "transmission-3.00", name: "Transmission", versionAfter: "Transmission "),
        Pattern(prefix: "Transmission 4.", profile: "transmission-3.00", name: "Transmission", versionAfter: "Transmission "),
        Pattern(prefix: "libTorrent 0.13.8", profile: "rtorrent-0.9.8", name: "rtorrent", version: "0.9.8", versionAfter: ""),
        Pattern(prefix: "aria2/1.36", profile: "aria2-1.36", name: "aria2", versionAfter: "aria2/"),
        Pattern(prefix: "qBittorrent/4.5.", profile: "qbittorrent-4.5", name: "qBittorrent", versionAfter: "qBittorrent/"),
        Pattern(prefix: "Deluge/2.0.", contains: " libtorrent/2.", profile: "deluge-2.0", name: "Deluge", versionAfter: "Deluge/"),
    ]

    /// The client a `v` names, or nil when no known pattern matches it.
    public static func identify(version v: String) -> ClientIdentity? {
        guard let pattern = patterns.first(where: { v.hasPrefix($0.prefix) && ($0.contains.map { v.contains($0) } ?? true) }) else {
            return nil
        }
        let version = pattern.version ?? String(v.dropFirst(pattern.versionAfter.count).prefix { $0 != " " })
        return ClientIdentity(profile: pattern.profile, name: pattern.name, version: version)
    }

    /// The name and version for a `v` no pattern knows: the text before the first `/` or space,
    /// and the rest up to the next space.
    public static func unknown(version v: String) -> ClientIdentity {
        guard let split = v.firstIndex(where: { $0 == "/" || $0 == " " }) else { return ClientIdentity(profile: "", name: v, version: "") }
        return ClientIdentity(profile: "", name: String(v[..<split]), version: String(v[v.index(after: split)...].prefix { $0 != " " }))
    }
}
