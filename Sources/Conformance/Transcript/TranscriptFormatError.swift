/// A transcript file that does not follow the transcript format: the JSON path of the offending
/// member (`messages[3].expect`) and what is wrong with it.
public struct TranscriptFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, when the transcript was loaded from one.
    public var file: String?
    /// Where in the document: `$` is the root, `messages[2].hex` a member.
    public var path: String
    public var message: String

    public init(file: String? = nil, path: String, _ message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file.map { $0 + ": " } ?? "")\(path): \(message)" }
}
