import Bencode
import WireCore

extension FuzzTargets {
    /// The codes lenient bencode decoding tolerates and strict decoding rejects.
    static let tolerableBencodeCodes: Set<ParseError.Code> = [.leadingZero, .negativeZero, .unsortedKeys, .duplicateKey, .trailingData]

    /// `FuzzBencode`: both decoding modes, the tree and the zero-copy document, the encoder.
    ///
    /// Invariants:
    /// - strict accepts ⇒ lenient accepts the same value without warnings, and encoding it gives the
    ///   input back (canonical round trip);
    /// - strict rejects while lenient accepts ⇒ strict's error is lenient's first warning;
    /// - both reject ⇒ the same error, or strict stopped earlier on a tolerable deviation;
    /// - every error and warning offset lies within the input;
    /// - the document agrees with the tree: kinds, integers, strings, entries, first-wins lookups,
    ///   and each node's encoded range decodes on its own to the node's value;
    /// - the same bytes behind indices that do not start at 0, without contiguous storage, decode
    ///   to the same value or the same error;
    /// - tighter limits never accept what the default limits reject, nor decode differently;
    /// - the lenient tree re-encodes to bytes that strict accepts and that decode to the same value
    ///   apart from later duplicate keys.
    public static func bencode(_ bytes: UnsafeRawBufferPointer) {
        let lenient = Result { () throws(ParseError) in try BencodeDecoder(mode: .lenient).decode(bytes) }
        let strict = Result { () throws(ParseError) in try BencodeDecoder(mode: .strict).decode(bytes) }

        for case .failure(let error) in [lenient, strict] {
            invariant((0...bytes.count).contains(error.offset), "bencode error offset inside the input", "\(error)")
        }
        if case .success(let decoded) = lenient {
            for warning in decoded.warnings {
                invariant(tolerableBencodeCodes.contains(warning.code), "bencode warnings use tolerable codes only", "\(warning)")
                invariant((0..<bytes.count).contains(warning.offset), "bencode warning offset inside the input", "\(warning)")
            }
        }

        switch (strict, lenient) {
        case (.success(let s), .success(let l)):
            invariant(s.value == l.value, "strict and lenient decode to the same value")
            invariant(s.warnings.isEmpty && l.warnings.isEmpty, "strict acceptance means no deviation to warn about", "\(l.warnings)")
            invariant(BencodeEncoder.encode(s.value).elementsEqual(bytes), "encode(decode(x)) == x for input strict accepts")
        case (.success, .failure(let l)):
            invariant(false, "strict never accepts what lenient rejects", "\(l)")
        case (.failure(let s), .success(let l)):
            invariant(tolerableBencodeCodes.contains(s.code), "strict rejects lenient input only for a tolerable deviation", "\(s)")
            invariant(l.warnings.first.map { $0.code == s.code && $0.offset == s.offset } ?? false,
                      "strict's error is lenient's first warning", "strict \(s), lenient \(l.warnings)")
        case (.failure(let s), .failure(let l)):
            invariant(s == l || tolerableBencodeCodes.contains(s.code), "both modes reject with the same error unless strict stopped at a deviation", "strict \(s), lenient \(l)")
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
            invariant(again.value == withoutLaterDuplicates(decoded.value), "canonical re-encoding keeps every first entry")
            invariant(BencodeEncoder.encode(again.value) == canonical, "canonical encoding is a fixed point")
        } catch {
            invariant(false, "strict accepts the encoder's output", "\(error)")
        }
    }

    /// The same decode through ``ShiftedBytes`` must give the same outcome.
    private static func checkShiftedBencode(_ bytes: UnsafeRawBufferPointer, expected: Result<Decoded<BencodeValue>, ParseError>) {
        let shifted = ShiftedBytes(bytes)
        let outcome = Result { () throws(ParseError) in try BencodeDecoder(mode: .lenient).decode(shifted) }
        invariant(outcome == expected, "decoding does not depend on the collection's indices or storage")
        guard case .success(let decoded) = expected,
            let document = try? BencodeDecoder(mode: .lenient).document(shifted)
        else { return }
        // Zero-copy slices of a shifted collection must still name the right bytes.
        compare(document.root, decoded.value, in: shifted)
    }

    /// Lowering any limit may turn an acceptance into `depth_exceeded` or `limit_exceeded`, nothing else.
    private static func checkTighterLimits(_ bytes: UnsafeRawBufferPointer, expected: Result<Decoded<BencodeValue>, ParseError>) {
        let tight = BencodeLimits(maxDepth: 4, maxTokens: 24, maxIntegerDigits: 6)
        let outcome = Result { () throws(ParseError) in try BencodeDecoder(mode: .lenient, limits: tight).decode(bytes) }
        switch (outcome, expected) {
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

    /// Walks a document node and the tree value it must equal.
    private static func compare<Bytes: RandomAccessCollection<UInt8>>(_ node: BencodeNode<Bytes>, _ value: BencodeValue, in bytes: Bytes) {
        invariant(node.value == value, "document node builds the tree's value")
        invariant(node.offset >= 0 && node.offset < node.endOffset && node.endOffset <= bytes.count, "node range inside the input")
        switch value {
        case .integer(let i):
            invariant(node.kind == .integer && node.integer == i, "document integer equals the tree's")
        case .string(let s):
            invariant(node.kind == .string && node.stringBytes.map { $0.elementsEqual(s) } == true, "document string bytes equal the tree's")
            if let range = node.stringRange {
                invariant(range.upperBound == node.endOffset && range.lowerBound > node.offset, "string content inside the node")
            }
        case .list(let items):
            invariant(node.kind == .list && node.count == items.count, "document list has the tree's item count")
            for (child, item) in zip(node.children, items) { compare(child, item, in: bytes) }
        case .dictionary(let dict):
            let entries = node.entries
            invariant(node.kind == .dictionary && entries.count == dict.entries.count && node.count == dict.count,
                      "document dictionary has the tree's entry count")
            for (entry, treeEntry) in zip(entries, dict.entries) {
                invariant(entry.key.stringBytes.map { $0.elementsEqual(treeEntry.key) } == true, "document key equals the tree's")
                compare(entry.value, treeEntry.value, in: bytes)
                // Lookups find the first entry with a key, in both representations.
                invariant(node[treeEntry.key]?.value == dict[treeEntry.key], "document and tree look keys up alike (first wins)")
            }
        }
        // A node's encoded range is a value on its own, and decoding it gives the node's value.
        let start = bytes.index(bytes.startIndex, offsetBy: node.offset)
        let end = bytes.index(bytes.startIndex, offsetBy: node.endOffset)
        let standalone = try? BencodeDecoder(mode: .lenient).decode(bytes[start..<end])
        invariant(standalone?.value == value, "a node's encoded range decodes to the node's value")
    }

    /// The value with, in every dictionary, only the first entry of each key, sorted: what the
    /// canonical encoder writes.
    private static func withoutLaterDuplicates(_ value: BencodeValue) -> BencodeValue {
        switch value {
        case .integer, .string: return value
        case .list(let items): return .list(items.map(withoutLaterDuplicates))
        case .dictionary(let dict):
            var seen = Set<[UInt8]>()
            var entries: [BencodeDictionary.Entry] = []
            for entry in dict.entries where seen.insert(entry.key).inserted {
                entries.append(.init(key: entry.key, value: withoutLaterDuplicates(entry.value)))
            }
            entries.sort { $0.key.lexicographicallyPrecedes($1.key) }
            return .dictionary(BencodeDictionary(entries: entries))
        }
    }
}
