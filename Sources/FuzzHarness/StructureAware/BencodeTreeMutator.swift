import Bencode
import WireCore

/// Mutates bencode as a tree: decodes the input leniently, changes one node (``BencodeMutation``),
/// and encodes the result, canonically or not (``BencodeEncodingStyle``).
///
/// Shared by the bencode-based fuzz targets; each passes its ``BencodeFormat`` so that inserted
/// keys are ones its decoder reads, with values of the right shape.
public struct BencodeTreeMutator: StructureAwareMutator {
    /// One mutated input and how it was made.
    public struct Output: Sendable, Hashable {
        public var bytes: [UInt8]
        public var mutation: BencodeMutation
        public var style: BencodeEncodingStyle
    }

    public let format: BencodeFormat
    /// The decoder that reads inputs: lenient, so non-canonical inputs still mutate as trees.
    public let decoder: BencodeDecoder
    /// How many mutations are tried before giving up on an input whose results exceed `maxSize`.
    public var attempts = 6

    /// The mutations ``mutated(_:maxSize:using:)`` chooses from: all but the splice,
    /// which needs a second input.
    public static let singleInputMutations = BencodeMutation.allCases.filter { $0 != .spliceSubtree }

    public init(format: BencodeFormat, limits: BencodeLimits = .default) {
        self.format = format
        self.decoder = BencodeDecoder(mode: .lenient, limits: limits)
    }

    // MARK: StructureAwareMutator

    public func mutate(_ input: UnsafeRawBufferPointer, maxSize: Int, using generator: inout SeededGenerator) -> [UInt8]? {
        mutated(input, maxSize: maxSize, using: &generator)?.bytes
    }

    public func crossOver(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, maxSize: Int, using generator: inout SeededGenerator) -> [UInt8]? {
        crossedOver(first, second, maxSize: maxSize, using: &generator)?.bytes
    }

    // MARK: Mutation

    /// One mutation of `input`, different from it, or nil when it does not decode as bencode or
    /// every attempt came out larger than `maxSize` or equal to the input.
    public func mutated(_ input: some RandomAccessCollection<UInt8>, maxSize: Int, using generator: inout SeededGenerator) -> Output? {
        guard let tree = try? decoder.decode(input).value else { return nil }
        for _ in 0..<attempts {
            var value = tree
            guard let mutation = applyRandomMutation(to: &value, using: &generator) else { return nil }
            let style = Self.randomStyle(using: &generator)
            let bytes = encode(value, style: style, using: &generator)
            // Canonical encoding undoes a reordering or a duplicated key: try again rather than return the input.
            if bytes.count <= maxSize && !bytes.elementsEqual(input) { return Output(bytes: bytes, mutation: mutation, style: style) }
        }
        return nil
    }

    /// A subtree of `second` spliced into `first`, or nil when either does not decode.
    public func crossedOver(_ first: some RandomAccessCollection<UInt8>, _ second: some RandomAccessCollection<UInt8>, maxSize: Int, using generator: inout SeededGenerator) -> Output? {
        guard let a = try? decoder.decode(first).value, let b = try? decoder.decode(second).value else { return nil }
        for _ in 0..<attempts {
            var value = a
            splice(from: b, into: &value, using: &generator)
            let style = Self.randomStyle(using: &generator)
            let bytes = encode(value, style: style, using: &generator)
            if bytes.count <= maxSize { return Output(bytes: bytes, mutation: .spliceSubtree, style: style) }
        }
        return nil
    }

    /// Applies a mutation chosen at random among those that apply to `value`.
    func applyRandomMutation(to value: inout BencodeValue, using generator: inout SeededGenerator) -> BencodeMutation? {
        var candidates = Self.singleInputMutations
        while !candidates.isEmpty {
            let mutation = candidates.remove(at: Int.random(in: 0..<candidates.count, using: &generator))
            if apply(mutation, to: &value, using: &generator) { return mutation }
        }
        return nil
    }

    /// Applies `mutation` to a node of `value` chosen at random; false when no node suits it (no
    /// integer to change, no dictionary to insert into, ...).
    public func apply(_ mutation: BencodeMutation, to value: inout BencodeValue, using generator: inout SeededGenerator) -> Bool {
        let paths = value.nodePaths()
        func pick(_ suits: (BencodeValue) -> Bool) -> [Int]? {
            paths.filter { value.node(at: $0).map(suits) ?? false }.randomElement(using: &generator)
        }
        switch mutation {
        case .boundaryInteger:
            guard let path = pick({ $0.integer != nil }) else { return false }
            let current = value.node(at: path)?.integer
            let choices = BencodeFormat.boundaryIntegers.filter { $0 != current }
            let replacement = choices.randomElement(using: &generator) ?? 0
            value.modify(at: path[...]) { $0 = .integer(replacement) }
        case .resizeString:
            guard let path = pick({ $0.bytes != nil }) else { return false }
            let unit = Bool.random(using: &generator) ? 6 : 18
            let amount = max(1, abs(unit * Int.random(in: 0...3, using: &generator) + Int.random(in: -1...1, using: &generator)))
            let grow = Bool.random(using: &generator)
            let repeatOwnBytes = Bool.random(using: &generator)
            let random = BencodeFormat.randomBytes(amount, using: &generator)
            value.modify(at: path[...]) { node in
                guard var bytes = node.bytes else { return }
                if grow {
                    // Repeating the string's own bytes keeps grown peer lists plausible.
                    bytes += repeatOwnBytes && !bytes.isEmpty ? (0..<amount).map { bytes[$0 % bytes.count] } : random
                } else {
                    bytes.removeLast(min(bytes.count, amount))
                }
                node = .string(bytes)
            }
        case .swapEntries:
            guard let path = pick({ ($0.dictionary?.count ?? 0) >= 2 }) else { return false }
            value.modify(at: path[...]) { node in
                guard case .dictionary(var dict) = node else { return }
                let i = Int.random(in: 0..<dict.count, using: &generator)
                var j = Int.random(in: 0..<(dict.count - 1), using: &generator)
                if j >= i { j += 1 }
                let held = dict.entries[i].value
                dict.entries[i].value = dict.entries[j].value
                dict.entries[j].value = held
                node = .dictionary(dict)
            }
        case .duplicateEntry, .dropEntry:
            guard let path = pick({ ($0.dictionary?.count ?? $0.list?.count ?? 0) >= 1 }) else { return false }
            let duplicate = mutation == .duplicateEntry
            value.modify(at: path[...]) { node in
                switch node {
                case .dictionary(var dict):
                    let i = Int.random(in: 0..<dict.count, using: &generator)
                    if duplicate {
                        dict.entries.insert(dict.entries[i], at: Int.random(in: 0...dict.count, using: &generator))
                    } else {
                        dict.entries.remove(at: i)
                    }
                    node = .dictionary(dict)
                case .list(var items):
                    let i = Int.random(in: 0..<items.count, using: &generator)
                    if duplicate { items.insert(items[i], at: Int.random(in: 0...items.count, using: &generator)) } else { items.remove(at: i) }
                    node = .list(items)
                case .integer, .string:
                    break
                }
            }
        case .reorderKeys:
            guard let path = pick({ ($0.dictionary?.count ?? 0) >= 2 }) else { return false }
            value.modify(at: path[...]) { node in
                guard case .dictionary(var dict) = node else { return }
                let before = dict.entries
                if Bool.random(using: &generator) { dict.entries.reverse() } else { dict.entries.shuffle(using: &generator) }
                // A shuffle may give the same order back; a rotation never does with two or more entries.
                if dict.entries == before { dict.entries = Array(before.dropFirst() + before.prefix(1)) }
                node = .dictionary(dict)
            }
        case .insertKnownKey:
            guard !format.keys.isEmpty else { return false }
            // The root is where every target's keys live; nested dictionaries get a share too.
            let path = (value.dictionary != nil && Bool.random(using: &generator)) ? [] : pick({ $0.dictionary != nil })
            guard let path, let key = format.keys.randomElement(using: &generator) else { return false }
            value.modify(at: path[...]) { node in
                guard case .dictionary(var dict) = node else { return }
                let keyBytes = Array(key.name.utf8)
                let newValue = format.value(for: key, siblings: dict, using: &generator)
                if let i = dict.entries.firstIndex(where: { $0.key == keyBytes }) {
                    dict.entries[i].value = newValue
                } else {
                    dict.entries.insert(.init(key: keyBytes, value: newValue), at: Int.random(in: 0...dict.count, using: &generator))
                }
                node = .dictionary(dict)
            }
        case .nestDeeper:
            guard let path = paths.randomElement(using: &generator) else { return false }
            let key = Array((format.keys.randomElement(using: &generator)?.name ?? "a").utf8)
            let inList = Bool.random(using: &generator)
            value.modify(at: path[...]) { node in
                node = inList ? .list([node]) : .dictionary(BencodeDictionary(entries: [.init(key: key, value: node)]))
            }
        case .spliceSubtree:
            return false
        }
        return true
    }

    /// Puts a random subtree of `donor` into `value`: in place of a random node, or as a new entry
    /// of a dictionary (under the key it had in `donor` when it had one) or item of a list.
    func splice(from donor: BencodeValue, into value: inout BencodeValue, using generator: inout SeededGenerator) {
        let donorPaths = donor.nodePaths()
        guard let donorPath = donorPaths.randomElement(using: &generator), let subtree = donor.node(at: donorPath) else { return }
        let key = donor.entryKey(at: donorPath) ?? Array((format.keys.randomElement(using: &generator)?.name ?? "a").utf8)
        guard let path = value.nodePaths().randomElement(using: &generator) else { return }
        let replace = Bool.random(using: &generator)
        value.modify(at: path[...]) { node in
            switch node {
            case .dictionary(var dict) where !replace:
                if let i = dict.entries.firstIndex(where: { $0.key == key }) {
                    dict.entries[i].value = subtree
                } else {
                    dict.entries.insert(.init(key: key, value: subtree), at: Int.random(in: 0...dict.count, using: &generator))
                }
                node = .dictionary(dict)
            case .list(var items) where !replace:
                items.insert(subtree, at: Int.random(in: 0...items.count, using: &generator))
                node = .list(items)
            default:
                node = subtree
            }
        }
    }

    // MARK: Encoding

    /// Canonical two times in five; the non-canonical styles share the rest.
    static func randomStyle(using generator: inout SeededGenerator) -> BencodeEncodingStyle {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0..<4: return .canonical
        case 4..<7: return .wireOrder
        case 7..<9: return .leadingZeros
        default: return .trailingBytes
        }
    }

    /// `value` written in `style`.
    public func encode(_ value: BencodeValue, style: BencodeEncodingStyle, using generator: inout SeededGenerator) -> [UInt8] {
        var writer = NonCanonicalBencodeWriter()
        switch style {
        case .canonical:
            return BencodeEncoder.encode(value)
        case .wireOrder:
            break
        case .leadingZeros:
            writer.leadingZeros = true
        case .trailingBytes:
            let tails: [[UInt8]] = [[0x65], [0x00], Array("i1e".utf8), Array("0:".utf8), Array("de".utf8)]
            writer.trailing = tails.randomElement(using: &generator) ?? [0x65]
        }
        return writer.write(value, using: &generator)
    }
}
