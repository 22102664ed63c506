/// The structure-aware mutator of each fuzz target that has one.
///
/// FuzzBencode has none: measured, the tree mutator reached less coverage there than libFuzzer's
/// byte mutation (docs/structure-aware-fuzzing.md), whose malformed inputs are what the bencode
/// tokenizer's error paths need.
///
/// A target `<Name>` with a mutator here has a second fuzz binary, `<Name>Structured`, that runs
/// the same body on the same corpus and adds `LLVMFuzzerCustomMutator` and
/// `LLVMFuzzerCustomCrossOver` calling this mutator; `ci/fuzz --mutator custom` runs those binaries.
public enum StructuredTargets {
    /// The suffix of a structured variant's binary name.
    public static let binarySuffix = "Structured"

    public static let extendedHandshake = BencodeTreeMutator(format: .extendedHandshake)
    public static let utPex = BencodeTreeMutator(format: .utPex)
    public static let azureusPex = BencodeTreeMutator(format: .azureusPeerExchange)
    public static let azureusHandshake = BencodeTreeMutator(format: .azureusHandshake)
    public static let peerWireStream = {
        var mutator = PeerWireStreamMutator()
        mutator.preambleLength = chunkPlanLength
        return mutator
    }()
    public static let azureusStream = {
        var mutator = AzureusStreamMutator()
        mutator.preambleLength = chunkPlanLength
        return mutator
    }()

    /// The stream targets' inputs start with a ``ChunkPlan`` header, which the frame mutators keep.
    @Sendable static func chunkPlanLength(_ input: UnsafeRawBufferPointer) -> Int {
        ChunkPlan(input).stream.startIndex
    }

    /// Every mutator by the name of the target it serves.
    public static let byTarget: [String: any StructureAwareMutator] = [
        "FuzzExtendedHandshake": extendedHandshake,
        "FuzzUTPex": utPex,
        "FuzzAzureusPex": azureusPex,
        "FuzzAzureusHandshake": azureusHandshake,
        "FuzzPeerWireStream": peerWireStream,
        "FuzzAzureusStream": azureusStream,
    ]

    /// The target a binary fuzzes: `FuzzUTPexStructured` fuzzes `FuzzUTPex`; other names are targets.
    public static func targetName(ofBinary binary: String) -> String {
        binary.hasSuffix(binarySuffix) ? String(binary.dropLast(binarySuffix.count)) : binary
    }
}

/// What one `<Name>Structured` fuzz binary runs: the target's body, and the mutator its
/// `LLVMFuzzerCustomMutator` and `LLVMFuzzerCustomCrossOver` call. Each structured binary's
/// `main.swift` names its pair; the hooks themselves are one file, `FuzzTargets/Hooks/`.
public struct StructuredTarget: Sendable {
    public let run: @Sendable (UnsafeRawBufferPointer) -> Void
    public let mutator: any StructureAwareMutator

    public init(run: @escaping @Sendable (UnsafeRawBufferPointer) -> Void, mutator: some StructureAwareMutator) {
        self.run = run
        self.mutator = mutator
    }
}
