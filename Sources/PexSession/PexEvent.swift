import PexModel

/// What a ``PexSession`` tells its owner, as the webtorrent ut_pex module's `peer` and `dropped`
/// events do (the README of webtorrent/ut_pex).
public enum PexEvent: Sendable, Hashable {
    /// A peer the remote peer announced for the first time (or again after dropping it).
    case peer(PexPeer)
    /// A peer the remote peer had announced and now says is gone.
    case dropped(PeerAddress)
}
