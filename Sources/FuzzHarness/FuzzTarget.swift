/// One fuzz target: the name of its binary and corpus folder, and its body.
public struct FuzzTarget: Sendable {
    /// The fuzz binary's name, also its folder under `Corpus/` and `Corpus/regressions/`.
    public let name: String
    /// The target's body: returns normally or traps naming a broken invariant.
    public let run: @Sendable (UnsafeRawBufferPointer) -> Void

    public init(name: String, run: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) {
        self.name = name
        self.run = run
    }

    /// Runs the target over `bytes`.
    public func callAsFunction(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { run($0) }
    }
}
