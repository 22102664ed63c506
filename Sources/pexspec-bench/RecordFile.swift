/// A set of messages in one file: each record is its length as 4 bytes big-endian, then the bytes.
///
/// The C++ baseline (`ci/bench-baseline`) reads the same layout, so both sides decode exactly the
/// same messages.
enum RecordFile {
    static func encode(_ records: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for record in records {
            let n = UInt32(record.count)
            out += [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)]
            out += record
        }
        return out
    }

    /// The records as ranges of `file`; nil when a length runs past the end.
    static func ranges(_ file: [UInt8]) -> [Range<Int>]? {
        var result: [Range<Int>] = []
        var at = 0
        while at < file.count {
            guard file.count - at >= 4 else { return nil }
            let n = Int(file[at]) << 24 | Int(file[at + 1]) << 16 | Int(file[at + 2]) << 8 | Int(file[at + 3])
            at += 4
            guard n <= file.count - at else { return nil }
            result.append(at..<(at + n))
            at += n
        }
        return result
    }
}
