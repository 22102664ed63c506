import Testing
import TestSupport
import WireCore
import WireDecode
import WireJSON

/// Every Azureus decode vector truncated and with single bytes changed (to 0x00, 0xff, and the byte with its
/// top bit flipped), at every position for fixtures up to 512 bytes and at 128 spread positions
/// for larger ones: decoding returns an envelope (success or a coded error) and never traps.
@Suite struct MutationTests {
    @Test(arguments: DecodeVector.load(.azPex, .azFrame))
    func mutationsNeverTrap(_ fixture: DecodeVector) {
        let raw = fixture.raw
        let step = raw.count <= 512 ? 1 : raw.count / 128
        var inputs: [[UInt8]] = []
        for position in stride(from: 0, to: raw.count, by: step) {
            inputs.append(Array(raw.prefix(position)))
            for replacement in [0x00, 0xff, raw[position] ^ 0x80] as [UInt8] {
                var mutated = raw
                mutated[position] = replacement
                inputs.append(mutated)
            }
        }
        for input in inputs {
            for mode in ParseMode.allCases {
                let envelope = WireDecoder.decode(fixture.kind, input, mode: mode).envelope
                #expect(envelope["ok"]?.boolValue != nil, "\(fixture.id)")
            }
        }
    }
}
