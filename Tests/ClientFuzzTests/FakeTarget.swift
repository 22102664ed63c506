import NIOCore
import NIOPosix
import PeerWire

/// A small BitTorrent "client" on 127.0.0.1 for the fuzzer to run against: it answers the
/// handshake with its own, an extended handshake (ut_pex id 1) and a bitfield, then reads frames
/// and closes the connection when a ut_pex payload is not a bencoded dictionary (does not start
/// with `d`), as libtorrent does.
final class FakeTarget: Sendable {
    let port: Int
    private let channel: Channel

    private init(channel: Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    static func start(infoHash: [UInt8]) async throws -> FakeTarget {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture { try child.pipeline.syncOperations.addHandler(Handler(infoHash: infoHash)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeTarget(channel: channel, port: channel.localAddress?.port ?? 0)
    }

    func stop() async { try? await channel.close().get() }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let infoHash: [UInt8]
        private var buffer: [UInt8] = []
        private var greeted = false
        private var frames = PeerFrameDecoder()

        init(infoHash: [UInt8]) { self.infoHash = infoHash }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            var chunk = bytes.readBytes(length: bytes.readableBytes) ?? []
            if !greeted {
                buffer += chunk
                guard buffer.count >= 68 else { return }
                greeted = true
                chunk = Array(buffer.dropFirst(68))
                let handshake = Handshake(reserved: [.extensionProtocol], infoHash: infoHash, peerID: Array("-FK0001-abcdefghijkl".utf8))?.encoded ?? []
                let reply = handshake + PeerMessage.extended(id: 0, payload: Array("d1:md6:ut_pexi1ee1:v4:fakee".utf8)).encoded + PeerMessage.bitfield([0xFF]).encoded
                context.writeAndFlush(NIOAny(context.channel.allocator.buffer(bytes: reply)), promise: nil)
            }
            frames.append(chunk[...])
            while let message = try? frames.next() {
                if case .extended(1, let payload) = message, payload.first != UInt8(ascii: "d") {
                    context.close(promise: nil)
                    return
                }
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
    }
}
