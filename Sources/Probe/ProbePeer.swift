import Bencode
import NIOCore
import NIOPosix
import PeerWire
import PexModel
import WireCore

/// The probe's side of one connection, made to look like a real leecher so that the client
/// treats it as a peer worth sending PEX to: handshake with the extension bit, an extended
/// handshake that assigns ut_pex an id, a bitfield with no pieces, `interested`, and traffic
/// every ``ProbeConfiguration/keepAliveInterval``: a request for a block once the client has
/// unchoked us (libtorrent drops an interested, unchoked peer that requests nothing for 60 s:
/// "timed out: no request"), a keep-alive otherwise.
///
/// Owned by one case task. Every byte that crosses the wire goes into ``log``, within its caps.
package final class ProbePeer {
    package let connection: PeerConnection
    package let configuration: ProbeConfiguration
    private var wireLog: ConnectionLog
    /// Everything kept of what crossed the wire (bounded: see ``ConnectionLog``).
    package var log: [WireLogEntry] { wireLog.entries }
    /// Log entries left out over the log's caps.
    var logOmitted: Int { wireLog.omitted }
    /// What the client sent after its handshake, counted whatever the caps kept: frames, their
    /// bytes, keep-alives, and frames over the per-second cap (counted, not decoded one by one).
    private(set) var received = TrafficCount()
    package private(set) var remoteHandshake: Handshake?
    /// The payload of the client's extended handshake (extended id 0), as it came.
    package private(set) var remoteExtendedHandshake: [UInt8]?
    /// The client's `m`: extension name to the id the client wants for it.
    package private(set) var remoteExtensions: [String: UInt8] = [:]
    /// The `v` of the client's extended handshake.
    package private(set) var remoteVersion: String?
    /// How and when the connection ended, once it has.
    package private(set) var end: (reason: ConnectionEnd, time: Double)?
    private var iterator: AsyncStream<ConnectionEvent>.AsyncIterator
    private var backlog: [ConnectionEvent] = []
    private var timerSerial = 0
    /// True while the client has us unchoked.
    private var unchoked = false
    /// A piece the client has (the first its bitfield sets), for the periodic request.
    private var requestPiece: UInt32?

    /// The run's deadline on this connection's clock (``RunDeadline``): the opening and
    /// ``waitForEnd(seconds:)`` end there. Infinity: none.
    package var deadline: Double = .infinity
    /// True once the connection's clock has reached ``deadline``.
    package var pastDeadline: Bool { connection.clock.now() >= deadline }

    /// Bytes of the block the periodic request asks for: the usual 16 KiB.
    static let requestLength: UInt32 = 16 * 1024

    static let keepAliveTag = "keep-alive"

    /// The port announced as `p`, if any.
    package let announcedPort: UInt16?
    /// More for the extended handshake: keys beside `m`, `p`, `v` (the swarm's `e`) and
    /// extensions beside ut_pex in `m` (`ut_holepunch`), which a client's PEX flags must reflect.
    var extendedHandshakeExtras: (keys: BencodeDictionary, extensions: BencodeDictionary) = ([:], [:])

    package init(connection: PeerConnection, configuration: ProbeConfiguration, announcedPort: UInt16? = nil) {
        self.connection = connection
        self.configuration = configuration
        self.announcedPort = announcedPort ?? configuration.listenPort
        self.iterator = connection.events.makeAsyncIterator()
        self.wireLog = ConnectionLog(maxEntries: configuration.maxLogEntries, maxBytes: configuration.maxLogBytes)
        wireLog.append(WireLogEntry(kind: .event, time: 0, framing: .none, bytes: [], summary: "connected from \(connection.localAddress) to \(configuration.target)"))
    }

    /// The ut_pex id the client assigned in its `m`, if it did.
    package var remotePexID: UInt8? { remoteExtensions["ut_pex"].flatMap { $0 == 0 ? nil : $0 } }

    /// Names of the extended ids the client may send us: only what we assigned.
    package var inboundNames: [UInt8: String] { [configuration.pexExtensionID: "ut_pex"] }

    /// Names of the extended ids we may send the client: what it assigned.
    package var outboundNames: [UInt8: String] {
        Dictionary(remoteExtensions.filter { $0.value != 0 }.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
    }

    /// Why a connection could not be opened.
    package struct OpenFailure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Connects to the configured target from the `connectionIndex`-th source address.
    package static func open(connectionIndex index: Int, configuration: ProbeConfiguration, announcedPort: UInt16? = nil) async -> Result<ProbePeer, OpenFailure> {
        let target: SocketAddress
        let source: SocketAddress?
        do {
            target = try SocketAddress(ipAddress: configuration.target.ip.description, port: Int(configuration.target.port))
            source = try configuration.sourceAddress(index).map { try SocketAddress(ipAddress: $0.description, port: 0) }
        } catch {
            return .failure(OpenFailure(description: "bad address: \(error)"))
        }
        do {
            let connection = try await PeerConnection.open(
                to: target, from: source, group: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
            return .success(ProbePeer(connection: connection, configuration: configuration, announcedPort: announcedPort))
        } catch {
            let from = configuration.sourceAddress(index).map { " from \($0)" } ?? ""
            return .failure(OpenFailure(description: "cannot connect to \(configuration.target)\(from): \(error)"))
        }
    }

    // MARK: Events

    /// The next event: queued ones first, then the connection's. Received bytes are logged and
    /// keep-alive timers are handled here; nil once the connection has ended and all is taken.
    package func next() async -> ConnectionEvent? {
        while true {
            if !backlog.isEmpty { return backlog.removeFirst() }
            guard let event = await iterator.next() else { return nil }
            switch event {
            case .handshake(let handshake, let bytes, let time):
                connection.consumed(PeerChannelHandler.eventOverhead + event.byteCount)
                wireLog.append(WireLogEntry(kind: .received, time: time, framing: .handshake, bytes: bytes, summary: MessageSummary.handshake(handshake)))
            case .message(let message, let bytes, let time):
                connection.consumed(PeerChannelHandler.eventOverhead + event.byteCount)
                received.add(frames: 1, bytes: bytes.count, keepAlives: message == .keepAlive ? 1 : 0, at: time)
                wireLog.append(WireLogEntry(kind: .received, time: time, framing: .standard, bytes: bytes, summary: MessageSummary.message(message, names: inboundNames)))
                if message == .unchoke { unchoked = true }
                if message == .choke { unchoked = false }
            case .repeated(let message, let bytes, let count, let first, let last):
                connection.consumed(PeerChannelHandler.eventOverhead + event.byteCount)
                received.add(frames: count, bytes: bytes.count * count, keepAlives: message == .keepAlive ? count : 0, at: last)
                wireLog.append(WireLogEntry(
                    kind: .received, time: first, framing: .standard, bytes: bytes, summary: MessageSummary.message(message, names: inboundNames),
                    count: count, until: last))
            case .excess(let frames, let bytes, let keepAlives, let first, let last):
                connection.consumed(PeerChannelHandler.eventOverhead)
                received.add(frames: frames, bytes: bytes, keepAlives: keepAlives, at: last)
                received.excessFrames += frames
                wireLog.append(WireLogEntry(
                    kind: .event, time: first, framing: .none, bytes: [],
                    summary: "\(frames) frames (\(bytes) bytes, \(keepAlives) keep-alives) over the cap of \(configuration.maxFramesPerSecond) a second, counted, not decoded one by one",
                    until: last))
            case .closed(let reason, let partial, let time):
                end = (reason, time)
                if !partial.isEmpty {
                    wireLog.append(WireLogEntry(kind: .received, time: time, framing: .none, bytes: partial, summary: "\(partial.count) bytes of an unfinished frame"))
                }
                wireLog.append(WireLogEntry(kind: .event, time: time, framing: .none, bytes: [], summary: reason.description))
            case .timer(let tag, let time):
                if tag == Self.keepAliveTag {
                    if unchoked, let piece = requestPiece {
                        send(.request(index: piece, begin: 0, length: Self.requestLength))
                    } else {
                        sendFrame(PeerMessage.keepAlive.encoded, summary: "keep-alive", at: time)
                    }
                    connection.schedule(Self.keepAliveTag, after: configuration.keepAliveInterval)
                    continue
                }
            }
            return event
        }
    }

    /// A fresh tag, and a timer with it after `seconds`.
    package func startTimer(_ name: String, after seconds: Double) -> String {
        timerSerial += 1
        let tag = "\(name)#\(timerSerial)"
        connection.schedule(tag, after: seconds)
        return tag
    }

    // MARK: Sending

    /// Sends a standard frame and logs it; false when the connection is gone.
    @discardableResult
    package func send(_ message: PeerMessage) -> Bool {
        sendFrame(message.encoded, summary: MessageSummary.message(message, names: outboundNames), at: connection.clock.now())
    }

    /// Sends bytes that are meant to be one frame (they may be malformed on purpose).
    @discardableResult
    package func sendFrame(_ bytes: [UInt8], summary: String, at time: Double? = nil) -> Bool {
        let sent = connection.send(bytes)
        wireLog.append(WireLogEntry(kind: .sent, time: time ?? connection.clock.now(), framing: .standard, bytes: bytes, summary: sent ? summary : summary + " (not sent: connection closed)"))
        return sent
    }

    /// Sends `writes` one after another, `gap` seconds apart (a frame split across TCP
    /// segments), and logs `frames`, the whole frames they make, each with its summary. False
    /// when the connection is gone before the last write.
    @discardableResult
    package func sendWrites(_ writes: [[UInt8]], gap: Double, frames: [(bytes: [UInt8], summary: String)]) async -> Bool {
        let time = connection.clock.now()
        var sent = true
        for (n, write) in writes.enumerated() {
            if n > 0 && gap > 0 { try? await Task.sleep(for: .milliseconds(Int(gap * 1000))) }
            guard connection.send(write) else {
                sent = false
                break
            }
        }
        for frame in frames {
            let framing: WireLogEntry.Framing = frame.bytes.count >= 4 && frame.bytes.count == 4 + Int(BigEndian.uint32(frame.bytes, at: 0)) ? .standard : .none
            wireLog.append(WireLogEntry(kind: .sent, time: time, framing: framing, bytes: frame.bytes, summary: sent ? frame.summary : frame.summary + " (not sent: connection closed)"))
        }
        return sent
    }

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

    /// Waits up to `seconds`, and no later than ``deadline``, for the client to close the
    /// connection. Returns the end when it did, nil when the connection is still open (then
    /// ``pastDeadline`` says whether the deadline cut the wait short); other events are logged
    /// and dropped. The wait ends at its time even when events queue faster than they are taken.
    package func waitForEnd(seconds: Double) async -> (reason: ConnectionEnd, time: Double)? {
        if let end { return end }
        let seconds = min(seconds, max(0, self.deadline - connection.clock.now()))
        let tag = startTimer("settle", after: seconds)
        let deadline = connection.clock.now() + seconds
        while let event = await next() {
            switch event {
            case .closed(let reason, _, let time): return (reason, time)
            case .timer(let t, _) where t == tag: return nil
            default: if connection.clock.now() >= deadline { return nil }
            }
        }
        return end
    }

    /// Closes the connection (if the client has not) and takes the last events.
    package func finish() async {
        if end == nil { await connection.close() }
        while await next() != nil {}
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

    package static func seconds(_ value: Double) -> String {
        if let whole = Int(exactly: value) { return "\(whole) s" }
        return String(format: "%.1f s", value)
    }
}

/// Frames a client sent on one connection, counted whatever was kept of them.
struct TrafficCount: Sendable, Equatable {
    var frames = 0
    var bytes = 0
    var keepAlives = 0
    /// Frames over the per-second cap: counted here, never decoded one by one.
    var excessFrames = 0
    /// The time of the last frame counted.
    var last: Double?

    mutating func add(frames: Int, bytes: Int, keepAlives: Int, at time: Double) {
        self.frames += frames
        self.bytes += bytes
        self.keepAlives += keepAlives
        last = time
    }
}
