import WireCore

/// A message whose payload is one bencoded dictionary: the extended handshake and ut_pex
/// (PeerWire), AZ_HANDSHAKE and AZ_PEER_EXCHANGE (AzureusWire).
///
/// A conforming type writes its decoder once, over contiguous bytes (``decodeBody(_:mode:limits:)``);
/// callers use ``decode(_:mode:limits:)``, which accepts any collection of bytes. The body takes
/// an `UnsafeBufferPointer` rather than a generic collection so that it is compiled once,
/// specialised, inside its own module: a generic decoder that is not inlinable runs
/// unspecialised across module boundaries, and every node access then looks up type metadata at
/// run time (half of a ut_pex decode's instructions, measured with callgrind).
public protocol BencodedMessage {
    /// What the decoder accepts: ``BencodeLimits`` unless the message bounds more than its bencode.
    associatedtype Limits: Sendable
    /// The limits ``decode(_:mode:limits:)`` applies when the caller gives none.
    static var defaultLimits: Limits { get }
    /// The decoder: `payload` is the whole bencoded payload, offsets count from its first byte.
    /// Call ``decode(_:mode:limits:)`` instead.
    static func decodeBody(_ payload: UnsafeBufferPointer<UInt8>, mode: ParseMode, limits: Limits) throws(ParseError) -> Decoded<Self>
}

extension BencodedMessage {
    /// Decodes a payload (after the extended id byte, or the Azureus frame header). Offsets count
    /// from the start of `payload`. Bytes without contiguous storage are copied once first.
    @inlinable
    public static func decode(
        _ payload: some RandomAccessCollection<UInt8>, mode: ParseMode = .lenient, limits: Limits = Self.defaultLimits
    ) throws(ParseError) -> Decoded<Self> {
        let body = { (buffer: UnsafeBufferPointer<UInt8>) -> Result<Decoded<Self>, ParseError> in
            do throws(ParseError) {
                return .success(try decodeBody(buffer, mode: mode, limits: limits))
            } catch {
                return .failure(error)
            }
        }
        if let outcome = payload.withContiguousStorageIfAvailable(body) { return try outcome.get() }
        return try Array(payload).withUnsafeBufferPointer(body).get()
    }
}

extension BencodedMessage where Limits == BencodeLimits {
    @inlinable public static var defaultLimits: BencodeLimits { .default }
}
