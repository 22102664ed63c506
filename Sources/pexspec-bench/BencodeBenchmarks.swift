import Bencode

/// The zero-copy document path and the value-tree path over every input, one message at a time
/// for message sets, as a client decodes them.
enum BencodeBenchmarks {
    static func make(_ loaded: LoadedInput) -> [Benchmark] {
        let bytes = loaded.bytes
        let ranges = loaded.ranges
        let decoder = BencodeDecoder()
        let payload = loaded.payloadBytes
        let name = loaded.input.name
        let document = Benchmark(
            input: name, path: "document", bytesPerPass: payload, messagesPerPass: ranges.count,
            pass: {
                var n = 0
                for range in ranges {
                    do { n &+= try decoder.document(bytes[range]).tokenCount } catch { benchFailure(name, error) }
                }
                return n
            },
            retainAll: {
                ranges.map { range -> Any in
                    do { return try decoder.document(bytes[range]) } catch { benchFailure(name, error) }
                }
            })
        let tree = Benchmark(
            input: name, path: "tree", bytesPerPass: payload, messagesPerPass: ranges.count,
            pass: {
                var n = 0
                for range in ranges {
                    do { n &+= try decoder.decode(bytes[range]).value.shapeCount } catch { benchFailure(name, error) }
                }
                return n
            },
            retainAll: {
                ranges.map { range -> Any in
                    do { return try decoder.decode(bytes[range]).value } catch { benchFailure(name, error) }
                }
            })
        return [document, tree]
    }
}

extension BencodeValue {
    /// A cheap function of the value, so the tree is used after it is built.
    var shapeCount: Int {
        switch self {
        case .integer: return 1
        case .string(let s): return s.count
        case .list(let l): return l.count
        case .dictionary(let d): return d.count
        }
    }
}
