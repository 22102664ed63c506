import AzureusWire
import Bencode
import PeerWire
import WireCore

extension ParseError.Code {
    /// Every code `pexspec decode` can print, module by module, each module's in the order of its
    /// `<Module>ErrorCodes.swift` and of docs/error-codes.md.
    public static let wireCodes: [(module: String, codes: [ParseError.Code])] = [
        ("WireCore", wireCoreCodes), ("Bencode", bencodeCodes), ("PeerWire", peerWireCodes), ("AzureusWire", azureusCodes),
    ]

    /// The wire code whose string is `rawValue`, or nil: a lookup in the closed set, never a new code.
    public static func wire(_ rawValue: String) -> ParseError.Code? {
        wireCodes.lazy.flatMap(\.codes).first { $0.rawValue == rawValue }
    }
}
