/// When incoming PEX messages come too fast: the `messages`-th message arriving within `seconds`
/// of the first of them is a flood.
///
/// One rule expresses what deployed clients do (implementations.md, "ut_pex, receiving"):
/// libtorrent disconnects when the 7th message arrives within 60 s of the 1st
/// (``libtorrent``); anacrolix/torrent when a message comes < 45 s after the previous
/// (``minimumGap(_:)`` of 45); webtorrent when < 60 s after the previous.
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

    /// A message that arrives less than `seconds` after the previous one is a flood.
    public static func minimumGap(_ seconds: Double) -> FloodRule { FloodRule(messages: 2, within: seconds) }

    public var description: String { "\(messages) messages within \(seconds) s" }
}
