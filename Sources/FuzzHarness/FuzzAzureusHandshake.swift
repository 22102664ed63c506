import AzureusWire
import Bencode
import WireCore

extension FuzzTargets {
    static let azureusHandshakeContract = ModeContract(
        target: "FuzzAzureusHandshake",
        tolerated: ModeContract.bencodeTolerated.union([
            .missingKey, .badIdentityLength, .invalidUTF8, .portOutOfRange, .valueOutOfRange,
            .integerMessageVersion, .badMessageEntry, .wrongType,
        ]))

    /// `FuzzAzureusHandshake`: the AZ_HANDSHAKE payload.
    ///
    /// Invariants:
    /// - the ``ModeContract`` between strict and lenient decoding;
    /// - the same bytes behind shifted, non-contiguous indices decode alike;
    /// - an accepted handshake, built again (``AZHandshake/encoded``) and decoded, gives the same
    ///   handshake up to the order and canonical form of the unknown keys; building that again
    ///   gives the same bytes;
    /// - the rebuilt payload carries no deviation but an identity that is not 20 bytes.
    public static func azureusHandshake(_ bytes: UnsafeRawBufferPointer) {
        let lenient = azureusHandshakeContract.decodeBothModes(
            AZHandshake.self, bytes, shiftedAlike: "AZ_HANDSHAKE decoding does not depend on the collection's indices or storage").lenient

        guard case .success(let decoded) = lenient else { return }
        let rebuilt = decoded.value.encoded
        guard let again = AZHandshake.decodeRebuilt(rebuilt, decodes: "a rebuilt AZ_HANDSHAKE decodes") else { return }
        invariant(again.value.inCanonicalOrder == decoded.value.inCanonicalOrder, "decode(build(x)) == x for AZ_HANDSHAKE")
        invariant(again.value.encoded == rebuilt, "building a decoded rebuilt AZ_HANDSHAKE gives the same bytes")
        invariant(again.warnings.allSatisfy { $0.code == .badIdentityLength },
                  "a rebuilt AZ_HANDSHAKE carries only the deviations its value holds", "\(again.warnings)")
    }
}

extension AZHandshake {
    /// The handshake with its unknown keys as the canonical encoder writes them.
    var inCanonicalOrder: AZHandshake {
        var copy = self
        copy.unknownKeys = BencodeValue.canonicalEntries(unknownKeys)
        return copy
    }
}
