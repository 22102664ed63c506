/// Resource limits of the bencode decoder. Each one is checked before the work it bounds is done.
public struct BencodeLimits: Sendable, Hashable {
    /// libtorrent's `depth_limit`, with its meaning: no token, a closing `e` included, is read
    /// while this many lists and dictionaries are open (`depth_exceeded` at that token). A
    /// document therefore nests at most `maxDepth - 1` levels (the top-level container is level
    /// 1): 99 by default, as libtorrent's bdecode (`src/bdecode.cpp`, default `depth_limit`
    /// 100). 0 accepts nothing, 1 only scalars. Values above ``depthCeiling`` are lowered to it,
    /// because the value tree is built, compared and encoded recursively.
    public var maxDepth: Int {
        didSet { maxDepth = min(max(maxDepth, 0), Self.depthCeiling) }
    }
    /// The most values (integers, strings, lists, dictionaries, keys included) in one document.
    public var maxTokens: Int
    /// The most digits in an integer or a string length, leading zeros included.
    public var maxIntegerDigits: Int

    /// The highest ``maxDepth`` that can be set.
    public static let depthCeiling = 10_000

    public init(maxDepth: Int = 100, maxTokens: Int = 1_000_000, maxIntegerDigits: Int = 20) {
        self.maxDepth = min(max(maxDepth, 0), Self.depthCeiling)
        self.maxTokens = maxTokens
        self.maxIntegerDigits = maxIntegerDigits
    }

    public static let `default` = BencodeLimits()
}
