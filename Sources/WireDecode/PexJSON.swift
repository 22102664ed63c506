import PexModel
import WireCore
import WireJSON

/// The JSON shapes the ut_pex and Azureus kinds share, so that a peer reads the same in both.
enum PexJSON {
    /// A peer: `{"ip": text, "port": number}`, then the members only its dialect carries.
    static func peer(_ address: PeerAddress, _ dialectMembers: (inout JSONObject) -> Void = { _ in }) -> JSONValue {
        var members = JSONObject([("ip", .string(address.ip.description)), ("port", .integer(Int64(address.port)))])
        dialectMembers(&members)
        return members.value
    }

    /// An address alone, as text (`1.2.3.4`, `2001:db8::1`).
    static func address(_ ip: IPAddress) -> JSONValue { .string(ip.description) }

    /// A handshake type (AZ_PEER_EXCHANGE `_HST`, AZ_HANDSHAKE `handshake_type`): `"plain"` or `"crypto"`.
    static func handshakeType(_ type: HandshakeType) -> JSONValue {
        type == .plain ? "plain" : "crypto"
    }
}
