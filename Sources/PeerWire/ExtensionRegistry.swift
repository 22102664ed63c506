/// The BEP 10 extension ids of one connection, in both directions.
///
/// Extended message ids are local to the receiver: each side's handshake says which id *it*
/// wants each extension sent to it with. So:
/// - ``local`` is our `m`: the ids we receive on; ``incomingName(for:)`` reads it.
/// - ``remote`` is the peer's `m`: the ids we send with; ``outgoingID(for:)`` reads it.
///
/// Both tables follow BEP 10's rules for re-sent handshakes: `m` is additive (a name not
/// mentioned keeps its id), an id of 0 disables the extension, and a handshake without `m`
/// changes nothing. Each table stays one-to-one: when a name takes an id another name holds,
/// the other name loses it (the later assignment is the sender's current intent; with two
/// names sharing an id in one handshake, the later entry wins).
public struct ExtensionRegistry: Hashable, Sendable {
    /// Our extensions: name to the id we receive it on.
    public private(set) var local: [String: UInt8] = [:]
    /// The peer's extensions: name to the id we send it with.
    public private(set) var remote: [String: UInt8] = [:]

    public init() {}

    /// Records a handshake we sent (or are about to send): it updates ``local``.
    public mutating func sent(_ handshake: ExtendedHandshake) {
        Self.apply(handshake.messages, to: &local)
    }

    /// Records a handshake the peer sent: it updates ``remote``.
    public mutating func received(_ handshake: ExtendedHandshake) {
        Self.apply(handshake.messages, to: &remote)
    }

    /// The id to send extension `name` to the peer with; nil when the peer has not enabled it.
    public func outgoingID(for name: String) -> UInt8? { remote[name] }

    /// The extension an extended message from the peer with id `id` carries, by our ids; nil for
    /// id 0 (the handshake) and for ids we did not assign.
    public func incomingName(for id: UInt8) -> String? {
        guard id != 0 else { return nil }
        return local.first { $0.value == id }?.key
    }

    /// True when both sides have enabled `name`: we may send it and the peer may send it to us.
    public func isNegotiated(_ name: String) -> Bool { local[name] != nil && remote[name] != nil }

    private static func apply(_ messages: [ExtendedHandshake.Extension]?, to table: inout [String: UInt8]) {
        for entry in messages ?? [] {
            if entry.id == 0 {
                table[entry.name] = nil
                continue
            }
            if let holder = table.first(where: { $0.value == entry.id && $0.key != entry.name })?.key {
                table[holder] = nil
            }
            table[entry.name] = entry.id
        }
    }
}
