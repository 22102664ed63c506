import Foundation

/// Reads an input whose length is not known in advance (a file of any kind, a pipe, standard
/// input) without ever holding more than a stated maximum: the one reader of every subcommand.
enum InputReader {
    /// The default `--max-input`: 256 MiB.
    static let defaultLimit = 256 << 20

    /// The input had more than `limit` bytes; nothing past `limit + 1` was read.
    struct TooLarge: Error, CustomStringConvertible {
        var limit: Int
        var description: String { "the input is larger than --max-input (\(limit) bytes)" }
    }

    /// The bytes of `path`, or of standard input for nil or "-". Throws ``TooLarge`` past
    /// `limit` bytes; a read failure is a usage error.
    static func read(_ path: String?, limit: Int) throws -> [UInt8] {
        let name = path.flatMap { $0 == "-" ? nil : $0 }
        let fd: Int32
        if let name {
            fd = open(name, O_RDONLY)
            guard fd >= 0 else { throw failUsage("cannot read '\(name)'") }
        } else {
            fd = STDIN_FILENO
        }
        defer { if name != nil { close(fd) } }
        var bytes: [UInt8] = []
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            guard info.st_size <= limit else { throw TooLarge(limit: limit) }
            bytes.reserveCapacity(Int(info.st_size))
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, wanted) }
            if n < 0 { throw failUsage("cannot read '\(name ?? "standard input")'") }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { throw TooLarge(limit: limit) }
        }
    }
}
