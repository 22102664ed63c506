import WireCore

/// The error codes the probe raises itself (the wire's are the codecs').
extension ParseError.Code {
    /// A .torrent file whose root has no `info` dictionary.
    public static let noInfoDictionary = Self("no_info_dictionary")

    /// Every code of the probe, in the order of docs/error-codes.md.
    public static let probeCodes: [Self] = [.noInfoDictionary]
}
