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

    /// Validates `bytes` and returns a document to read in place, without copying the input.
    public func document<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) throws(ParseError) -> BencodeDocument<Bytes> {
        try document(bytes, reportTrailingData: true)
    }

    /// Like ``document(_:)``, but a value followed by more bytes is not a deviation: the caller
    /// reads ``BencodeDocument/end`` to find where the value stopped (as ut_metadata pieces need).
    public func documentPrefix<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) throws(ParseError) -> BencodeDocument<Bytes> {
        try document(bytes, reportTrailingData: false)
    }

    /// Decodes `bytes` into an owned value tree with the warnings met.
    public func decode(_ bytes: some RandomAccessCollection<UInt8>) throws(ParseError) -> Decoded<BencodeValue> {
        // The tree is built while the raw buffer is at hand, with no document in between.
        let outcome = withBuffer(bytes) { buffer in
            tokenize(buffer, reportTrailingData: true).map { result in
                Decoded(BencodeTreeBuilder(tokens: result.tokens, bytes: buffer).value(at: 0).value, warnings: result.warnings)
            }
        }
        return try outcome.get()
    }

    private func document<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, reportTrailingData: Bool) throws(ParseError) -> BencodeDocument<Bytes> {
        let result = try withBuffer(bytes) { tokenize($0, reportTrailingData: reportTrailingData) }.get()
        return BencodeDocument(bytes: bytes, tokens: result.tokens, end: result.end, warnings: result.warnings)
    }

    /// Runs `body` over the bytes as one contiguous buffer, copying only inputs that are not contiguous.
    private func withBuffer<Result>(_ bytes: some RandomAccessCollection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = bytes.withContiguousStorageIfAvailable(body) { return result }
        return Array(bytes).withUnsafeBufferPointer(body)
    }

    private func tokenize(_ buffer: UnsafeBufferPointer<UInt8>, reportTrailingData: Bool) -> Result<(tokens: [BencodeToken], end: Int, warnings: [ParseWarning]), ParseError> {
        var tokenizer = BencodeTokenizer(bytes: buffer, limits: limits, mode: mode)
        do {
            let end = try tokenizer.run(reportTrailingData: reportTrailingData)
            return .success((tokenizer.tokens, end, tokenizer.diagnostics.warnings))
        } catch {
            return .failure(error)
        }
    }
}
