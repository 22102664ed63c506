import Bencode
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PeerWire
import PexModel
import WireCore

/// One connection a client made to a canary: who dialled, when, and what it said.
struct CanaryHit: Sendable, Equatable {
    /// Seconds since the swarm started.
    var time: Double
    /// The client's side of the connection (`127.0.0.1:40312`).
    var from: String
    /// The info-hash of the client's handshake; nil when the first bytes were not a plaintext
    /// BitTorrent handshake (an MSE-encrypted dial, say).
    var infoHash: [UInt8]?
    /// The first byte the client sent, when it was not a BitTorrent handshake's 19.
    var firstByte: UInt8?
    /// The `v` of the client's extended handshake, when one came.
    var clientVersion: String?
    /// The client's `m` names, when its extended handshake came.
    var extensions: [String]?
}

/// A listening socket on loopback that records every connection made to it and never blocks
/// the probe: it accepts any number of connections, answers a plaintext handshake with one of
/// its own and an extended handshake (so the client counts it as a connected peer and may list
/// it in its PEX), keeps the connection open until the run ends and discards what follows.
///
/// Bounds: at most ``maxHitsKept`` hits are kept per canary (``hitCount`` counts them all), the
/// frame decoder takes frames of at most 64 KiB, and a connection holds no more than one frame.
final class Canary: Sendable {
    /// The address the client is told about (IP and the port the system gave the listener).
    let address: PeerAddress
    private let channel: Channel
    private let state: NIOLockedValueBox<State>

    static let maxHitsKept = 64

    struct State: Sendable {
        var hits: [CanaryHit] = []
        var hitCount = 0
        var children: [ObjectIdentifier: Channel] = [:]
        var closed = false
    }

    private init(address: PeerAddress, channel: Channel, state: NIOLockedValueBox<State>) {
        self.address = address
        self.channel = channel
        self.state = state
    }

    /// Listens on `ip` at an ephemeral port. `clock` gives seconds since the swarm started.
    static func listen(on ip: IPAddress, group: EventLoopGroup, clock: ConnectionClock) async throws -> Canary {
        let state = NIOLockedValueBox(State())
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let remote = child.remoteAddress.map(SwarmAddress.describe) ?? "?"
                    let registered = state.withLockedValue { s -> Bool in
                        guard !s.closed else { return false }
                        s.children[ObjectIdentifier(child)] = child
                        return true
                    }
                    guard registered else { throw ChannelError.ioOnClosedChannel }
                    try child.pipeline.syncOperations.addHandler(CanaryHandler(remote: remote, clock: clock, state: state))
                }
            }
            .bind(host: ip.description, port: 0).get()
        guard let port = channel.localAddress?.port, let bound = UInt16(exactly: port) else {
            try? await channel.close().get()
            throw ChannelError.unknownLocalAddress
        }
        return Canary(address: PeerAddress(ip: ip, port: bound), channel: channel, state: state)
    }

    /// Every hit kept so far, oldest first.
    var hits: [CanaryHit] { state.withLockedValue { $0.hits } }
    /// Every connection the client made, kept or not.
    var hitCount: Int { state.withLockedValue { $0.hitCount } }

    /// Closes the listener and every connection it accepted.
    func close() async {
        let children = state.withLockedValue { s -> [Channel] in
            s.closed = true
            return Array(s.children.values)
        }
        for child in children { try? await child.close().get() }
        try? await channel.close().get()
    }
}

/// The handler of one connection a client made to a canary.
private final class CanaryHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let remote: String
    private let clock: ConnectionClock
    private let state: NIOLockedValueBox<Canary.State>
    private var hitIndex: Int?
    private var handshake: [UInt8] = []
    private var frames = PeerFrameDecoder(maxFrameSize: 64 * 1024)
    private var answered = false
    private var extendedSeen = false

    init(remote: String, clock: ConnectionClock, state: NIOLockedValueBox<Canary.State>) {
        self.remote = remote
        self.clock = clock
        self.state = state
    }

    func channelActive(context: ChannelHandlerContext) {
        let hit = CanaryHit(time: clock.now(), from: remote)
        hitIndex = state.withLockedValue { s -> Int? in
            s.hitCount += 1
            guard s.hits.count < Canary.maxHitsKept else { return nil }
            s.hits.append(hit)
            return s.hits.count - 1
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.withLockedValue { _ = $0.children.removeValue(forKey: ObjectIdentifier(context.channel)) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let chunk = buffer.readBytes(length: buffer.readableBytes) ?? []
        var rest = chunk[...]
        if !answered {
            if handshake.isEmpty, let first = rest.first, first != 19 {
                update { $0.firstByte = first }
                context.close(promise: nil)
                return
            }
            let wanted = Handshake.length - handshake.count
            handshake += rest.prefix(wanted)
            rest = rest.dropFirst(wanted)
            guard handshake.count == Handshake.length else { return }
            guard let parsed = try? Handshake(parsing: handshake) else {
                update { $0.firstByte = self.handshake.first }
                context.close(promise: nil)
                return
            }
            answered = true
            update { $0.infoHash = parsed.infoHash }
            var reserved = ReservedBits()
            reserved.insert(.extensionProtocol)
            if let answer = Handshake(reserved: reserved, infoHash: parsed.infoHash, peerID: ProbePeer.makePeerID()) {
                var out = answer.encoded
                if parsed.supportsExtensionProtocol {
                    let payload = BencodeEncoder.encode(["m": ["ut_pex": 6], "v": "pexspec canary"])
                    out += PeerMessage.extended(id: 0, payload: payload).encoded
                }
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: out)), promise: nil)
            }
        }
        guard !rest.isEmpty else { return }
        frames.append(rest)
        while true {
            do {
                guard let message = try frames.next() else { break }
                if !extendedSeen, case .extended(0, let payload) = message {
                    extendedSeen = true
                    let value = try? BencodeDecoder().decode(payload).value
                    let names = value?["m"]?.dictionary?.entries.compactMap { String(validating: $0.key, as: UTF8.self) }
                    let version = value?["v"]?.utf8String.map { String($0.prefix(64)) }
                    update {
                        $0.extensions = names.map { Array($0.prefix(32)) }
                        $0.clientVersion = version
                    }
                }
            } catch {
                context.close(promise: nil)
                return
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func update(_ body: (inout CanaryHit) -> Void) {
        guard let hitIndex else { return }
        state.withLockedValue { s in
            guard hitIndex < s.hits.count else { return }
            body(&s.hits[hitIndex])
        }
    }

    typealias OutboundOut = ByteBuffer
}

/// Socket address text, `127.0.0.2:40123` or `[::1]:40123`.
enum SwarmAddress {
    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
