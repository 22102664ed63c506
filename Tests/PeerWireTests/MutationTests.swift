import PeerWire
import Testing
import TestSupport
import WireCore
import WireDecode

/// Mutations of every fixture through every kind, in both modes: nothing traps, and strict mode
/// rejects exactly what lenient mode warns about.
@Suite struct MutationTests {
    static let seeds = DecodeVector.load(.handshake, .frames, .extHandshake, .utPex)

    static func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let position = out.isEmpty ? 0 : Int.random(in: 0..<out.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !out.isEmpty: out[position] = UInt8.random(in: 0...255, using: &rng)
            case 1 where !out.isEmpty: out.remove(at: position)
            case 2: out.insert(UInt8.random(in: 0...255, using: &rng), at: position)
            case 3: out = Array(out.prefix(position))
            default:
                let digits = Array("0123456789:eild".utf8)
                out.insert(digits[Int.random(in: 0..<digits.count, using: &rng)], at: position)
            }
        }
        return out
    }

    @Test(arguments: DecodeKind.allCases.filter { $0 != .azFrame && $0 != .azPex })
    func strictRejectsExactlyWhatLenientWarnsAbout(_ kind: DecodeKind) {
        var rng = SeededGenerator(seed: 0x5eed)
        for seed in Self.seeds {
            for _ in 0..<150 {
                let input = Self.mutate(seed.raw, &rng)
                let lenient = WireDecoder.decode(kind, input, mode: .lenient)
                let strict = WireDecoder.decode(kind, input, mode: .strict)
                let label = "\(kind.rawValue) \(Hex.encode(input))"
                switch lenient.result {
                case .failure:
                    #expect(strict.failure != nil, "\(label)")
                case .success(let decoded):
                    if let first = decoded.warnings.first {
                        #expect(strict.failure?.diagnostic == first.diagnostic, "\(label)")
                    } else {
                        #expect(strict.value?.value == decoded.value, "\(label)")
                    }
                }
            }
        }
    }

    /// Random chunkings of mutated streams give what one chunk gives.
    @Test func framesInRandomChunks() {
        var rng = SeededGenerator(seed: 0xf4a3e5)
        for seed in Self.seeds {
            for _ in 0..<40 {
                let input = Self.mutate(seed.raw, &rng)[...]
                var whole = PeerFrameDecoder(maxFrameSize: 4096)
                whole.append(input)
                let expected = Self.drain(&whole)
                var chunked = PeerFrameDecoder(maxFrameSize: 4096)
                var got: (messages: [PeerMessage], error: ParseError?) = ([], nil)
                var start = input.startIndex
                while start < input.endIndex, got.error == nil {
                    let end = min(input.endIndex, start + Int.random(in: 1...9, using: &rng))
                    chunked.append(input[start..<end])
                    let step = Self.drain(&chunked)
                    got.messages += step.messages
                    got.error = step.error
                    start = end
                }
                #expect(got.messages == expected.messages && got.error == expected.error, "\(Hex.encode(input))")
            }
        }
    }

    static func drain(_ decoder: inout PeerFrameDecoder) -> (messages: [PeerMessage], error: ParseError?) {
        var messages: [PeerMessage] = []
        do {
            while let message = try decoder.next() { messages.append(message) }
            return (messages, nil)
        } catch {
            return (messages, error)
        }
    }
}
