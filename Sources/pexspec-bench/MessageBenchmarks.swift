import AzureusWire
import PeerWire
import WireCore

/// The message parsers over the same message sets as the bencode benchmarks, and the incremental
/// framers over a 100 MB stream fed in 1 KiB chunks.
enum MessageBenchmarks {
    static let streamTarget = 100_000_000
    static let chunkSize = 1024

    static func make(_ inputs: [LoadedInput]) -> [Benchmark] {
        var result: [Benchmark] = []
        if let pex = inputs.first(where: { $0.input.name == "ut_pex" }) {
            result.append(parser(pex, path: "UTPexMessage") { try UTPexMessage.decode($0).value.added.count })
        }
        if let handshakes = inputs.first(where: { $0.input.name == "ext_handshake" }) {
            result.append(parser(handshakes, path: "ExtendedHandshake") { Int(try ExtendedHandshake.decode($0).value.listenPort ?? 0) })
        }
        if let az = inputs.first(where: { $0.input.name == "az_peer_exchange" }) {
            result.append(parser(az, path: "AZPeerExchange") { try AZPeerExchange.decode($0).value.added.count })
        }
        if let pex = inputs.first(where: { $0.input.name == "ut_pex" }), let az = inputs.first(where: { $0.input.name == "az_peer_exchange" }) {
            result.append(peerWireFramer(pex))
            result.append(azureusFramer(az))
        }
        return result
    }

    /// One parser over every message of an input, one message at a time.
    static func parser(_ loaded: LoadedInput, path: String, _ parse: @escaping (ArraySlice<UInt8>) throws -> Int) -> Benchmark {
        let bytes = loaded.bytes
        let ranges = loaded.ranges
        let name = loaded.input.name
        return Benchmark(
            input: name, path: path, bytesPerPass: loaded.payloadBytes, messagesPerPass: ranges.count,
            pass: {
                var n = 0
                for range in ranges {
                    do { n &+= try parse(bytes[range]) } catch { benchFailure("\(name) \(path)", error) }
                }
                return n
            },
            retainAll: {
                ranges.map { range -> Any in
                    do { return try parse(bytes[range]) } catch { benchFailure("\(name) \(path)", error) }
                }
            })
    }

    /// A peer wire session's traffic, repeated to 100 MB: per round a 16 KiB piece, four haves,
    /// two requests and one ut_pex message from the input set.
    static func peerWireStream(_ pex: LoadedInput) -> (bytes: [UInt8], messages: Int) {
        var stream: [UInt8] = []
        stream.reserveCapacity(streamTarget + 32 * 1024)
        let block = [UInt8](repeating: 0xA5, count: 16 * 1024)
        var messages = 0
        var round = 0
        while stream.count < streamTarget, !pex.ranges.isEmpty {
            let index = UInt32(truncatingIfNeeded: round)
            stream += PeerMessage.piece(index: index, begin: 0, block: block).encoded
            for k in 0..<4 { stream += PeerMessage.have(pieceIndex: index &+ UInt32(k)).encoded }
            for k in 0..<2 { stream += PeerMessage.request(index: index, begin: UInt32(k) * 16_384, length: 16_384).encoded }
            stream += PeerMessage.extended(id: 1, payload: Array(pex.bytes[pex.ranges[round % pex.ranges.count]])).encoded
            messages += 8
            round += 1
        }
        return (stream, messages)
    }

    /// The same traffic in Azureus framing: BT_PIECE, BT_HAVE, BT_REQUEST and AZ_PEER_EXCHANGE.
    static func azureusStream(_ az: LoadedInput) -> (bytes: [UInt8], messages: Int) {
        var stream: [UInt8] = []
        stream.reserveCapacity(streamTarget + 32 * 1024)
        let block = [UInt8](repeating: 0xA5, count: 16 * 1024)
        func frame(_ name: String, _ payload: [UInt8]) -> [UInt8] {
            AzureusFrame(messageID: AzureusMessageID(name: name), payload: payload).encoded
        }
        var messages = 0
        var round = 0
        while stream.count < streamTarget, !az.ranges.isEmpty {
            let index = UInt32(truncatingIfNeeded: round)
            stream += frame("BT_PIECE", Array(PeerMessage.piece(index: index, begin: 0, block: block).payload))
            for k in 0..<4 { stream += frame("BT_HAVE", PeerMessage.have(pieceIndex: index &+ UInt32(k)).payload) }
            for k in 0..<2 { stream += frame("BT_REQUEST", PeerMessage.request(index: index, begin: UInt32(k) * 16_384, length: 16_384).payload) }
            stream += frame("AZ_PEER_EXCHANGE", Array(az.bytes[az.ranges[round % az.ranges.count]]))
            messages += 8
            round += 1
        }
        return (stream, messages)
    }

    /// Builds a 100 MB stream on first use only, so listing or running other benchmarks skips it.
    final class LazyStream {
        private let build: () -> (bytes: [UInt8], messages: Int)
        lazy var value: (bytes: [UInt8], messages: Int) = build()
        init(_ build: @escaping () -> (bytes: [UInt8], messages: Int)) { self.build = build }
    }

    static func framer(input: String, path: String, lazyStream: LazyStream, _ feed: @escaping (ArraySlice<UInt8>, inout Int) -> Void, reset: @escaping () -> Void) -> Benchmark {
        let pass = {
            let (stream, messages) = lazyStream.value
            reset()
            var n = 0
            var at = 0
            while at < stream.count {
                let next = min(at + chunkSize, stream.count)
                feed(stream[at..<next], &n)
                at = next
            }
            if n != messages { benchFailure("\(input) \(path)", FileIO.Failure(description: "\(n) messages, expected \(messages)")) }
            return n
        }
        return Benchmark(
            input: input, path: path, bytesPerPass: lazyStream.value.bytes.count, messagesPerPass: lazyStream.value.messages,
            pass: pass, retainAll: { [pass()] })
    }

    static func peerWireFramer(_ pex: LoadedInput) -> Benchmark {
        nonisolated(unsafe) var decoder = PeerFrameDecoder()
        return framer(
            input: "peer_wire_100MB", path: "PeerFrameDecoder", lazyStream: LazyStream { peerWireStream(pex) },
            { chunk, n in
                decoder.append(chunk)
                do {
                    while try decoder.next() != nil { n += 1 }
                } catch { benchFailure("PeerFrameDecoder", error) }
            },
            reset: { decoder = PeerFrameDecoder() })
    }

    static func azureusFramer(_ az: LoadedInput) -> Benchmark {
        nonisolated(unsafe) var decoder = AzureusFrameDecoder()
        return framer(
            input: "azureus_100MB", path: "AzureusFrameDecoder", lazyStream: LazyStream { azureusStream(az) },
            { chunk, n in
                decoder.append(chunk)
                do {
                    while try decoder.next() != nil { n += 1 }
                } catch { benchFailure("AzureusFrameDecoder", error) }
            },
            reset: { decoder = AzureusFrameDecoder() })
    }
}
