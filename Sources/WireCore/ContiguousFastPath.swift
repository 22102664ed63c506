/// Runs a generic decoder over contiguous storage when the input has it.
///
/// A decoder generic over `some RandomAccessCollection<UInt8>` that is not inlinable runs
/// unspecialised across module boundaries: every node access then looks up type metadata at run
/// time (half of a ut_pex decode's instructions, measured with callgrind). Handing the same body an
/// `UnsafeBufferPointer<UInt8>` lets the compiler specialise it once, inside the decoder's module.
@inlinable
public func withContiguousFastPath<Bytes: RandomAccessCollection<UInt8>, Result>(
    _ bytes: Bytes,
    contiguous: (UnsafeBufferPointer<UInt8>) throws(ParseError) -> Result,
    generic: (Bytes) throws(ParseError) -> Result
) throws(ParseError) -> Result {
    let outcome = bytes.withContiguousStorageIfAvailable { buffer -> Swift.Result<Result, ParseError> in
        do throws(ParseError) {
            return .success(try contiguous(buffer))
        } catch {
            return .failure(error)
        }
    }
    if let outcome { return try outcome.get() }
    return try generic(bytes)
}
