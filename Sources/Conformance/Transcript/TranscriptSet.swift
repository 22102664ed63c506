import Foundation

/// The transcripts under one or more paths: each path a `.json` file or a folder searched
/// recursively, cases sorted by id.
public struct TranscriptSet: Sendable {
    /// A transcript with the file it came from.
    public struct Entry: Sendable {
        public var file: String
        public var transcript: Transcript
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries.sorted { $0.transcript.id < $1.transcript.id }
    }

    /// Loads every transcript under `paths`, each file once however many of the paths name it (the
    /// same file twice, a folder and a file in it), each within `limits`; a file that is not a
    /// valid transcript, or two files with one id, is an error.
    public init(paths: [String], limits: TranscriptLimits = .standard) throws(TranscriptFormatError) {
        var entries: [Entry] = []
        var seen: [String: String] = [:]
        for file in Self.files(under: paths) {
            let transcript = try Transcript(contentsOf: file, limits: limits)
            if let other = seen[transcript.id] {
                throw TranscriptFormatError(file: file, path: "$.id", "id '\(transcript.id)' is also used by \(other)")
            }
            seen[transcript.id] = file
            entries.append(Entry(file: file, transcript: transcript))
        }
        self.init(entries: entries)
    }

    /// The `.json` files under `paths`, sorted within each folder, each file once (paths are
    /// compared after symbolic links and `.`/`..` are resolved); a path that does not exist is
    /// reported as an unreadable file.
    public static func files(under paths: [String]) -> [String] {
        var files: [String] = []
        var canonical: Set<String> = []
        func add(_ file: String) {
            if canonical.insert(URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path).inserted { files.append(file) }
        }
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                add(path)
                continue
            }
            let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".json") }
            for file in found.sorted() { add((path as NSString).appendingPathComponent(file)) }
        }
        return files
    }

    /// The cases whose id starts with `prefix` (all when nil).
    public func filtered(byPrefix prefix: String?) -> TranscriptSet {
        guard let prefix, !prefix.isEmpty else { return self }
        return TranscriptSet(entries: entries.filter { $0.transcript.id.hasPrefix(prefix) })
    }
}
