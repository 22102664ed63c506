/// The ut_pex, extended-handshake and AZ_PEER_EXCHANGE parsers and the incremental framers.
/// Empty until those types exist on main.
enum MessageBenchmarks {
    static func make(_ inputs: [LoadedInput]) -> [Benchmark] { [] }
}
