import FuzzHarness
import WireCore

/// The frames a message's bytes make for a receiver that reads them in order: whole frames, and
/// the start of one more when the bytes end inside it.
enum FrameCut {
    static func frames(_ bytes: [UInt8]) -> (frames: [[UInt8]], trailing: [UInt8]) {
        var frames: [[UInt8]] = []
        var offset = 0
        while bytes.count - offset >= 4 {
            let length = Int(BigEndian.uint32(bytes, at: offset))
            guard length <= bytes.count - offset - 4 else { break }
            frames.append(Array(bytes[offset..<(offset + 4 + length)]))
            offset += 4 + length
        }
        return (frames, Array(bytes[offset...]))
    }
}
