import Bencode
import PeerWire
import WireCore

extension FuzzTargets {
    static let extendedHandshakeContract = ModeContract(
        target: "FuzzExtendedHandshake",
        tolerated: ModeContract.bencodeTolerated.union([
            .wrongType, .portOutOfRange, .valueOutOfRange, .badAddressLength, .duplicateExtensionID, .invalidUTF8,
        ]))

    /// `FuzzExtendedHandshake`: the BEP 10 extended handshake payload (extended message 0).
    ///
    /// Invariants:
    /// - the ``ModeContract`` between strict and lenient decoding;
    /// - the same bytes behind shifted, non-contiguous indices decode alike;
    /// - an accepted handshake, built again (``ExtendedHandshake/encoded``) and decoded, gives the
    ///   same handshake: equal as is when the input's dictionaries were sorted, equal up to the
    ///   order of `m` and of the unknown keys otherwise; building that again gives the same bytes;
    /// - the rebuilt payload carries no deviation but those the value itself holds (two names
    ///   sharing an id, a `v` that is not UTF-8);
    /// - strict accepts ⇒ building the handshake gives the input back;
    /// - the handshake framed as extended message 0 comes out of ``PeerFrameDecoder`` unchanged;
    /// - ``ExtensionRegistry`` tables stay one-to-one with no id 0, whichever side records it.
    public static func extendedHandshake(_ bytes: UnsafeRawBufferPointer) {
        let (lenient, strict) = extendedHandshakeContract.decodeBothModes(
            ExtendedHandshake.self, bytes, shiftedAlike: "extended handshake decoding does not depend on the collection's indices or storage")

        guard case .success(let decoded) = lenient else { return }
        let handshake = decoded.value
        let rebuilt = handshake.encoded
        if case .success = strict {
            invariant(rebuilt.elementsEqual(bytes), "an extended handshake strict accepts is rebuilt byte for byte")
        }
        guard let again = ExtendedHandshake.decodeRebuilt(rebuilt, decodes: "a rebuilt extended handshake decodes") else { return }
        let sorted = !decoded.warnings.contains { $0.code == .unsortedKeys || $0.code == .duplicateKey }
        invariant(sorted ? again.value == handshake : again.value.inCanonicalOrder == handshake.inCanonicalOrder,
                  "decode(build(x)) == x for extended handshakes")
        invariant(again.value.encoded == rebuilt, "building a decoded rebuilt handshake gives the same bytes")
        invariant(again.warnings.allSatisfy { [.duplicateExtensionID, .invalidUTF8].contains($0.code) },
                  "a rebuilt extended handshake carries only the deviations its value holds", "\(again.warnings)")

        var framer = PeerFrameDecoder()
        framer.append(handshake.message.encoded)
        let framed = outcome { () throws(ParseError) in try framer.next() }
        invariant(framed == .success(.extended(id: 0, payload: rebuilt)), "the framed handshake comes out of the framer unchanged")

        var registry = ExtensionRegistry()
        registry.received(handshake)
        registry.sent(handshake)
        for table in [registry.local, registry.remote] {
            invariant(!table.values.contains(0) && Set(table.values).count == table.count, "extension registry tables are one-to-one without id 0")
        }
        for (name, id) in registry.local {
            invariant(registry.incomingName(for: id) == name && registry.isNegotiated(name) && registry.outgoingID(for: name) == id,
                      "the registry finds each extension by its id, both ways")
        }
        for message in handshake.messages ?? [] {
            invariant(handshake.id(for: message.name) == message.id, "id(for:) reads m")
        }
        invariant(handshake.clientVersionString == handshake.clientVersion.flatMap { String(validating: $0, as: UTF8.self) },
                  "v reads as text exactly when it is UTF-8")
    }
}

extension ExtendedHandshake {
    /// The handshake with `m` sorted by name and the unknown keys in canonical order, as a
    /// decoder sees it after the canonical encoder has written it.
    var inCanonicalOrder: ExtendedHandshake {
        var copy = self
        copy.messages = messages?.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        copy.extra = BencodeDictionary(entries: BencodeValue.canonicalEntries(extra.entries))
        return copy
    }
}
