import WireCore

/// The bencode error codes. The first seven are libtorrent's names for the same failures.
extension ParseError.Code {
    /// A digit was required: a string length, an integer body, or a dictionary key (keys are strings).
    public static let expectedDigit = Self("expected_digit")
    /// A string length was not followed by `:`.
    public static let expectedColon = Self("expected_colon")
    /// The input ended inside a value, or a string claims more bytes than remain.
    public static let unexpectedEOF = Self("unexpected_eof")
    /// A byte that cannot start a value (`i`, `l`, `d` or a digit), or a dictionary key without a value.
    public static let expectedValue = Self("expected_value")
    /// A token read while ``BencodeLimits/maxDepth`` containers are open (more than 99 levels of
    /// nesting by default), as libtorrent checks before every token.
    public static let depthExceeded = Self("depth_exceeded")
    /// More tokens than ``BencodeLimits/maxTokens``, more digits than ``BencodeLimits/maxIntegerDigits``,
    /// or an input larger than 4 GiB.
    public static let limitExceeded = Self("limit_exceeded")
    /// An integer outside the range of `Int64`, or a string length that does not fit one.
    public static let overflow = Self("overflow")
    /// `i03e` or `03:abc`: not canonical; lenient mode warns.
    public static let leadingZero = Self("leading_zero")
    /// `i-0e`: not canonical; lenient mode warns.
    public static let negativeZero = Self("negative_zero")
    /// A dictionary key that sorts before the previous one and repeats no earlier key; lenient
    /// mode warns.
    public static let unsortedKeys = Self("unsorted_keys")
    /// A dictionary key that repeats an earlier key of the same dictionary, next to it or not;
    /// lenient mode warns and the first entry wins lookups.
    public static let duplicateKey = Self("duplicate_key")
    /// Bytes after the top-level value; lenient mode warns and ignores them.
    public static let trailingData = Self("trailing_data")

    /// Every code of Bencode, in the order of docs/error-codes.md.
    public static let bencodeCodes: [Self] = [
        .expectedDigit, .expectedColon, .unexpectedEOF, .expectedValue, .depthExceeded,
        .limitExceeded, .overflow, .leadingZero, .negativeZero, .unsortedKeys, .duplicateKey,
        .trailingData,
    ]
}
