/// One measurement: a decoder path over one input.
struct Benchmark {
    /// The input's name (`ut_pex`, `torrent`, ...).
    let input: String
    /// What decodes it: `document` and `tree` for bencode, a parser or framer type otherwise.
    let path: String
    let bytesPerPass: Int
    let messagesPerPass: Int
    /// Decodes the whole input once; returns a value derived from the results.
    let pass: () -> Int
    /// Decodes the whole input once and keeps every result, for the peak memory measurement.
    let retainAll: () -> [Any]

    var id: String { "\(input)/\(path)" }
}

/// Stops the benchmark: generated inputs are valid, so a decode failure is a bug to see at once.
func benchFailure(_ what: String, _ error: any Error) -> Never {
    fatalError("pexspec-bench: \(what): \(error)")
}
