import Bencode
import WireCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A structure-aware mutator for the bencode-based targets (issue 9): it decodes the input as
/// bencode where it can, changes the tree the way PEX payloads go wrong, and encodes it again,
/// sometimes non-canonically. Inputs that are not bencode go to libFuzzer's byte mutation.
///
/// Tree mutations: an integer becomes a boundary value (0, -1, 1, 255, 256, 65535, 65536, the
/// `Int64` limits); a string grows or shrinks by a multiple of 6 or 18, plus or minus one (the
/// compact peer sizes), or becomes one or more compact peers; a dictionary loses, repeats,
/// reorders or swaps entries, or gains a known key of the target's format; a value is nested one
/// level deeper; a subtree of another input is spliced in (``crossOver(_:_:into:maxSize:seed:)``).
/// Encodings: canonical most of the time, else entries in tree order (unsorted), leading zeros,
/// or trailing bytes.
public struct BencodeMutator: Sendable {
    /// Key names of the target's format, inserted into dictionaries.
    public let keys: [[UInt8]]

    public init(keys: [String]) { self.keys = keys.map { Array($0.utf8) } }

    /// False when `PEXSPEC_CUSTOM_MUTATOR=0`: every call then goes straight to libFuzzer's own
    /// mutation, which is how `ci/fuzz --mutator off` measures the mutator against none.
    public static let isEnabled: Bool = {
        guard let value = getenv("PEXSPEC_CUSTOM_MUTATOR") else { return true }
        return String(cString: value) != "0"
    }()

    /// `LLVMFuzzerCustomMutator`'s body: mutates `data[0..<size]` in place, at most `maxSize`
    /// bytes, and returns the new size. `fallback` is `LLVMFuzzerMutate`.
    public func mutate(_ data: UnsafeMutablePointer<UInt8>, size: Int, maxSize: Int, seed: UInt32,
                       fallback: (UnsafeMutablePointer<UInt8>, Int, Int) -> Int) -> Int {
        guard Self.isEnabled else { return fallback(data, size, maxSize) }
        var random = MutationRandom(seed: UInt64(seed) | 1 << 40)
        let input = UnsafeBufferPointer(start: data, count: size)
        // One time in eight, or when the input is not bencode, mutate bytes: the tree mutations
        // cannot produce what does not parse.
        guard !random.chance(1, in: 8), var value = try? BencodeDecoder(mode: .lenient).decode(input).value else {
            return fallback(data, size, maxSize)
        }
        for _ in 0..<Int.random(in: 1...3, using: &random) { mutateOneNode(&value, random: &random) }
        return write(value, to: data, maxSize: maxSize, random: &random) ?? fallback(data, size, maxSize)
    }

    /// `LLVMFuzzerCustomCrossOver`'s body: a subtree of the second input spliced into the first.
    public func crossOver(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>,
                          into out: UnsafeMutablePointer<UInt8>, maxSize: Int, seed: UInt32) -> Int {
        var random = MutationRandom(seed: UInt64(seed) | 2 << 40)
        guard Self.isEnabled,
            var value = try? BencodeDecoder(mode: .lenient).decode(first).value,
            let donor = try? BencodeDecoder(mode: .lenient).decode(second).value
        else {
            // Not bencode: the first input's head and the second's tail.
            let cut = first.isEmpty ? 0 : Int.random(in: 0...first.count, using: &random)
            let tail = second.isEmpty ? 0 : Int.random(in: 0...second.count, using: &random)
            let bytes = Array(first.prefix(cut)) + Array(second.suffix(tail))
            let n = min(bytes.count, maxSize)
            for i in 0..<n { out[i] = bytes[i] }
            return n
        }
        let subtrees = Self.nodes(of: donor)
        let graft = subtrees[Int.random(in: 0..<subtrees.count, using: &random)]
        var target = Int.random(in: 0..<Self.nodeCount(value), using: &random)
        Self.replace(&value, at: &target, with: graft)
        return write(value, to: out, maxSize: maxSize, random: &random) ?? 0
    }

    // MARK: Tree mutations

    static let boundaryIntegers: [Int64] = [0, -1, 1, 255, 256, 65535, 65536, 6881, .max, .min, Int64(Int32.max), -65536]

    private func mutateOneNode(_ value: inout BencodeValue, random: inout MutationRandom) {
        var index = Int.random(in: 0..<Self.nodeCount(value), using: &random)
        Self.visit(&value, at: &index) { node in mutate(&node, random: &random) }
    }

    private func mutate(_ node: inout BencodeValue, random: inout MutationRandom) {
        if random.chance(1, in: 10) {
            // One level deeper: in a list, or under a known key.
            node = random.chance(1, in: 2) ? .list([node]) : .dictionary(BencodeDictionary(entries: [.init(key: randomKey(&random), value: node)]))
            return
        }
        switch node {
        case .integer(let i):
            let pick = Self.boundaryIntegers[Int.random(in: 0..<Self.boundaryIntegers.count, using: &random)]
            node = .integer(random.chance(1, in: 4) ? i &+ (random.chance(1, in: 2) ? 1 : -1) : pick)
        case .string(var bytes):
            if random.chance(1, in: 4) {
                node = .string(Self.compactPeers(count: Int.random(in: 0...4, using: &random), size: random.chance(1, in: 2) ? 6 : 18, random: &random))
                return
            }
            let unit = random.chance(1, in: 2) ? 6 : 18
            let delta = unit * Int.random(in: 0...3, using: &random) + Int.random(in: -1...1, using: &random)
            if random.chance(1, in: 2) {
                bytes.removeLast(min(bytes.count, max(0, delta)))
            } else {
                bytes += (0..<max(0, delta)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            node = .string(bytes)
        case .list(var items):
            switch Int.random(in: 0..<4, using: &random) {
            case 0 where !items.isEmpty: items.remove(at: Int.random(in: 0..<items.count, using: &random))
            case 1 where !items.isEmpty: items.append(items[Int.random(in: 0..<items.count, using: &random)])
            case 2 where items.count > 1: items.swapAt(Int.random(in: 0..<items.count, using: &random), Int.random(in: 0..<items.count, using: &random))
            default: items.append(randomValue(&random))
            }
            node = .list(items)
        case .dictionary(var dict):
            var entries = dict.entries
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !entries.isEmpty: entries.remove(at: Int.random(in: 0..<entries.count, using: &random))
            case 1 where !entries.isEmpty:
                let i = Int.random(in: 0..<entries.count, using: &random)
                entries.insert(entries[i], at: i)
            case 2: entries.shuffle(using: &random)
            case 3 where entries.count > 1:
                let a = Int.random(in: 0..<entries.count, using: &random), b = Int.random(in: 0..<entries.count, using: &random)
                (entries[a].value, entries[b].value) = (entries[b].value, entries[a].value)
            case 4 where !entries.isEmpty: entries[Int.random(in: 0..<entries.count, using: &random)].key = randomKey(&random)
            default: entries.append(.init(key: randomKey(&random), value: randomValue(&random)))
            }
            dict.entries = entries
            node = .dictionary(dict)
        }
    }

    private func randomKey(_ random: inout MutationRandom) -> [UInt8] {
        keys.isEmpty ? [UInt8(ascii: "a")] : keys[Int.random(in: 0..<keys.count, using: &random)]
    }

    private func randomValue(_ random: inout MutationRandom) -> BencodeValue {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return .integer(Self.boundaryIntegers[Int.random(in: 0..<Self.boundaryIntegers.count, using: &random)])
        case 1: return .string(Self.compactPeers(count: Int.random(in: 1...3, using: &random), size: 6, random: &random))
        case 2: return .string(Self.compactPeers(count: 1, size: 18, random: &random))
        case 3: return .list([])
        default: return .dictionary(BencodeDictionary())
        }
    }

    static func compactPeers(count: Int, size: Int, random: inout MutationRandom) -> [UInt8] {
        (0..<count * size).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    // MARK: Walking the tree in pre-order

    static func nodeCount(_ value: BencodeValue) -> Int {
        switch value {
        case .integer, .string: return 1
        case .list(let items): return items.reduce(1) { $0 + nodeCount($1) }
        case .dictionary(let dict): return dict.entries.reduce(1) { $0 + nodeCount($1.value) }
        }
    }

    static func nodes(of value: BencodeValue) -> [BencodeValue] {
        switch value {
        case .integer, .string: return [value]
        case .list(let items): return [value] + items.flatMap { nodes(of: $0) }
        case .dictionary(let dict): return [value] + dict.entries.flatMap { nodes(of: $0.value) }
        }
    }

    /// Calls `body` on the node `index` steps into a pre-order walk; `index` counts down.
    static func visit(_ value: inout BencodeValue, at index: inout Int, _ body: (inout BencodeValue) -> Void) {
        if index == 0 { body(&value); index = -1; return }
        index -= 1
        switch value {
        case .integer, .string: return
        case .list(var items):
            for i in items.indices where index >= 0 { visit(&items[i], at: &index, body) }
            value = .list(items)
        case .dictionary(var dict):
            for i in dict.entries.indices where index >= 0 { visit(&dict.entries[i].value, at: &index, body) }
            value = .dictionary(dict)
        }
    }

    static func replace(_ value: inout BencodeValue, at index: inout Int, with graft: BencodeValue) {
        visit(&value, at: &index) { $0 = graft }
    }

    // MARK: Encoding

    /// Writes `value` into `out`: canonical three times in four, else with one deviation. nil when
    /// it does not fit `maxSize`.
    private func write(_ value: BencodeValue, to out: UnsafeMutablePointer<UInt8>, maxSize: Int, random: inout MutationRandom) -> Int? {
        var bytes: [UInt8]
        if random.chance(3, in: 4) {
            bytes = BencodeEncoder.encode(value)
        } else {
            bytes = []
            Self.writeInTreeOrder(value, to: &bytes, leadingZeros: random.chance(1, in: 3), random: &random)
            if random.chance(1, in: 3) { bytes += [UInt8(ascii: "i"), UInt8(ascii: "0"), UInt8(ascii: "e")] }
        }
        guard bytes.count <= maxSize else { return nil }
        for i in bytes.indices { out[i] = bytes[i] }
        return bytes.count
    }

    /// Bencode with dictionary entries in the tree's order (unsorted, duplicates kept) and, when
    /// `leadingZeros`, a leading zero on some integers and lengths.
    static func writeInTreeOrder(_ value: BencodeValue, to out: inout [UInt8], leadingZeros: Bool, random: inout MutationRandom) {
        func number(_ text: String) {
            if leadingZeros && random.chance(1, in: 4) { out.append(UInt8(ascii: "0")) }
            out += Array(text.utf8)
        }
        func string(_ bytes: [UInt8]) {
            number(String(bytes.count))
            out.append(UInt8(ascii: ":"))
            out += bytes
        }
        switch value {
        case .integer(let i):
            out.append(UInt8(ascii: "i"))
            if i < 0 { out += Array(String(i).utf8) } else { number(String(i)) }
            out.append(UInt8(ascii: "e"))
        case .string(let bytes):
            string(bytes)
        case .list(let items):
            out.append(UInt8(ascii: "l"))
            for item in items { writeInTreeOrder(item, to: &out, leadingZeros: leadingZeros, random: &random) }
            out.append(UInt8(ascii: "e"))
        case .dictionary(let dict):
            out.append(UInt8(ascii: "d"))
            for entry in dict.entries {
                string(entry.key)
                writeInTreeOrder(entry.value, to: &out, leadingZeros: leadingZeros, random: &random)
            }
            out.append(UInt8(ascii: "e"))
        }
    }
}
