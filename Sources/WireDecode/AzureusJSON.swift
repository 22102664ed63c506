import WireCore
import WireJSON

// Filled in by the Azureus codecs (az-frame, az-pex).
func decodeAzureusFrameJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    throw ParseError("unsupported_kind", at: 0, "Azureus frame decoding is not built yet")
}

func decodeAzureusPexJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    throw ParseError("unsupported_kind", at: 0, "AZ_PEER_EXCHANGE decoding is not built yet")
}
