/// Big-endian integers read from a byte collection at an offset the caller has already checked.
public enum BigEndian {
    @inlinable
    public static func uint16<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at offset: Int) -> UInt16 {
        let i = bytes.index(bytes.startIndex, offsetBy: offset)
        return UInt16(bytes[i]) << 8 | UInt16(bytes[bytes.index(after: i)])
    }

    @inlinable
    public static func uint32<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at offset: Int) -> UInt32 {
        var i = bytes.index(bytes.startIndex, offsetBy: offset)
        var value: UInt32 = 0
        for _ in 0..<4 {
            value = value << 8 | UInt32(bytes[i])
            i = bytes.index(after: i)
        }
        return value
    }

    public static func append(_ value: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value >> 8))
        out.append(UInt8(truncatingIfNeeded: value))
    }

    public static func append(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value >> 24))
        out.append(UInt8(truncatingIfNeeded: value >> 16))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
        out.append(UInt8(truncatingIfNeeded: value))
    }
}
