#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FileIO {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The whole file, read into an array of exactly its size (no growth by doubling, whose
    /// transient peak would hide the decoder's own memory in the peak RSS measurement).
    static func read(_ path: String) throws(Failure) -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw Failure(description: "cannot open \(path)") }
        defer { fclose(file) }
        guard fseek(file, 0, SEEK_END) == 0 else { throw Failure(description: "cannot seek \(path)") }
        let size = ftell(file)
        guard size >= 0, fseek(file, 0, SEEK_SET) == 0 else { throw Failure(description: "cannot seek \(path)") }
        var out = [UInt8](repeating: 0, count: size)
        let n = out.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        guard n == size else { throw Failure(description: "cannot read \(path)") }
        return out
    }

    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        guard let file = fopen(path, "wb") else { throw Failure(description: "cannot create \(path)") }
        defer { fclose(file) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw Failure(description: "cannot write \(path)") }
    }

    static func makeDirectory(_ path: String) {
        _ = mkdir(path, 0o755)
    }
}

/// Unbuffered lines on standard output and error, so JSON lines reach a pipe as they are made.
enum Console {
    static func out(_ line: String) { write(line + "\n", to: 1) }
    static func error(_ line: String) { write(line + "\n", to: 2) }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var done = 0
            while done < buffer.count {
                let n = unistd_write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if n <= 0 { return }
                done += n
            }
        }
    }
}

#if canImport(Glibc)
private let unistd_write = Glibc.write
#elseif canImport(Darwin)
private let unistd_write = Darwin.write
#endif
