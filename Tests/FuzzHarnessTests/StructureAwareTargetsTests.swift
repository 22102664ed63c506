import Foundation
import FuzzHarness
import Testing

/// The structured fuzz binaries: each is a variant of a target, runs that target's body, and
/// hooks in that target's mutator.
@Suite struct StructureAwareTargetsTests {
    static let sources = CorpusFile.root.deletingLastPathComponent().appendingPathComponent("FuzzTargets/Sources")

    static let structuredBinaries = CorpusFile.folders(in: sources).filter { $0.hasSuffix(StructuredTargets.binarySuffix) }

    @Test func thereAreStructuredBinaries() {
        #expect(!Self.structuredBinaries.isEmpty)
    }

    @Test(arguments: structuredBinaries)
    func aStructuredBinaryRunsItsTargetsBodyWithItsMutator(binary: String) throws {
        let target = StructuredTargets.targetName(ofBinary: binary)
        #expect(FuzzTargets.named(target) != nil, "\(binary) is a variant of \(target), which is no target")
        #expect(StructuredTargets.byTarget[target] != nil, "\(target) has no structure-aware mutator")
        let main = try String(contentsOf: Self.sources.appendingPathComponent(binary + "/main.swift"), encoding: .utf8)
        let plainMain = try String(contentsOf: Self.sources.appendingPathComponent(target + "/main.swift"), encoding: .utf8)
        // The same body: the plain binary's call into FuzzTargets appears verbatim.
        let body = try #require(plainMain.split(separator: "\n").first { $0.contains("FuzzTargets.") })
        #expect(main.contains(body), "\(binary) does not call \(body)")
        for hook in ["LLVMFuzzerTestOneInput", "LLVMFuzzerCustomMutator", "LLVMFuzzerCustomCrossOver"] {
            #expect(main.contains("@_cdecl(\"\(hook)\")"), "\(binary) defines no \(hook)")
        }
        #expect(main.contains("@_silgen_name(\"LLVMFuzzerMutate\")"), "\(binary) does not fall back to libFuzzer's mutation")
    }
}
