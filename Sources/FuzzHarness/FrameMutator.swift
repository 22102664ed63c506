import WireCore

/// A frame-aware mutator for the stream targets (issue 9): it reads the input as a chunk plan
/// (``ChunkPlan``) and length-prefixed frames, and mutates at that level: a length prefix off by
/// one, frames split, joined, repeated, dropped or swapped, keep-alives inserted, extended ids
/// changed to ones negotiated or not, Azureus message ids and version bytes changed, and a
/// frame's bencoded payload mutated by ``BencodeMutator``. Whatever does not split into frames
/// goes to libFuzzer's byte mutation.
public struct FrameMutator: Sendable {
    public enum Dialect: Sendable {
        /// BitTorrent framing: length, id, payload; extended messages (id 20) carry an extended id.
        case peerWire
        /// Azureus framing: length, id length, id, version, payload.
        case azureus
    }

    public let dialect: Dialect
    let payloads: BencodeMutator

    public init(dialect: Dialect, payloadKeys: [String]) {
        self.dialect = dialect
        self.payloads = BencodeMutator(keys: payloadKeys)
    }

    static let azureusIDs = ["AZ_HANDSHAKE", "AZ_PEER_EXCHANGE", "BT_KEEP_ALIVE", "BT_CHOKE", "BT_HAVE", "BT_PIECE", "JPC_HELLO", "X"]

    /// `LLVMFuzzerCustomMutator`'s body for a stream target.
    public func mutate(_ data: UnsafeMutablePointer<UInt8>, size: Int, maxSize: Int, seed: UInt32,
                       fallback: (UnsafeMutablePointer<UInt8>, Int, Int) -> Int) -> Int {
        guard BencodeMutator.isEnabled else { return fallback(data, size, maxSize) }
        var random = MutationRandom(seed: UInt64(seed) | 3 << 40)
        let input = Array(UnsafeBufferPointer(start: data, count: size))
        guard let first = input.first, !random.chance(1, in: 8) else { return fallback(data, size, maxSize) }
        let headerLength = 1 + min(Int(first & 7), input.count - 1)
        var header = Array(input[..<headerLength])
        var (frames, tail) = Self.split(input[headerLength...])
        guard !frames.isEmpty || random.chance(1, in: 4) else { return fallback(data, size, maxSize) }

        for _ in 0..<Int.random(in: 1...2, using: &random) {
            switch Int.random(in: 0..<9, using: &random) {
            case 0:
                // A new chunk plan: sizes, mode and frame limit.
                header[0] = UInt8.random(in: 0...255, using: &random) & ~7 | UInt8(header.count - 1)
                for i in header.indices.dropFirst() { header[i] = UInt8.random(in: 0...16, using: &random) }
            case 1 where !frames.isEmpty:
                // A length prefix off by one (a frame cut by a split may have none left).
                let i = Int.random(in: 0..<frames.count, using: &random)
                guard frames[i].count >= 4 else { break }
                let length = BigEndian.uint32(frames[i], at: 0)
                var bytes: [UInt8] = []
                BigEndian.append(random.chance(1, in: 2) ? length &+ 1 : length &- 1, to: &bytes)
                frames[i].replaceSubrange(0..<4, with: bytes)
            case 2 where !frames.isEmpty:
                frames.insert(frames[Int.random(in: 0..<frames.count, using: &random)], at: Int.random(in: 0...frames.count, using: &random))
            case 3 where !frames.isEmpty:
                frames.remove(at: Int.random(in: 0..<frames.count, using: &random))
            case 4 where frames.count > 1:
                frames.swapAt(Int.random(in: 0..<frames.count, using: &random), Int.random(in: 0..<frames.count, using: &random))
            case 5:
                frames.insert(keepAlive, at: Int.random(in: 0...frames.count, using: &random))
            case 6 where !frames.isEmpty:
                // Split a frame: its first bytes, then the rest as the next frame would begin.
                let i = Int.random(in: 0..<frames.count, using: &random)
                let cut = Int.random(in: 0...frames[i].count, using: &random)
                tail = Array(frames[i][cut...]) + frames[(i + 1)...].flatMap { $0 } + tail
                frames = Array(frames[..<i]) + [Array(frames[i][..<cut])]
            case 7 where !frames.isEmpty:
                let i = Int.random(in: 0..<frames.count, using: &random)
                frames[i] = changeHeader(frames[i], random: &random)
            default:
                if let i = frames.indices.randomElement(using: &random), let mutated = mutatePayload(frames[i], maxSize: maxSize, seed: seed) {
                    frames[i] = mutated
                }
            }
        }
        let bytes = header + frames.flatMap { $0 } + tail
        guard bytes.count <= maxSize else { return fallback(data, size, maxSize) }
        for i in bytes.indices { data[i] = bytes[i] }
        return bytes.count
    }

    /// The whole frames at the start of `stream` (each with its length prefix) and what follows.
    static func split(_ stream: ArraySlice<UInt8>) -> (frames: [[UInt8]], tail: [UInt8]) {
        var frames: [[UInt8]] = []
        var at = stream.startIndex
        while stream.endIndex - at >= 4 {
            let length = Int(BigEndian.uint32(stream[at...], at: 0))
            guard length <= stream.endIndex - at - 4 else { break }
            frames.append(Array(stream[at..<(at + 4 + length)]))
            at += 4 + length
        }
        return (frames, Array(stream[at...]))
    }

    private var keepAlive: [UInt8] {
        switch dialect {
        case .peerWire: return [0, 0, 0, 0]
        case .azureus: return Self.azureusFrame(id: "BT_KEEP_ALIVE", version: 1, payload: [])
        }
    }

    static func azureusFrame(id: String, version: UInt8, payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        BigEndian.append(UInt32(4 + id.utf8.count + 1 + payload.count), to: &out)
        BigEndian.append(UInt32(id.utf8.count), to: &out)
        return out + Array(id.utf8) + [version] + payload
    }

    /// The frame's header and payload, split by dialect; nil when the frame is too short.
    private func parts(_ frame: [UInt8]) -> (header: [UInt8], payload: [UInt8])? {
        switch dialect {
        case .peerWire:
            // Extended messages: the extended id belongs to the header.
            let headerLength = frame.count > 5 && frame[4] == 20 ? 6 : 5
            guard frame.count >= headerLength else { return nil }
            return (Array(frame[..<headerLength]), Array(frame[headerLength...]))
        case .azureus:
            guard frame.count >= 9 else { return nil }
            let idLength = Int(BigEndian.uint32(frame, at: 4))
            guard idLength <= frame.count - 9 else { return nil }
            return (Array(frame[..<(9 + idLength)]), Array(frame[(9 + idLength)...]))
        }
    }

    /// Another message id, extended id or version, the length prefix kept right.
    private func changeHeader(_ frame: [UInt8], random: inout MutationRandom) -> [UInt8] {
        guard let (header, payload) = parts(frame) else { return frame }
        switch dialect {
        case .peerWire:
            var changed = header
            if header.count == 6 {
                // An extended id: the handshake, one negotiated by the seeds (1, 2, 3, 8) or not.
                changed[5] = [0, 1, 2, 3, 8, 200, 255][Int.random(in: 0..<7, using: &random)]
            } else {
                changed[4] = [0, 4, 5, 6, 7, 9, 20, 21][Int.random(in: 0..<8, using: &random)]
            }
            return changed + payload
        case .azureus:
            let id = Self.azureusIDs[Int.random(in: 0..<Self.azureusIDs.count, using: &random)]
            let version: UInt8 = [0, 1, 2, 3, 0x12, 0x22][Int.random(in: 0..<6, using: &random)]
            return Self.azureusFrame(id: id, version: version, payload: payload)
        }
    }

    /// The frame with its payload mutated as bencode, its length prefix updated.
    private func mutatePayload(_ frame: [UInt8], maxSize: Int, seed: UInt32) -> [UInt8]? {
        guard let (header, payload) = parts(frame), !payload.isEmpty else { return nil }
        var buffer = payload + [UInt8](repeating: 0, count: max(0, maxSize - payload.count))
        var usedFallback = false
        let size = buffer.withUnsafeMutableBufferPointer { raw in
            payloads.mutate(raw.baseAddress!, size: payload.count, maxSize: raw.count, seed: seed) { _, size, _ in
                usedFallback = true
                return size
            }
        }
        guard !usedFallback else { return nil }
        var out: [UInt8] = []
        BigEndian.append(UInt32(header.count - 4 + size), to: &out)
        return out + header[4...] + buffer[..<size]
    }
}
