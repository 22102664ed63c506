import WireCore

/// Decodes bencode (BEP 3) with explicit limits, in strict or lenient mode.
///
/// - Strict: canonical bencode only; every deviation is a ``ParseError``.
/// - Lenient (the default, as deployed clients decode): `leading_zero`, `negative_zero`,
///   `unsorted_keys`, `duplicate_key` and `trailing_data` become ``ParseWarning``s and decoding
///   goes on. With a duplicate key, every entry is kept in wire order and the first one wins for
///   lookups and re-encoding, as in libtorrent (anacrolix/torrent lets the last one win: an
///   interop hazard the conformance suite names).
///
/// No input traps or hangs: string lengths are compared with the bytes present before use,
/// nesting is bounded by ``BencodeLimits/maxDepth`` on an explicit stack, and the token array
/// grows by at most one token per two input bytes, up to ``BencodeLimits/maxTokens``.
public struct BencodeDecoder: Sendable {
    public var mode: ParseMode
    public var limits: BencodeLimits

    public init(mode: ParseMode = .lenient, limits: BencodeLimits = .default) {
        self.mode = mode
        self.limits = limits
    }

    // The entry points are inlinable so that callers specialise them for their byte type: an
    // unspecialised generic call looks up type metadata at run time on every decode, which cost
    // more than tokenizing a whole ut_pex message. The work itself is in non-generic functions.

    /// Validates `bytes` and returns a document to read in place, without copying the input.
    @inlinable
    public func document<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) throws(ParseError) -> BencodeDocument<Bytes> {
        try makeDocument(bytes, reportTrailingData: true)
    }

    /// Like ``document(_:)``, but a value followed by more bytes is not a deviation: the caller
    /// reads ``BencodeDocument/end`` to find where the value stopped (as ut_metadata pieces need).
    @inlinable
    public func documentPrefix<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) throws(ParseError) -> BencodeDocument<Bytes> {
        try makeDocument(bytes, reportTrailingData: false)
    }

    /// Decodes `bytes` into an owned value tree with the warnings met.
    @inlinable
    public func decode(_ bytes: some RandomAccessCollection<UInt8>) throws(ParseError) -> Decoded<BencodeValue> {
        if let outcome = bytes.withContiguousStorageIfAvailable({ decodeTree($0) }) { return try outcome.get() }
        return try Array(bytes).withUnsafeBufferPointer { decodeTree($0) }.get()
    }

    @inlinable
    func makeDocument<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, reportTrailingData: Bool) throws(ParseError) -> BencodeDocument<Bytes> {
        let outcome: Result<Tokenization, ParseError>
        if let contiguous = bytes.withContiguousStorageIfAvailable({ tokenize($0, reportTrailingData: reportTrailingData) }) {
            outcome = contiguous
        } else {
            outcome = Array(bytes).withUnsafeBufferPointer { tokenize($0, reportTrailingData: reportTrailingData) }
        }
        let result = try outcome.get()
        return BencodeDocument(bytes: bytes, tokens: result.tokens, end: result.end, warnings: result.warnings)
    }

    /// What tokenizing one buffer produced.
    @usableFromInline
    struct Tokenization {
        @usableFromInline var tokens: BencodeTokenStorage
        @usableFromInline var end: Int
        @usableFromInline var warnings: [ParseWarning]
    }

    @usableFromInline
    func tokenize(_ buffer: UnsafeBufferPointer<UInt8>, reportTrailingData: Bool) -> Result<Tokenization, ParseError> {
        withUnsafeTemporaryAllocation(of: BencodeToken.self, capacity: BencodeTokenWriter.scratchCapacity) { scratch in
            var tokenizer = BencodeTokenizer(bytes: buffer, limits: limits, mode: mode, scratch: scratch)
            do throws(ParseError) {
                let end = try tokenizer.run(reportTrailingData: reportTrailingData)
                return .success(Tokenization(tokens: tokenizer.tokens.finish(), end: end, warnings: tokenizer.diagnostics.warnings))
            } catch {
                return .failure(error)
            }
        }
    }

    /// The tree is built while the raw buffer and the tokenizer's tokens are at hand, with no
    /// document in between.
    @usableFromInline
    func decodeTree(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<Decoded<BencodeValue>, ParseError> {
        var tree: Decoded<BencodeValue>?
        if let failure = tokenizeInPlace(buffer, { view, warnings in
            tree = Decoded(BencodeTreeBuilder.value(tokens: view.tokens, bytes: buffer, at: 0), warnings: warnings)
        }) {
            return .failure(failure)
        }
        guard let tree else { preconditionFailure("the tokenizer neither failed nor called back") }
        return .success(tree)
    }
}
