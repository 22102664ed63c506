import Bencode
import WireCore

/// `pexspec-bench fingerprint FILE...`: a canonical dump of everything the bencode decoder makes
/// of each file (errors with code and offset, warnings, every node of the document, lookups,
/// the value tree) under several modes and limits. Two builds that print the same fingerprints
/// behave the same: this is how an optimisation of `Sources/Bencode` is checked against the
/// build before it over a corpus of valid and mutated inputs.
enum Fingerprint {
    static let configurations: [(name: String, decoder: BencodeDecoder, prefix: Bool)] = [
        ("lenient", BencodeDecoder(mode: .lenient), false),
        ("strict", BencodeDecoder(mode: .strict), false),
        ("prefix", BencodeDecoder(mode: .lenient), true),
        ("tight", BencodeDecoder(mode: .lenient, limits: BencodeLimits(maxDepth: 4, maxTokens: 16, maxIntegerDigits: 4)), false),
        ("depth0", BencodeDecoder(mode: .strict, limits: BencodeLimits(maxDepth: 0)), false),
    ]

    static func lines(for bytes: [UInt8]) -> [String] {
        configurations.map { configuration in
            let document: BencodeDocument<[UInt8]>
            do throws(ParseError) {
                if configuration.prefix {
                    document = try configuration.decoder.documentPrefix(bytes)
                } else {
                    document = try configuration.decoder.document(bytes)
                }
            } catch {
                return "\(configuration.name) error \(error.code)@\(error.offset)"
            }
            var out = "\(configuration.name) end=\(document.end) tokens=\(document.tokenCount)"
            out += " warnings=\(document.warnings.map { "\($0.code)@\($0.offset)" })"
            out += " nodes=" + describe(document.root)
            if !configuration.prefix {
                do throws(ParseError) {
                    let tree = try configuration.decoder.decode(bytes)
                    out += " tree=\(Hex.encode(BencodeEncoder.encode(tree.value))) same=\(tree.value == document.root.value)"
                    out += " tree-warnings=\(tree.warnings.map { "\($0.code)@\($0.offset)" })"
                } catch {
                    out += " tree-error=\(error.code)@\(error.offset)"
                }
            }
            return out
        }
    }

    static func describe(_ node: BencodeNode<[UInt8]>) -> String {
        var out = "\(node.kind)[\(node.offset)..<\(node.endOffset) n=\(node.count)"
        if let i = node.integer { out += " i=\(i)" }
        if let r = node.stringRange { out += " s=\(r) \(Hex.encode(node.stringBytes ?? []))" }
        if node.utf8String != nil { out += " utf8" }
        switch node.kind {
        case .list:
            out += " [" + node.children.map(describe).joined(separator: ",") + "]"
        case .dictionary:
            out += " {"
            for (key, value) in node.entries {
                let keyBytes = Array(key.stringBytes ?? [])
                out += describe(key) + ":" + describe(value) + " lookup@\(node[keyBytes]?.offset ?? -1);"
            }
            out += " missing=\(node["\u{1}no such key"] == nil)}"
        default:
            break
        }
        return out + "]"
    }
}
