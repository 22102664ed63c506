import Bencode

/// One input file of the benchmark: a single document or a set of messages.
struct BenchInput {
    enum Shape { case document, records }

    /// The name used in tables, JSON and file names (`<name>.benc` or `<name>.records`).
    let name: String
    let shape: Shape
    let summary: String

    var fileName: String { shape == .document ? "\(name).benc" : "\(name).records" }

    static let all: [BenchInput] = [
        BenchInput(name: "torrent", shape: .document, summary: "~1 MB torrent: info dict, 400 KB pieces, 10,000-file list"),
        BenchInput(name: "ut_pex", shape: .records, summary: "10,000 ut_pex messages as libtorrent sends them (all six keys)"),
        BenchInput(name: "ext_handshake", shape: .records, summary: "10,000 extended handshakes (libtorrent 2.0.8 / Transmission 3.00)"),
        BenchInput(name: "az_peer_exchange", shape: .records, summary: "10,000 AZ_PEER_EXCHANGE payloads"),
        BenchInput(name: "nested", shape: .document, summary: "~1 MB of depth-99 nesting (lists and dictionaries)"),
        BenchInput(name: "integers", shape: .document, summary: "~1 MB list of small integers"),
    ]
}

/// An input loaded into memory, with the ranges of its messages.
struct LoadedInput {
    let input: BenchInput
    let bytes: [UInt8]
    let ranges: [Range<Int>]

    /// Bytes decoded per pass: the documents themselves, not the record lengths.
    var payloadBytes: Int { ranges.reduce(0) { $0 + $1.count } }
}
