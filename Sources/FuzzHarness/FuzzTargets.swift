/// The bodies of pexspec's libFuzzer targets.
///
/// Each `FuzzTargets` function is the whole of one target: it decodes the input, checks the
/// target's invariants, and traps (`preconditionFailure`) naming the invariant when one fails, so
/// libFuzzer saves the input. The nested `FuzzTargets/` package wraps each function in a
/// `LLVMFuzzerTestOneInput`, and `swift test` replays every file of `Corpus/` through the same
/// function, so a saved crash reproduces without libFuzzer.
///
/// No function keeps state between calls: the same input always takes the same path.
public enum FuzzTargets {
    /// Every target by the name of its fuzz binary and corpus folder (`Corpus/<name>/`).
    public static let all: [FuzzTarget] = [
        FuzzTarget(name: "FuzzBencode", run: bencode),
        FuzzTarget(name: "FuzzExtendedHandshake", run: extendedHandshake),
        FuzzTarget(name: "FuzzUTPex", run: utPex),
        FuzzTarget(name: "FuzzAzureusPex", run: azureusPex),
        FuzzTarget(name: "FuzzAzureusHandshake", run: azureusHandshake),
        FuzzTarget(name: "FuzzPeerWireStream", run: peerWireStream),
        FuzzTarget(name: "FuzzAzureusStream", run: azureusStream),
        FuzzTarget(name: "FuzzHandshake", run: handshake),
        FuzzTarget(name: "FuzzWireDecode", run: wireDecode),
    ]

    /// The target whose binary and corpus folder are called `name`.
    public static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}
