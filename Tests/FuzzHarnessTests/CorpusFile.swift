import Foundation
import Testing

/// One input file under `Corpus/`: a seed (`Corpus/<Target>/<name>`) or a regression
/// (`Corpus/regressions/<Target>/<name>`).
struct CorpusFile: Sendable, CustomTestStringConvertible {
    /// The repository's `Corpus/` folder, found from this source file.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    let target: String
    let isRegression: Bool
    let url: URL

    /// The path under `Corpus/`, how a failing test names its file.
    var relativePath: String { (isRegression ? "regressions/" : "") + target + "/" + url.lastPathComponent }
    var testDescription: String { relativePath }

    /// Every seed and regression input, sorted by path.
    /// The folder of `Corpus/regressions/` that holds the live-client regressions of `ci/fuzz-clients`.
    static let clientRegressions = "clients"

    static let all: [CorpusFile] = {
        var files: [CorpusFile] = []
        for target in folders(in: root) where target != "regressions" {
            files += inputs(in: root.appendingPathComponent(target)).map { CorpusFile(target: target, isRegression: false, url: $0) }
        }
        let regressions = root.appendingPathComponent("regressions")
        // regressions/clients/ holds live-client regressions (pexspec fuzz-client --replay), not fuzz inputs.
        for target in folders(in: regressions) where target != clientRegressions {
            files += inputs(in: regressions.appendingPathComponent(target)).map { CorpusFile(target: target, isRegression: true, url: $0) }
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }()

    /// Names of the sub-folders of `url`.
    static func folders(in url: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isFolder) && isFolder.boolValue
        }.sorted()
    }

    /// The input files of a corpus folder; dot files (`.gitkeep`) are not inputs.
    static func inputs(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
