/// The input seen through indices that start at ``base`` and without contiguous storage.
///
/// Parsers take `some RandomAccessCollection<UInt8>`: a parser that assumes indices start at 0,
/// or takes the contiguous fast path only, decodes these bytes differently from the plain buffer,
/// which the targets check.
struct ShiftedBytes: RandomAccessCollection {
    let bytes: UnsafeRawBufferPointer
    let base: Int

    init(_ bytes: UnsafeRawBufferPointer, base: Int = 1_000_003) {
        self.bytes = bytes
        self.base = base
    }

    var startIndex: Int { base }
    var endIndex: Int { base + bytes.count }
    subscript(position: Int) -> UInt8 { bytes[position - base] }

    // Declared so that the standard library's contiguous fast path is not taken.
    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? { nil }
}
