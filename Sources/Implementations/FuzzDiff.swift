import Bencode
import Conformance
import Foundation
import FuzzHarness
import WireCore
import WireDecode
import WireJSON

/// One side of a differential run: this project's codecs in process, or a harness.
public enum DiffSide {
    case reference
    case harness(ImplementationClient)

    var label: String {
        switch self {
        case .reference: return "pexspec (in process)"
        case .harness(let client): return client.capabilities?.label ?? client.command
        }
    }

    func capabilities() throws(ImplementationFault) -> ImplementationCapabilities {
        switch self {
        case .reference: return ReferenceImplementation(version: "in process").capabilities
        case .harness(let client): return try client.start()
        }
    }

    /// The outcome, or the fault of a harness (then restarted by the next call).
    func decode(_ kind: DecodeKind, _ bytes: [UInt8], strict: Bool) -> Result<DecodeOutcome, ImplementationFault> {
        switch self {
        case .reference: return .success(WireDecoder.decode(kind, bytes, mode: strict ? .strict : .lenient))
        case .harness(let client):
            do {
                return .success(try client.decode(kind, bytes, strict: strict))
            } catch {
                return .failure(error)
            }
        }
    }
}

/// Differential fuzzing through the implementation protocol (`pexspec fuzz-diff`): the seed
/// corpora and seeded mutations of them (``BencodeTreeMutator`` and byte edits) go to both
/// sides, in every mode both have; the outcomes are compared as far as both sides report
/// (verdicts and values always; error codes and offsets when both use this project's codes;
/// warnings when both report them). Disagreements are grouped into classes, one example per
/// class shrunk to a minimal input.
public struct FuzzDiff {
    public struct Configuration: Sendable {
        public var seed: UInt64 = 1
        /// Stop after this many inputs (each decoded by both sides in each mode).
        public var maxInputs: Int = 10_000
        /// Stop after this many seconds.
        public var maxSeconds: Double = 60
        /// Inputs longer than this are not generated.
        public var maxSize: Int = 4_096
        /// Decodes one class's example may cost while it is shrunk.
        public var shrinkBudget: Int = 400
        /// The kinds to fuzz (nil: every kind both sides decode that has a corpus).
        public var kinds: Set<DecodeKind>?

        public init() {}
    }

    /// One disagreement class: what differs, how often, and a shrunk example.
    public struct DisagreementClass: Sendable {
        public var key: String
        public var kind: DecodeKind
        public var strict: Bool
        public var count: Int
        public var example: [UInt8]
        public var left: String
        public var right: String
        /// Where the example's values first differ, for a value difference.
        public var path: String?
    }

    public struct Summary: Sendable {
        public var left: String
        public var right: String
        public var seed: UInt64
        public var inputs: Int
        public var comparisons: Int
        public var seconds: Double
        public var classes: [DisagreementClass]
        public var faults: Int
    }

    public let left: DiffSide
    public let right: DiffSide
    public let configuration: Configuration
    /// The seed inputs of each kind.
    public let corpus: [DecodeKind: [[UInt8]]]

    public init(left: DiffSide, right: DiffSide, corpus: [DecodeKind: [[UInt8]]], configuration: Configuration) {
        self.left = left
        self.right = right
        self.corpus = corpus
        self.configuration = configuration
    }

    /// The corpora under `folder` (the fuzz targets' `Corpus/`), by the kind each target decodes;
    /// the bencoded payload corpora count as `bencode` inputs too.
    public static func corpus(folder: String) -> [DecodeKind: [[UInt8]]] {
        let targets: [(String, [DecodeKind])] = [
            ("FuzzBencode", [.bencode]), ("FuzzUTPex", [.utPex, .bencode]), ("FuzzExtendedHandshake", [.extHandshake, .bencode]),
            ("FuzzAzureusPex", [.azPex, .bencode]), ("FuzzHandshake", [.handshake]),
        ]
        var out: [DecodeKind: [[UInt8]]] = [:]
        for (target, kinds) in targets {
            let path = (folder as NSString).appendingPathComponent(target)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            for name in names {
                guard let data = FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(name)), data.count <= 1 << 20 else { continue }
                for kind in kinds { out[kind, default: []].append(Array(data)) }
            }
        }
        return out
    }

    public func run() throws(ImplementationFault) -> Summary {
        let started = Date()
        let a = try left.capabilities()
        let b = try right.capabilities()
        let judgement = OutcomeJudgement(errorCodes: a.codes != .own && b.codes != .own, warnings: a.warnings && b.warnings)
        let kinds = corpus.keys.filter { a.kinds.contains($0) && b.kinds.contains($0) && (configuration.kinds?.contains($0) ?? true) }
            .sorted { $0.rawValue < $1.rawValue }
        let modes = [false, true].filter { strict in strict ? (a.strict && b.strict) : (a.lenient && b.lenient) }
        var generator = SeededGenerator(seed: configuration.seed)
        var classes: [String: DisagreementClass] = [:]
        var order: [String] = []
        var inputs = 0, comparisons = 0, faults = 0
        guard !kinds.isEmpty, !modes.isEmpty else {
            return Summary(left: left.label, right: right.label, seed: configuration.seed, inputs: 0, comparisons: 0, seconds: 0, classes: [], faults: 0)
        }
        // Every seed first, then mutations of seeds picked at random, kinds in turn.
        var queue: [(DecodeKind, [UInt8])] = kinds.flatMap { kind in (corpus[kind] ?? []).map { (kind, $0) } }
        while inputs < configuration.maxInputs && Date().timeIntervalSince(started) < configuration.maxSeconds {
            let (kind, input): (DecodeKind, [UInt8])
            if !queue.isEmpty {
                (kind, input) = queue.removeFirst()
            } else {
                let k = kinds[Int(generator.next() % UInt64(kinds.count))]
                let seeds = corpus[k] ?? []
                guard !seeds.isEmpty else { continue }
                kind = k
                input = mutate(seeds[Int(generator.next() % UInt64(seeds.count))], kind: k, seeds: seeds, using: &generator)
            }
            inputs += 1
            for strict in modes {
                comparisons += 1
                guard let (key, l, r) = compare(kind, input, strict: strict, judgement: judgement) else { continue }
                let isFault = key.contains(": fault of ")
                if isFault { faults += 1 }
                if var known = classes[key] {
                    known.count += 1
                    classes[key] = known
                } else {
                    // A fault is not shrunk: each try of a hang costs the whole deadline.
                    let example = isFault ? input : shrink(input, kind: kind, strict: strict, key: key, judgement: judgement)
                    let (_, el, er) = isFault ? (key, l, r) : compare(kind, example, strict: strict, judgement: judgement) ?? (key, l, r)
                    classes[key] = DisagreementClass(
                        key: key, kind: kind, strict: strict, count: 1, example: example, left: el, right: er,
                        path: valuePath(kind, example, strict: strict))
                    order.append(key)
                }
            }
        }
        return Summary(
            left: left.label, right: right.label, seed: configuration.seed, inputs: inputs, comparisons: comparisons,
            seconds: Date().timeIntervalSince(started), classes: order.compactMap { classes[$0] }, faults: faults)
    }

    /// nil when both sides agree (as far as `judgement` compares); else the class key and both outcomes as text.
    func compare(_ kind: DecodeKind, _ input: [UInt8], strict: Bool, judgement: OutcomeJudgement) -> (String, String, String)? {
        let mode = "\(kind.rawValue) \(strict ? "strict" : "lenient")"
        let l = left.decode(kind, input, strict: strict)
        let r = right.decode(kind, input, strict: strict)
        switch (l, r) {
        case (.failure(let fault), _): return ("\(mode): fault of \(left.label): \(fault.code.rawValue)", fault.description, "")
        case (_, .failure(let fault)): return ("\(mode): fault of \(right.label): \(fault.code.rawValue)", "", fault.description)
        case (.success(let lo), .success(let ro)):
            if ExpectedOutcome(lo).isMet(by: ro, judging: judgement) && ExpectedOutcome(ro).isMet(by: lo, judging: judgement) { return nil }
            return ("\(mode): " + Self.classify(lo, ro, judgement: judgement), LogText.outcome(lo), LogText.outcome(ro))
        }
    }

    /// Where the two sides' values of `input` first differ, when both decode it.
    func valuePath(_ kind: DecodeKind, _ input: [UInt8], strict: Bool) -> String? {
        guard case .success(let l) = left.decode(kind, input, strict: strict), case .success(let r) = right.decode(kind, input, strict: strict),
            case .success(let a) = l.result, case .success(let b) = r.result, a.value != b.value
        else { return nil }
        return Self.firstDifference(a.value, b.value).path
    }

    /// A name for how two outcomes differ, general enough that one cause gives one class.
    static func classify(_ l: DecodeOutcome, _ r: DecodeOutcome, judgement: OutcomeJudgement) -> String {
        switch (l.result, r.result) {
        case (.success(let a), .failure(let e)):
            return "left accepts\(warningText(a.warnings, judgement)), right rejects (\(e.code.rawValue))"
        case (.failure(let e), .success(let b)):
            return "left rejects (\(e.code.rawValue)), right accepts\(warningText(b.warnings, judgement))"
        case (.failure(let x), .failure(let y)):
            return x.code == y.code ? "same error \(x.code.rawValue), other offset" : "left rejects (\(x.code.rawValue)), right rejects (\(y.code.rawValue))"
        case (.success(let a), .success(let b)):
            if a.value != b.value { return "values differ: \(firstDifference(a.value, b.value).how)" }
            return "warnings differ: left [\(Set(a.warnings.map(\.code.rawValue)).sorted().joined(separator: ","))], right [\(Set(b.warnings.map(\.code.rawValue)).sorted().joined(separator: ","))]"
        }
    }

    private static func warningText(_ warnings: [ParseWarning], _ judgement: OutcomeJudgement) -> String {
        guard judgement.warnings, !warnings.isEmpty else { return "" }
        return " with " + Set(warnings.map(\.code.rawValue)).sorted().joined(separator: ",")
    }

    /// Where two values first differ (array indices written `[]`) and how, in words that do not
    /// name the place: the class is the how, the path is shown with the example.
    static func firstDifference(_ a: JSONValue, _ b: JSONValue, path: String = "$") -> (path: String, how: String) {
        switch (a, b) {
        case (.object(let x), .object(let y)) where typeName(a) == "object" && typeName(b) == "object":
            for (key, value) in x {
                guard let other = b[key] else { return ("\(path).\(key)", "a member missing on the right") }
                if value != other { return firstDifference(value, other, path: "\(path).\(key)") }
            }
            if let extra = y.first(where: { a[$0.0] == nil }) { return ("\(path).\(extra.0)", "a member missing on the left") }
            return (path, "member order")
        case (.array(let x), .array(let y)):
            if x.count != y.count { return (path, "lists of other lengths (\(x.count < y.count ? "left" : "right") shorter)") }
            for (p, q) in zip(x, y) where p != q { return firstDifference(p, q, path: path + "[]") }
            return (path, "list order")
        case (.integer(let x), .integer(let y)):
            return (path, x == 0 || y == 0 ? "an integer read as 0 on the \(x == 0 ? "left" : "right")" : "other integers")
        default:
            return (path, "\(typeName(a)) vs \(typeName(b))")
        }
    }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "bool"
        case .integer, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object(let members): return members.count == 1 && members[0].0 == "hex" ? "hex bytes" : "object"
        }
    }

    /// A mutation of `input`: a tree mutation when it is bencode (half the time), else byte edits.
    func mutate(_ input: [UInt8], kind: DecodeKind, seeds: [[UInt8]], using generator: inout SeededGenerator) -> [UInt8] {
        let bencoded: [DecodeKind] = [.bencode, .utPex, .extHandshake, .azPex]
        if bencoded.contains(kind), generator.next() % 2 == 0 {
            let mutator = BencodeTreeMutator(format: kind == .extHandshake ? .extendedHandshake : kind == .azPex ? .azureusPeerExchange : .utPex)
            let output: BencodeTreeMutator.Output?
            if generator.next() % 5 == 0, let other = seeds.randomElement(using: &generator) {
                output = mutator.crossedOver(input, other, maxSize: configuration.maxSize, using: &generator)
            } else {
                output = mutator.mutated(input, maxSize: configuration.maxSize, using: &generator)
            }
            if let output { return output.bytes }
        }
        var bytes = input
        let tokens: [[UInt8]] = [Array("i".utf8), Array("e".utf8), Array("0:".utf8), Array("-".utf8), Array("d".utf8), Array("l".utf8), Array("i-0e".utf8), Array("+".utf8), [0], [0xff]]
        for _ in 0...(generator.next() % 3) {
            let at = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count + 1))
            switch generator.next() % 5 {
            case 0 where !bytes.isEmpty && at < bytes.count: bytes[at] ^= UInt8(truncatingIfNeeded: 1 << (generator.next() % 8))
            case 1: bytes.insert(contentsOf: tokens[Int(generator.next() % UInt64(tokens.count))], at: at)
            case 2 where at < bytes.count: bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(generator.next() % 4)))
            case 3: bytes = Array(bytes.prefix(at))
            default:
                if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: generator.next()) }
            }
        }
        return Array(bytes.prefix(configuration.maxSize))
    }

    /// A smaller input in the same class: chunks removed while the class stays, then single bytes
    /// lowered toward '0', within the shrink budget.
    func shrink(_ input: [UInt8], kind: DecodeKind, strict: Bool, key: String, judgement: OutcomeJudgement) -> [UInt8] {
        var best = input
        var budget = configuration.shrinkBudget
        func holds(_ candidate: [UInt8]) -> Bool {
            budget -= 1
            return compare(kind, candidate, strict: strict, judgement: judgement)?.0 == key
        }
        var chunk = max(1, best.count / 2)
        while chunk >= 1 && budget > 0 {
            var start = 0
            var removed = false
            while start < best.count && budget > 0 {
                var candidate = best
                candidate.removeSubrange(start..<min(best.count, start + chunk))
                if holds(candidate) {
                    best = candidate
                    removed = true
                } else {
                    start += chunk
                }
            }
            if !removed { chunk /= 2 }
        }
        return best
    }
}

extension FuzzDiff.Summary {
    /// Counts, then each class with its count and shrunk example.
    public var text: String {
        var out = "fuzz-diff: \(left) (left) vs \(right) (right), seed \(seed)\n"
        out += "\(inputs) inputs, \(comparisons) comparisons in \(String(format: "%.1f", seconds)) s; \(classes.count) disagreement classes"
        out += faults > 0 ? ", \(faults) harness faults\n" : "\n"
        for (n, found) in classes.sorted(by: { $0.count > $1.count }).enumerated() {
            out += "\n[\(n + 1)] \(found.key)  (\(found.count) input\(found.count == 1 ? "" : "s"))\n"
            out += "    minimal input (\(found.example.count) bytes): \(Self.printable(found.example))  hex \(LogText.hex(found.example))\n"
            if let at = found.path { out += "    first difference at \(at)\n" }
            out += "     left: \(found.left)\n    right: \(found.right)\n"
        }
        return out
    }

    public var json: JSONValue {
        [
            "left": .string(left), "right": .string(right), "seed": .integer(Int64(bitPattern: seed)), "inputs": .integer(Int64(inputs)),
            "comparisons": .integer(Int64(comparisons)), "seconds": .double(seconds), "faults": .integer(Int64(faults)),
            "classes": .array(
                classes.map {
                    [
                        "class": .string($0.key), "kind": .string($0.kind.rawValue), "mode": .string($0.strict ? "strict" : "lenient"),
                        "count": .integer(Int64($0.count)), "example_hex": .string(Hex.encode($0.example)), "left": .string($0.left), "right": .string($0.right),
                    ]
                }),
        ]
    }

    /// The bytes as text with non-printing bytes escaped (`d1:ai03ee`, `\xff`).
    public static func printable(_ bytes: [UInt8]) -> String {
        let shown = bytes.prefix(96).map { byte -> String in
            (0x20..<0x7f).contains(byte) && byte != UInt8(ascii: "\\") ? String(UnicodeScalar(byte)) : String(format: "\\x%02x", byte)
        }.joined()
        return shown + (bytes.count > 96 ? "…" : "")
    }
}
