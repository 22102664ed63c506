import Conformance
import Foundation

/// The conformance cases of the repository, found relative to this file.
enum CaseFiles {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Conformance/cases").path

    /// Every case file, as a path relative to the cases folder (what a failing test prints).
    static let all: [String] = TranscriptSet.files(under: [folder]).map { String($0.dropFirst(folder.count + 1)) }

    static func path(_ relative: String) -> String { folder + "/" + relative }

    /// A fresh temporary folder holding a copy of `relative`, edited by `edit`.
    static func brokenCopy(of relative: String, _ edit: (inout String) -> Void) throws -> (folder: URL, file: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pexspec-cases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = try String(contentsOfFile: path(relative), encoding: .utf8)
        edit(&text)
        let file = folder.appendingPathComponent(URL(fileURLWithPath: relative).lastPathComponent)
        try Data(text.utf8).write(to: file)
        return (folder, file)
    }
}

extension String {
    /// Replaces the first occurrence of `target`, which must be there.
    mutating func replaceFirst(_ target: String, with replacement: String) {
        guard let range = range(of: target) else { preconditionFailure("fixture edit: '\(target)' not found") }
        replaceSubrange(range, with: replacement)
    }
}
