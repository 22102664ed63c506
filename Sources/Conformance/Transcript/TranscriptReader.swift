import Foundation
import WireJSON

/// The limits a transcript file is read within: whatever a file holds, reading it costs at most
/// about twice ``maxFileSize`` in memory and time linear in what was read.
public struct TranscriptLimits: Sendable, Hashable {
    /// The largest transcript file read, in bytes; a larger one is refused before it is read
    /// (a file that is not regular is read up to this many bytes). Default 64 MiB.
    public var maxFileSize: Int
    /// The longest `hex` of one message, in characters; the frame caps of the framers are 1 MiB,
    /// so the default of 4 Mi characters (2 MiB of bytes) leaves room for white space.
    public var maxHexLength: Int

    public init(maxFileSize: Int = 64 << 20, maxHexLength: Int = 4 << 20) {
        self.maxFileSize = max(0, maxFileSize)
        self.maxHexLength = max(0, maxHexLength)
    }

    public static let standard = TranscriptLimits()
}

/// Which members each object of a transcript may have, checked while the JSON is read so that an
/// unknown member is refused before its value is read, whatever its size (the typed reading in
/// ``Transcript/init(json:)`` then checks the exact members of the file's format version).
enum TranscriptShape {
    static let root = Transcript.members(format: 1).union(Transcript.members(format: 2))
    static let message = TranscriptMessage.members(format: 2)
    static let outcome: Set<String> = ["value", "warnings", "error"]
    static let diagnostic: Set<String> = ["code", "offset", "message"]
    static let reaction: Set<String> = ["kind", "reason", "learned", "forgot", "violations"]
    static let peer: Set<String> = ["client", "version", "profile", "address", "fetching_metadata"]

    /// The members an object at `path` may have; nil where any name is allowed (a decoded `value`,
    /// the names of a version 2 `peers`).
    static func members(at path: [JSONPathComponent]) -> Set<String>? {
        // The path with indices written `[]` and the peer names `*`: `messages[].expect`.
        var pattern = ""
        for (n, component) in path.enumerated() {
            switch component {
            case .index: pattern += "[]"
            case .key(let key): pattern += (n == 0 ? "" : ".") + (n == 1 && path.first == .key("peers") ? "*" : key)
            }
        }
        switch pattern {
        case "": return root
        case "spec": return ["document", "section", "requirement"]
        case "provenance": return ["kind", "source", "client", "recorded"]
        case "provenance.client": return ["name", "version"]
        case "peers.*": return peer
        case "connections[]": return ["id", "a", "b", "opened", "closed"]
        case "torrent": return ["private"]
        case "messages[]": return message
        case "messages[].expect", "messages[].expect_strict": return outcome
        case "messages[].expect.error", "messages[].expect_strict.error", "messages[].expect.warnings[]", "messages[].expect_strict.warnings[]":
            return diagnostic
        case "messages[].reaction": return reaction
        default: return nil
        }
    }

    static func rules(_ limits: TranscriptLimits) -> JSONReadRules {
        JSONReadRules(
            member: { path, name in
                guard let known = members(at: path), !known.contains(name) else { return nil }
                return "unknown member"
            },
            maxStringLength: { path in
                if path.count == 3, path[0] == .key("messages"), path[2] == .key("hex") { return limits.maxHexLength }
                return nil
            })
    }
}

extension Transcript {
    /// Reads the transcript in the JSON file at `path` within `limits`: a file over the size cap,
    /// a message whose hex is over its cap, or an unknown member is refused as soon as it is met,
    /// with the file and the JSON path.
    public init(contentsOf path: String, limits: TranscriptLimits = .standard) throws(TranscriptFormatError) {
        let bytes = try Self.read(path, limit: limits.maxFileSize)
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes, rules: TranscriptShape.rules(limits))
        } catch {
            throw TranscriptFormatError(file: path, path: error.path ?? "$", error.path == nil ? error.description : error.message)
        }
        do {
            try self.init(json: json)
        } catch {
            var located = error
            located.file = path
            throw located
        }
    }

    /// At most `limit` bytes of the file: a regular file larger than that is refused by its size,
    /// anything else (a pipe, a device) once `limit + 1` bytes have arrived. The bytes are read
    /// straight into the array the JSON reader works on: no second copy.
    static func read(_ path: String, limit: Int) throws(TranscriptFormatError) -> [UInt8] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue
        let isRegular = attributes?[.type] as? FileAttributeType == .typeRegular
        if isRegular, let size, size > limit {
            throw TranscriptFormatError(file: path, path: "$", "the file has \(size) bytes, over the transcript size cap of \(limit)")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw TranscriptFormatError(file: path, path: "$", "cannot read the file") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(limit, isRegular ? (size ?? 0) : 1 << 16) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if count < 0 { throw TranscriptFormatError(file: path, path: "$", "cannot read the file") }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        guard bytes.count <= limit else { throw TranscriptFormatError(file: path, path: "$", "more than \(limit) bytes, over the transcript size cap") }
        return bytes
    }
}
