import AzureusWire
import Bencode
import PeerWire
import WireCore

/// The error codes of the decode contract itself, and the registry of every wire code.
extension ParseError.Code {
    /// The input is longer than the reader's maximum (`pexspec decode --max-input`); the offset
    /// is the maximum, the first byte not read.
    public static let inputTooLarge = Self("input_too_large")

    /// Not an error in the input: `decode frames` listed ``FramesListing/maxListed`` frames and
    /// only counted the rest.
    public static let framesNotListed = Self("frames_not_listed")

    /// Every code of WireDecode, in the order of docs/error-codes.md.
    public static let wireDecodeCodes: [Self] = [.inputTooLarge, .framesNotListed]

    /// Every code `pexspec decode` can print, module by module, each module's in the order of its
    /// `<Module>ErrorCodes.swift` and of docs/error-codes.md.
    public static let wireCodes: [(module: String, codes: [ParseError.Code])] = [
        ("WireCore", wireCoreCodes), ("Bencode", bencodeCodes), ("PeerWire", peerWireCodes), ("AzureusWire", azureusCodes),
        ("WireDecode", wireDecodeCodes),
    ]

    /// The wire code whose string is `rawValue`, or nil: a lookup in the closed set, never a new code.
    public static func wire(_ rawValue: String) -> ParseError.Code? {
        wireCodes.lazy.flatMap(\.codes).first { $0.rawValue == rawValue }
    }
}
