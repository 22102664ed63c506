/// The error codes WireCore raises: those of the code every framer shares.
extension ParseError.Code {
    /// A frame whose length prefix exceeds the configured maximum frame size (both framers, as
    /// soon as the prefix's 4 bytes are in).
    public static let frameTooLarge = Self("frame_too_large")

    /// Every code of WireCore, in the order of docs/error-codes.md.
    public static let wireCoreCodes: [Self] = [.frameTooLarge]
}
