import Foundation
import NIOCore
import NIOPosix
import PeerWire
import Synchronization

/// A scripted stand-in for a BitTorrent client on 127.0.0.1: on each connection it writes
/// `script` at once; with `closeAfter` it ends its side of the connection (a FIN) once the probe
/// has sent something, and keeps reading until the probe closes too: closing the socket outright
/// while the probe's later bytes are still arriving would make the kernel answer with a reset,
/// which can discard the scripted bytes before the probe reads them.
final class FakeClient: Sendable {
    let port: Int
    private let channel: Channel

    private init(channel: Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// What the client does after its script.
    enum Then: Sendable {
        /// Nothing more (or a FIN with `closeAfter`).
        case nothing
        /// Writes `chunk` every 20 ms until the connection ends: a flood for the probe (4 KiB of
        /// keep-alives is 50,000 a second) that leaves the shared event loops time for the other tests.
        case flood([UInt8])
        /// Writes `bytes` after `seconds`.
        case later([UInt8], seconds: Double)
        /// Ends the connection with a TCP reset 0.3 s after the script is written.
        case reset
    }

    static func start(script: [UInt8], closeAfter: Bool, then: Then = .nothing) async throws -> FakeClient {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if case .reset = then { try child.syncOptions?.setOption(.autoRead, value: false) }
                    try child.pipeline.syncOperations.addHandler(ScriptHandler(script: script, closeAfter: closeAfter, then: then))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeClient(channel: channel, port: channel.localAddress?.port ?? 0)
    }

    /// A client that, like rtorrent, enables ut_pex on at most `cap` connections at a time: each
    /// connection gets a handshake, an extended handshake with `v` = `version` and `m.ut_pex` 1
    /// while fewer than `cap` other connections are open (0 otherwise), and a bitfield of one
    /// piece. It never closes a connection itself.
    static func startCapped(infoHash: [UInt8], cap: Int, version: String) async throws -> FakeClient {
        let open = OpenCount()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(CappedHandler(infoHash: infoHash, cap: cap, version: version, open: open))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeClient(channel: channel, port: channel.localAddress?.port ?? 0)
    }

    func stop() async {
        try? await channel.close().get()
    }

    /// A handshake with the extension bit for `infoHash`, then an extended handshake that
    /// gives ut_pex id 1.
    static func opening(infoHash: [UInt8]) -> [UInt8] {
        let handshake = Handshake(reserved: [.extensionProtocol], infoHash: infoHash, peerID: Array("-FK0001-abcdefghijkl".utf8))
        return (handshake?.encoded ?? []) + PeerMessage.extended(id: 0, payload: Array("d1:md6:ut_pexi1eee".utf8)).encoded
    }

    private final class ScriptHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let script: [UInt8]
        let closeAfter: Bool
        let then: Then
        private var outputClosed = false

        init(script: [UInt8], closeAfter: Bool, then: Then) {
            self.script = script
            self.closeAfter = closeAfter
            self.then = then
        }

        func channelActive(context: ChannelHandlerContext) {
            let channel = context.channel
            let written = script.isEmpty ? channel.eventLoop.makeSucceededVoidFuture() : channel.writeAndFlush(channel.allocator.buffer(bytes: script))
            switch then {
            case .nothing: break
            case .flood(let chunk):
                written.whenSuccess { Self.flood(channel, chunk) }
            case .later(let bytes, let seconds):
                channel.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
                    channel.writeAndFlush(channel.allocator.buffer(bytes: bytes), promise: nil)
                }
            case .reset:
                // The probe's bytes stay unread (autoRead is off), so closing makes the kernel
                // answer with a reset rather than a FIN.
                written.whenSuccess {
                    channel.eventLoop.scheduleTask(in: .milliseconds(300)) { channel.close(promise: nil) }
                }
            }
        }

        /// One chunk, and the next 20 ms after it is written: never more than one queued.
        private static func flood(_ channel: Channel, _ chunk: [UInt8]) {
            guard channel.isActive else { return }
            channel.writeAndFlush(channel.allocator.buffer(bytes: chunk)).whenSuccess {
                channel.eventLoop.scheduleTask(in: .milliseconds(20)) { flood(channel, chunk) }
            }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard closeAfter, !outputClosed else { return }
            outputClosed = true
            context.close(mode: .output, promise: nil)
        }
    }

    /// Connections open at once, shared by a capped client's handlers.
    private final class OpenCount: Sendable {
        let count = Mutex(0)
    }

    private final class CappedHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let infoHash: [UInt8]
        let cap: Int
        let version: String
        let open: OpenCount

        init(infoHash: [UInt8], cap: Int, version: String, open: OpenCount) {
            self.infoHash = infoHash
            self.cap = cap
            self.version = version
            self.open = open
        }

        func channelActive(context: ChannelHandlerContext) {
            let pexID = open.count.withLock { count in
                count += 1
                return count <= cap ? 1 : 0
            }
            let handshake = Handshake(reserved: [.extensionProtocol], infoHash: infoHash, peerID: Array("-FK0001-abcdefghijkl".utf8))
            let extended = "d1:md6:ut_pexi\(pexID)ee1:v\(version.utf8.count):\(version)e"
            let bytes = (handshake?.encoded ?? []) + PeerMessage.extended(id: 0, payload: Array(extended.utf8)).encoded + PeerMessage.bitfield([0x80]).encoded
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            open.count.withLock { $0 -= 1 }
        }
    }
}
