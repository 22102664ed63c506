import Testing
import TestSupport
import WireCore
import WireDecode

/// Every published decode vector (Conformance/vectors/) through `WireDecoder.decode`, the entry
/// point of `pexspec decode`, in both modes: the envelope, error message aside, is the vector's.
@Suite struct DecodeVectorTests {
    static let vectors = DecodeVector.load(.bencode, .handshake, .frames, .extHandshake, .utPex, .azFrame, .azPex)

    @Test func everyKindHasVectors() {
        for kind in DecodeKind.allCases {
            #expect(Self.vectors.filter { $0.kind == kind && !$0.id.hasPrefix("broken") }.count >= 10, "\(kind.rawValue)")
        }
    }

    @Test(arguments: vectors, ParseMode.allCases)
    func envelope(_ vector: DecodeVector, mode: ParseMode) {
        #expect(vector.decoded(mode) == vector.expected(mode), "\(vector.id) (\(mode))")
    }
}
