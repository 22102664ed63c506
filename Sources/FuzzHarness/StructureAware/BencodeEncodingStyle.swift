/// How ``BencodeTreeMutator`` writes a mutated tree back to bytes.
public enum BencodeEncodingStyle: String, CaseIterable, Sendable {
    /// ``Bencode/BencodeEncoder``'s canonical form: sorted keys, one entry per key.
    case canonical
    /// The entries in tree order, duplicates kept: unsorted keys and repeated keys reach the decoder.
    case wireOrder = "wire_order"
    /// Wire order, with some integers and string lengths written with leading zeros (`i007e`,
    /// `06:`), and a zero sometimes as `i-0e`.
    case leadingZeros = "leading_zeros"
    /// Wire order, followed by bytes after the value.
    case trailingBytes = "trailing_bytes"
}
