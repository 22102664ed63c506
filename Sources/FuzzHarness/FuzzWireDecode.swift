import AzureusWire
import Bencode
import PeerWire
import WireCore
import WireDecode
import WireJSON

extension FuzzTargets {
    /// `FuzzWireDecode`: `WireDecoder.decode`, the entry point of `pexspec decode`, the replay
    /// and the decode vectors, and the JSON every report is written in. Byte 0 picks the
    /// ``DecodeKind`` (modulo their count); the rest is the input, decoded in both modes.
    ///
    /// Invariants, in each mode:
    /// - the envelope serialises, compact and pretty, and each text parses back (WireJSON's
    ///   reader) to the envelope;
    /// - the compact text is exactly one JSON object on one line: `{…}`, no newline;
    /// - `ok` is a boolean; with `ok` true there are `value` and `warnings`, with `ok` false an
    ///   `error` with `code`, `offset` and `message`, and nothing else;
    /// - every code is a declared wire code (``ParseError/Code/wireCodes``) and every offset lies
    ///   in the input;
    /// - the envelope's verdict (its error, or its warnings) is the typed decoder's, reached by a
    ///   second path where there is one: the zero-copy ``BencodeDocument`` for bencode, the
    ///   framer fed one byte at a time for frames;
    /// - strict accepts ⇒ lenient accepts the same value.
    public static func wireDecode(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else { return }
        let kind = DecodeKind.allCases[Int(first) % DecodeKind.allCases.count]
        let input = Array(bytes.dropFirst())
        var values: [ParseMode: JSONValue] = [:]
        for mode in ParseMode.allCases {
            let envelope = WireDecoder.decode(kind, input, mode: mode).envelope
            checkText(of: envelope)
            let verdict = WireVerdict(envelope: envelope)
            invariant(verdict != nil, "the envelope has the published shape", envelope.serialized())
            guard let verdict else { continue }
            invariant(verdict.diagnostics.allSatisfy { ParseError.Code.wire($0.code) != nil }, "every code is a declared wire code",
                      envelope.serialized())
            invariant(verdict.diagnostics.allSatisfy { (0...input.count).contains($0.offset) }, "every offset lies in the input",
                      envelope.serialized())
            for typed in typedVerdicts(kind, input, mode: mode) {
                invariant(typed == verdict, "the envelope's verdict is the typed decoder's",
                          "\(kind.rawValue) \(mode): \(envelope.serialized()) vs \(typed)")
            }
            if verdict.error == nil { values[mode] = envelope["value"] }
        }
        if let strict = values[.strict] {
            invariant(values[.lenient] == strict, "strict accepts => lenient accepts the same value", kind.rawValue)
        }
    }

    /// The envelope's text: one line, one object, read back equal.
    private static func checkText(of envelope: JSONValue) {
        let compact = envelope.serialized()
        invariant(compact.first == "{" && compact.last == "}" && !compact.utf8.contains(UInt8(ascii: "\n")),
                  "the envelope is one JSON object on one line", compact)
        for text in [compact, envelope.serialized(pretty: true)] {
            let parsed = outcome { () throws(JSONSyntaxError) in try JSONValue.parse(text) }
            invariant((try? parsed.get()) == envelope, "the envelope parses back equal", "\(text): \(parsed)")
        }
    }

    /// What the typed decoders make of `input`: the one `WireDecoder` calls, and a second path
    /// where the kind has one.
    private static func typedVerdicts(_ kind: DecodeKind, _ input: [UInt8], mode: ParseMode) -> [WireVerdict] {
        switch kind {
        case .bencode:
            let decoder = BencodeDecoder(mode: mode)
            return [
                WireVerdict { () throws(ParseError) in try decoder.decode(input).warnings },
                WireVerdict { () throws(ParseError) in try decoder.document(input).warnings },
            ]
        case .handshake:
            return [WireVerdict { () throws(ParseError) in try Handshake.decode(input, mode: mode).warnings }]
        case .frames:
            return [WireVerdict { () throws(ParseError) in
                // A second path: the framer fed one byte at a time, draining after each.
                var decoder = PeerFrameDecoder(mode: mode)
                var warnings: [ParseWarning] = []
                for byte in input {
                    decoder.append(CollectionOfOne(byte))
                    while let message = try decoder.nextDecoded() { warnings += message.warnings }
                }
                if decoder.hasPartialFrame { throw ParseError(.unexpectedEOF, at: input.count, "") }
                return warnings
            }]
        case .extHandshake:
            return [WireVerdict { () throws(ParseError) in try ExtendedHandshake.decode(input, mode: mode).warnings }]
        case .utPex:
            return [WireVerdict { () throws(ParseError) in try UTPexMessage.decode(input, mode: mode).warnings }]
        case .azFrame:
            return [WireVerdict { () throws(ParseError) in
                let frame = try AzureusFrame.decode(input, mode: mode)
                let message = try AzureusMessage.decode(frame.value, mode: mode, payloadOffset: frame.value.headerSize)
                return frame.warnings + message.warnings
            }]
        case .azPex:
            return [WireVerdict { () throws(ParseError) in try AZPeerExchange.decode(input, mode: mode).warnings }]
        }
    }
}

/// A decode's verdict as the envelope states it: the error, or the warnings (in any order).
struct WireVerdict: Equatable, CustomStringConvertible {
    struct Diagnostic: Hashable, Comparable {
        var code: String
        var offset: Int

        static func < (a: Diagnostic, b: Diagnostic) -> Bool { (a.offset, a.code) < (b.offset, b.code) }
    }

    var error: Diagnostic?
    /// Sorted, so that two paths that meet the same deviations in another order agree.
    var warnings: [Diagnostic]

    var diagnostics: [Diagnostic] { (error.map { [$0] } ?? []) + warnings }

    var description: String { error.map { "error \($0.code)@\($0.offset)" } ?? "warnings \(warnings.map { "\($0.code)@\($0.offset)" })" }

    /// The verdict of a typed decode.
    init(_ decode: () throws(ParseError) -> [ParseWarning]) {
        switch outcome(decode) {
        case .success(let warnings):
            error = nil
            self.warnings = warnings.map { Diagnostic(code: $0.code.rawValue, offset: $0.offset) }.sorted()
        case .failure(let failure):
            error = Diagnostic(code: failure.code.rawValue, offset: failure.offset)
            warnings = []
        }
    }

    /// The verdict an envelope states; nil when it is not of the published shape.
    init?(envelope: JSONValue) {
        guard let members = envelope.objectMembers, let ok = envelope["ok"]?.boolValue else { return nil }
        let keys = members.map(\.0)
        if ok {
            guard keys == ["ok", "value", "warnings"], let items = envelope["warnings"]?.arrayValue else { return nil }
            var warnings: [Diagnostic] = []
            for item in items {
                guard let warning = Self.diagnostic(item, keys: ["code", "offset"]) else { return nil }
                warnings.append(warning)
            }
            error = nil
            self.warnings = warnings.sorted()
        } else {
            guard keys == ["ok", "error"], let error = envelope["error"].flatMap({ Self.diagnostic($0, keys: ["code", "offset", "message"]) })
            else { return nil }
            self.error = error
            warnings = []
        }
    }

    private static func diagnostic(_ value: JSONValue, keys: [String]) -> Diagnostic? {
        guard value.objectMembers?.map(\.0) == keys, let code = value["code"]?.stringValue, let offset = value["offset"]?.integerValue,
            keys.count == 2 || value["message"]?.stringValue != nil
        else { return nil }
        return Diagnostic(code: code, offset: Int(offset))
    }
}
