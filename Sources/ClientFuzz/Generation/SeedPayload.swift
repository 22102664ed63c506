/// One starting point for the generator: a payload (or, for framing and Azureus, whole frames)
/// and where it comes from.
public struct SeedPayload: Sendable, Hashable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}
