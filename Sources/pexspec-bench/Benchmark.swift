/// One measurement: a decoder path over one input.
struct Benchmark {
    /// The input's name (`ut_pex`, `torrent`, ...).
    let input: String
    /// What decodes it: `document` and `tree` for bencode, a parser or framer type otherwise.
    let path: String
    /// Bytes and messages one pass decodes (a closure: the framer streams are built on first use).
    let size: () -> (bytes: Int, messages: Int)
    /// Decodes the whole input once; returns a value derived from the results.
    let pass: () -> Int
    /// Decodes the whole input once and keeps every result, for the peak memory measurement.
    let retainAll: () -> [Any]

    var id: String { "\(input)/\(path)" }
    var bytesPerPass: Int { size().bytes }
    var messagesPerPass: Int { size().messages }

    init(input: String, path: String, bytesPerPass: @autoclosure @escaping () -> Int, messagesPerPass: @autoclosure @escaping () -> Int,
         pass: @escaping () -> Int, retainAll: @escaping () -> [Any]) {
        self.input = input
        self.path = path
        self.size = { (bytesPerPass(), messagesPerPass()) }
        self.pass = pass
        self.retainAll = retainAll
    }
}

/// Stops the benchmark: generated inputs are valid, so a decode failure is a bug to see at once.
func benchFailure(_ what: String, _ error: any Error) -> Never {
    fatalError("pexspec-bench: \(what): \(error)")
}
