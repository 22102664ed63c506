import Bencode
import WireCore

extension FuzzTargets {
    /// `FuzzBencode`: both decoding modes, the tree and the zero-copy document, the encoder.
    ///
    /// Invariants:
    /// - the ``ModeContract`` between strict and lenient decoding;
    /// - strict accepts ⇒ encoding the value gives the input back (canonical round trip);
    /// - the document agrees with the tree: kinds, integers, strings, entries, first-wins lookups,
    ///   and each node's encoded range decodes on its own to the node's value;
    /// - the same bytes behind indices that do not start at 0, without contiguous storage, decode
    ///   to the same value or the same error;
    /// - tighter limits never accept what the default limits reject, nor decode differently;
    /// - the lenient tree re-encodes to bytes that strict accepts and that decode to the same value
    ///   apart from later duplicate keys.
    public static func bencode(_ bytes: UnsafeRawBufferPointer) {
        let lenient = outcome { () throws(ParseError) in try BencodeDecoder(mode: .lenient).decode(bytes) }
        let strict = outcome { () throws(ParseError) in try BencodeDecoder(mode: .strict).decode(bytes) }
        ModeContract(target: "FuzzBencode", tolerated: ModeContract.bencodeTolerated).check(count: bytes.count, strict: strict, lenient: lenient)
        if case .success(let s) = strict {
            invariant(BencodeEncoder.encode(s.value).elementsEqual(bytes), "encode(decode(x)) == x for input strict accepts")
        }

        checkShiftedBencode(bytes, expected: lenient)
        checkTighterLimits(bytes, expected: lenient)

        guard case .success(let decoded) = lenient else { return }
        let document: BencodeDocument<UnsafeRawBufferPointer>
        do {
            document = try BencodeDecoder(mode: .lenient).document(bytes)
        } catch {
            invariant(false, "document accepts what decode accepts", "\(error)")
            return
        }
        invariant(document.warnings == decoded.warnings, "document and decode warn alike")
        invariant(document.end <= bytes.count, "document end inside the input")
        invariant(document.tokenCount == valueCount(decoded.value), "the document holds one token per value, keys included")
        invariant(document.root.value == decoded.value, "document root builds the tree's value")
        compare(document.root, decoded.value, in: bytes)

        // Without trailing bytes, the prefix is a document of its own, ending where it ends.
        do {
            let prefix = try BencodeDecoder(mode: .lenient).documentPrefix(bytes)
            invariant(prefix.end == document.end, "documentPrefix stops where document does")
            invariant(!prefix.warnings.contains { $0.code == .trailingData }, "documentPrefix never reports trailing data")
        } catch {
            invariant(false, "documentPrefix accepts what document accepts", "\(error)")
        }

        // Re-encoding canonicalises: strict accepts the result, and nothing but later duplicates is lost.
        let canonical = BencodeEncoder.encode(decoded.value)
        do {
            let again = try BencodeDecoder(mode: .strict).decode(canonical)
            invariant(again.value == decoded.value.canonical, "canonical re-encoding keeps every first entry")
            invariant(BencodeEncoder.encode(again.value) == canonical, "canonical encoding is a fixed point")
        } catch {
            invariant(false, "strict accepts the encoder's output", "\(error)")
        }
    }

    /// The same decode through ``ShiftedBytes`` must give the same outcome.
    private static func checkShiftedBencode(_ bytes: UnsafeRawBufferPointer, expected: Result<Decoded<BencodeValue>, ParseError>) {
        let shifted = ShiftedBytes(bytes)
        let shiftedOutcome = outcome { () throws(ParseError) in try BencodeDecoder(mode: .lenient).decode(shifted) }
        invariant(shiftedOutcome == expected, "decoding does not depend on the collection's indices or storage")
        guard case .success(let decoded) = expected,
            let document = try? BencodeDecoder(mode: .lenient).document(shifted)
        else { return }
        // Zero-copy slices of a shifted collection must still name the right bytes.
        invariant(document.root.value == decoded.value, "shifted document root builds the tree's value")
        compare(document.root, decoded.value, in: shifted)
    }

    /// Lowering any limit may turn an acceptance into `depth_exceeded` or `limit_exceeded`, nothing else.
    private static func checkTighterLimits(_ bytes: UnsafeRawBufferPointer, expected: Result<Decoded<BencodeValue>, ParseError>) {
        var tight = BencodeLimits(maxTokens: 24, maxIntegerDigits: 6)
        tight.maxDepth = 4
        let tightOutcome = outcome { () throws(ParseError) in try BencodeDecoder(mode: .lenient, limits: tight).decode(bytes) }
        switch (tightOutcome, expected) {
        case (.success(let t), .success(let e)):
            invariant(t == e, "tighter limits decode to the same value")
        case (.success, .failure(let e)):
            invariant(false, "tighter limits never accept what the defaults reject", "\(e)")
        case (.failure(let t), .success):
            invariant([.depthExceeded, .limitExceeded].contains(t.code), "tighter limits reject only with a limit error", "\(t)")
        case (.failure, .failure):
            break
        }
    }

    /// Walks a document node and the tree value it must equal, in time linear in the input
    /// apart from the standalone decodes, which stop at ``standaloneDepth``.
    private static func compare<Bytes: RandomAccessCollection<UInt8>>(_ node: BencodeNode<Bytes>, _ value: BencodeValue, in bytes: Bytes, depth: Int = 0) {
        let sameBytes: Bool = value.bytes.map { bytes in node.stringBytes?.elementsEqual(bytes) ?? false } ?? (node.stringBytes == nil)
        invariant(value.integer == node.integer && sameBytes
                  && (value.list?.count ?? -1) == (node.kind == .list ? node.count : -1)
                  && (value.dictionary?.count ?? -1) == (node.kind == .dictionary ? node.count : -1)
                  && value.dictionary?.isEmpty == (node.kind == .dictionary ? node.count == 0 : nil),
                  "the tree's accessors read what the document holds")
        invariant(node.encodedRange == node.offset..<node.endOffset && node.offset >= 0 && node.offset < node.endOffset && node.endOffset <= bytes.count,
                  "node range inside the input")
        switch value {
        case .integer(let i):
            invariant(node.kind == .integer && node.integer == i, "document integer equals the tree's")
        case .string(let s):
            invariant(node.kind == .string && node.stringBytes.map { $0.elementsEqual(s) } == true, "document string bytes equal the tree's")
            invariant(node.utf8String == value.utf8String, "document and tree read the same UTF-8 text")
            if let range = node.stringRange {
                invariant(range.upperBound == node.endOffset && range.lowerBound > node.offset, "string content inside the node")
            }
        case .list(let items):
            invariant(node.kind == .list && node.count == items.count, "document list has the tree's item count")
            for (child, item) in zip(node.children, items) { compare(child, item, in: bytes, depth: depth + 1) }
        case .dictionary(let dict):
            let entries = node.entries
            invariant(node.kind == .dictionary && entries.count == dict.entries.count && node.count == dict.count,
                      "document dictionary has the tree's entry count")
            for (entry, treeEntry) in zip(entries, dict.entries) {
                invariant(entry.key.stringBytes.map { $0.elementsEqual(treeEntry.key) } == true, "document key equals the tree's")
                compare(entry.value, treeEntry.value, in: bytes, depth: depth + 1)
                // Lookups find the first entry with a key, in both representations.
                invariant(node[treeEntry.key]?.value == dict[treeEntry.key], "document and tree look keys up alike (first wins)")
                if let text = String(validating: treeEntry.key, as: UTF8.self) {
                    invariant(node[text]?.value == dict[treeEntry.key] && value[text] == dict[treeEntry.key],
                              "lookups by String and by bytes agree, in the document and the tree")
                }
            }
            // A key longer than every key present is absent from both.
            let absent = [UInt8](repeating: 0xff, count: 1 + (dict.entries.map(\.key.count).max() ?? 0))
            invariant(node[absent] == nil && dict[absent] == nil, "an absent key is found in neither")
        }
        // A node's encoded range is a value on its own, and decoding it gives the node's value.
        guard depth <= standaloneDepth else { return }
        let start = bytes.index(bytes.startIndex, offsetBy: node.offset)
        let end = bytes.index(bytes.startIndex, offsetBy: node.endOffset)
        let standalone = try? BencodeDecoder(mode: .lenient).decode(bytes[start..<end])
        invariant(standalone?.value == value, "a node's encoded range decodes to the node's value")
    }

    /// The deepest nodes whose encoded range is decoded on its own: each such decode costs the
    /// node's size, so checking every level would make deep inputs quadratic.
    static let standaloneDepth = 2

    /// How many values `value` holds, itself, dictionary keys and all descendants included.
    private static func valueCount(_ value: BencodeValue) -> Int {
        switch value {
        case .integer, .string: return 1
        case .list(let items): return items.reduce(1) { $0 + valueCount($1) }
        case .dictionary(let dict): return dict.entries.reduce(1) { $0 + 1 + valueCount($1.value) }
        }
    }
}
