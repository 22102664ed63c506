/// When incoming PEX messages come too fast: the `messages`-th message arriving within `seconds`
/// of the first of them is a flood.
///
/// One rule expresses what deployed clients do: libtorrent disconnects when the 7th message
/// arrives within 60 s of the 1st (``libtorrent``; arvidn/libtorrent `src/ut_pex.cpp`);
/// anacrolix/torrent when a message comes < 45 s after the previous (``minimumGap(_:)`` of 45;
/// `pexconn.go`); webtorrent when < 60 s after the previous (webtorrent/ut_pex `index.js`);
/// BiglyBT closes on more than 7 PEX messages in 120 s (``biglyBT``;
/// `PEPeerTransportProtocol.java:5587-5590`).
public struct FloodRule: Sendable, Hashable, CustomStringConvertible {
    /// How many messages make a flood (at least 2).
    public var messages: Int
    /// The window they must arrive in, in seconds.
    public var seconds: Double

    public init(messages: Int, within seconds: Double) {
        self.messages = max(2, messages)
        self.seconds = seconds
    }

    /// libtorrent 2.x `ut_pex.cpp`: keeps the times of the last 6 messages and disconnects on the
    /// 7th within 60 s of the 1st.
    public static let libtorrent = FloodRule(messages: 7, within: 60)

    /// BiglyBT/Vuze: more than 7 PEX messages (AZ or ut_pex) in 120 s close the connection
    /// (BiglySoftware/BiglyBT 9d506bd, `PEPeerTransportProtocol.java:5587-5590`).
    public static let biglyBT = FloodRule(messages: 8, within: 120)

    /// A message that arrives less than `seconds` after the previous one is a flood.
    public static func minimumGap(_ seconds: Double) -> FloodRule { FloodRule(messages: 2, within: seconds) }

    public var description: String { "\(messages) messages within \(seconds) s" }
}
