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
        // The same body: the function of FuzzTargets the plain binary calls, and the mutator of that target.
        let bodyLine = try #require(plainMain.split(separator: "\n").first { $0.contains("FuzzTargets.") })
        let body = try #require(bodyLine.split(separator: "(").first).trimmingCharacters(in: .whitespaces)
        let mutator = "StructuredTargets." + body.dropFirst("FuzzTargets.".count)
        #expect(main.contains("StructuredTarget(run: \(body), mutator: \(mutator))"), "\(binary) does not pair \(body) with \(mutator)")
        #expect(main.contains("@_silgen_name(\"\(Self.selection)\")"), "\(binary) does not name its target for the hooks")
    }

    static let selection = "pexspecStructuredTarget"

    /// The one file of hooks every structured binary links: libFuzzer's three entry points, the
    /// fallback to libFuzzer's mutation, and the target each binary's main.swift names.
    @Test func theSharedHooksDefineLibFuzzersEntryPoints() throws {
        let hooks = try String(
            contentsOf: Self.sources.deletingLastPathComponent().appendingPathComponent("Hooks/StructuredHooks.swift"), encoding: .utf8)
        for hook in ["LLVMFuzzerTestOneInput", "LLVMFuzzerCustomMutator", "LLVMFuzzerCustomCrossOver"] {
            #expect(hooks.contains("@_cdecl(\"\(hook)\")"), "the hooks define no \(hook)")
        }
        #expect(hooks.contains("@_silgen_name(\"LLVMFuzzerMutate\")"), "the hooks do not fall back to libFuzzer's mutation")
        #expect(hooks.contains("@_silgen_name(\"\(Self.selection)\")"), "the hooks do not take the binary's target")
    }
}
