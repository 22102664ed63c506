import Bencode

/// The extended ids one peer assigned in its extended handshakes (BEP 10 `m`): the ids the other
/// peer must use when it sends to this one. Re-sent handshakes are additive and 0 disables.
struct ExtensionTable: Sendable {
    private var ids: [String: UInt8] = [:]
    /// Whether this peer has sent an extended handshake in the transcript.
    private(set) var isKnown = false

    /// Applies the `m` dictionary of an extended handshake payload.
    mutating func apply(handshakePayload payload: ArraySlice<UInt8>) {
        guard let root = try? BencodeDecoder(mode: .lenient).decode(payload).value, let m = root["m"]?.dictionary else { return }
        isKnown = true
        for entry in m.entries {
            guard let name = String(validating: entry.key, as: UTF8.self), let id = entry.value.integer else { continue }
            if id > 0, id <= 255 { ids[name] = UInt8(id) } else if id == 0 { ids[name] = nil }
        }
    }

    /// The extension this peer assigned `id` to; nil when unassigned or disabled.
    func name(for id: UInt8) -> String? {
        ids.first { $0.value == id }?.key
    }
}
