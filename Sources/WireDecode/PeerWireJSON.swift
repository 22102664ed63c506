import WireCore
import WireJSON

// Filled in by the PeerWire codecs (handshake, frames, ext-handshake, ut-pex).
func decodeHandshakeJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    throw ParseError("unsupported_kind", at: 0, "handshake decoding is not built yet")
}

func decodeFramesJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    throw ParseError("unsupported_kind", at: 0, "frame decoding is not built yet")
}

func decodeExtendedHandshakeJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    throw ParseError("unsupported_kind", at: 0, "extended handshake decoding is not built yet")
}

func decodeUTPexJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    throw ParseError("unsupported_kind", at: 0, "ut_pex decoding is not built yet")
}
