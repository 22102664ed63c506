import Foundation
import FuzzHarness
import Testing

/// Replays every file under `Corpus/` through its target's body, exactly as the fuzz binary
/// would run it. A broken invariant traps and takes the test process down, naming the invariant
/// on standard error; the test's argument names the file.
@Suite struct CorpusReplayTests {
    @Test(arguments: CorpusFile.all)
    func replay(_ file: CorpusFile) throws {
        let target = try #require(FuzzTargets.named(file.target), "\(file.relativePath): no fuzz target is called \(file.target)")
        let bytes = try [UInt8](Data(contentsOf: file.url))
        target(bytes)
    }

    @Test func everyTargetHasSeedsADictionaryAndARegressionFolder() {
        let seeds = Set(CorpusFile.all.filter { !$0.isRegression }.map(\.target))
        for target in FuzzTargets.all {
            #expect(seeds.contains(target.name), "Corpus/\(target.name)/ holds no seed")
            let dictionary = CorpusFile.root.appendingPathComponent(target.name + ".dict")
            #expect(FileManager.default.fileExists(atPath: dictionary.path), "no Corpus/\(target.name).dict")
            let regressions = CorpusFile.root.appendingPathComponent("regressions/" + target.name)
            #expect(FileManager.default.fileExists(atPath: regressions.path), "no Corpus/regressions/\(target.name)/")
        }
    }

    @Test func everyCorpusFolderNamesATarget() {
        let regressions = CorpusFile.root.appendingPathComponent("regressions")
        for folder in CorpusFile.folders(in: CorpusFile.root) where folder != "regressions" {
            #expect(FuzzTargets.named(folder) != nil, "Corpus/\(folder)/ names no fuzz target")
        }
        for folder in CorpusFile.folders(in: regressions) where folder != CorpusFile.clientRegressions {
            #expect(FuzzTargets.named(folder) != nil, "Corpus/regressions/\(folder)/ names no fuzz target")
        }
    }

    @Test func everyFuzzBinaryHasATarget() throws {
        let sources = CorpusFile.root.deletingLastPathComponent().appendingPathComponent("FuzzTargets/Sources")
        // <target>Structured binaries are variants of <target> (StructureAwareTests checks them).
        let binaries = CorpusFile.folders(in: sources).filter { !$0.hasSuffix(StructuredTargets.binarySuffix) }
        #expect(Set(binaries) == Set(FuzzTargets.all.map(\.name)), "FuzzTargets/Sources and FuzzTargets.all disagree")
        for binary in binaries {
            let main = try String(contentsOf: sources.appendingPathComponent(binary + "/main.swift"), encoding: .utf8)
            #expect(main.contains("@_cdecl(\"LLVMFuzzerTestOneInput\")"), "\(binary)/main.swift defines no LLVMFuzzerTestOneInput")
        }
    }
}
