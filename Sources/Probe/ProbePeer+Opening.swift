import Bencode
import NIOCore
import NIOPosix
import PeerWire
import PexModel
import WireCore

extension ProbePeer {
    // MARK: Setting up

    /// Runs the opening of a BitTorrent connection as a leecher. Returns nil when the client
    /// answered the handshake and (if it set the extension bit) sent its extended handshake;
    /// otherwise what went wrong. Messages that arrive meanwhile stay queued for ``next()``.
    package func establish() async -> String? {
        var reserved = ReservedBits()
        reserved.insert(.extensionProtocol)
        guard let handshake = Handshake(reserved: reserved, infoHash: configuration.infoHash, peerID: Self.makePeerID()) else {
            return "the info-hash is not 20 bytes"
        }
        _ = connection.send(handshake.encoded)
        wireLog.append(WireLogEntry(kind: .sent, time: connection.clock.now(), framing: .handshake, bytes: handshake.encoded, summary: MessageSummary.handshake(handshake)))

        let handshakeTimer = startTimer("handshake-timeout", after: configuration.handshakeTimeout)
        let deadlineTimer = deadline.isFinite ? startTimer("run-deadline", after: max(0, deadline - connection.clock.now())) : nil
        let deadlineReached = RunDeadline.reason + " during the opening"
        var pending: [ConnectionEvent] = []
        defer { backlog = pending + backlog }
        waitHandshake: while true {
            guard let event = await next() else { return "the connection ended before the client's handshake" }
            switch event {
            case .handshake(let received, _, _):
                remoteHandshake = received
                break waitHandshake
            case .closed(let reason, _, let time): return String(format: "no handshake: %@ at %.2f s", reason.description, time)
            case .timer(let tag, _) where tag == handshakeTimer:
                return "no handshake within \(Self.seconds(configuration.handshakeTimeout))"
            case .timer(let tag, _) where tag == deadlineTimer:
                return deadlineReached
            case .timer, .message, .repeated, .excess: continue
            }
        }
        guard let received = remoteHandshake, received.infoHash == configuration.infoHash else {
            return "the client answered with another info-hash"
        }
        // BEP 10: extended messages only when both handshakes set the bit.
        if received.supportsExtensionProtocol { send(.extended(id: 0, payload: ownExtendedHandshake())) }

        // A seed sends its bitfield at once; wait a moment for it to size ours, and for the
        // extended handshake when the client set the extension bit.
        var haveBitfieldAnswer = false
        var haveExtended = !received.supportsExtensionProtocol
        var bitfieldLength: Int?
        let bitfieldTimer = startTimer("bitfield-wait", after: 3)
        while !(haveBitfieldAnswer && haveExtended) {
            guard let event = await next() else { return "the connection ended during the opening" }
            switch event {
            case .message(.extended(0, let payload), _, _) where remoteExtendedHandshake == nil:
                remoteExtendedHandshake = payload
                readExtendedHandshake(payload)
                haveExtended = true
            case .message(.bitfield(let bits), _, _) where !haveBitfieldAnswer:
                bitfieldLength = bits.count
                requestPiece = Self.firstPiece(in: bits)
                haveBitfieldAnswer = true
            case .message:
                haveBitfieldAnswer = true
                pending.append(event)
            case .closed(let reason, _, let time):
                return String(format: "closed during the opening: %@ at %.2f s", reason.description, time)
            case .timer(let tag, _) where tag == bitfieldTimer:
                haveBitfieldAnswer = true
            case .timer(let tag, _) where tag == handshakeTimer:
                if !haveExtended { return "no extended handshake within \(Self.seconds(configuration.handshakeTimeout))" }
            case .timer(let tag, _) where tag == deadlineTimer:
                return deadlineReached
            case .timer, .handshake, .repeated, .excess: continue
            }
        }
        if let bitfieldLength { send(.bitfield([UInt8](repeating: 0, count: bitfieldLength))) }
        send(.interested)
        connection.schedule(Self.keepAliveTag, after: configuration.keepAliveInterval)
        return nil
    }

    /// Our extended handshake: ut_pex under our id, `p` when configured, `v`.
    package func ownExtendedHandshake() -> [UInt8] {
        var m: BencodeDictionary = ["ut_pex": .integer(Int64(configuration.pexExtensionID))]
        for entry in extendedHandshakeExtras.extensions.entries { m.entries.append(entry) }
        var dict: BencodeDictionary = ["m": .dictionary(m)]
        for entry in extendedHandshakeExtras.keys.entries { dict.entries.append(entry) }
        if let port = announcedPort { dict["p"] = .integer(Int64(port)) }
        dict["v"] = "pexspec probe"
        return BencodeEncoder.encode(.dictionary(dict))
    }

    private func readExtendedHandshake(_ payload: [UInt8]) {
        guard let value = try? BencodeDecoder().decode(payload).value else { return }
        if case .dictionary(let m)? = value["m"] {
            for entry in m.entries {
                guard let name = String(validating: entry.key, as: UTF8.self), let id = entry.value.integer,
                    let byte = UInt8(exactly: id), remoteExtensions[name] == nil
                else { continue }
                remoteExtensions[name] = byte
            }
        }
        remoteVersion = value["v"]?.utf8String
    }

    /// The index of the first piece `bitfield` sets (bit 7 of byte 0 is piece 0).
    package static func firstPiece(in bitfield: [UInt8]) -> UInt32? {
        guard let byte = bitfield.firstIndex(where: { $0 != 0 }) else { return nil }
        return UInt32(byte * 8 + bitfield[byte].leadingZeroBitCount)
    }

    /// Azureus-style peer id: `-PX0100-` and 12 random characters.
    package static func makePeerID() -> [UInt8] {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        return Array("-PX0100-".utf8) + (0..<12).map { _ in alphabet.randomElement() ?? 0x30 }
    }
}
