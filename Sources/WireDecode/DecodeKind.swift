import WireCore
import WireJSON

/// What `pexspec decode KIND` can decode: each kind is a wire structure with a fixed JSON form.
public enum DecodeKind: String, CaseIterable, Sendable {
    /// Any bencoded value.
    case bencode
    /// The 68-byte BitTorrent handshake.
    case handshake
    /// A stream of length-prefixed peer wire messages (after the handshake).
    case frames
    /// The bencoded payload of extended message 0 (BEP 10).
    case extHandshake = "ext-handshake"
    /// The bencoded payload of a ut_pex message.
    case utPex = "ut-pex"
    /// One whole Azureus frame, its length included.
    case azFrame = "az-frame"
    /// The bencoded payload of AZ_PEER_EXCHANGE.
    case azPex = "az-pex"
}

/// The result of one decode under the `pexspec decode` contract.
public struct DecodeOutcome: Sendable {
    public var result: Result<Decoded<JSONValue>, ParseError>

    public init(result: Result<Decoded<JSONValue>, ParseError>) {
        self.result = result
    }

    public var isSuccess: Bool {
        if case .success = result { return true }
        return false
    }

    /// The JSON envelope the CLI prints:
    /// `{"ok": true, "value": V, "warnings": [{"code": C, "offset": N}]}` or
    /// `{"ok": false, "error": {"code": C, "offset": N, "message": M}}`.
    public var envelope: JSONValue {
        switch result {
        case .success(let decoded):
            return [
                "ok": true,
                "value": decoded.value,
                "warnings": .array(decoded.warnings.map { Self.diagnostic($0.code, $0.offset).value }),
            ]
        case .failure(let error):
            var members = Self.diagnostic(error.code, error.offset)
            members.put("message", .string(error.message))
            return ["ok": false, "error": members.value]
        }
    }

    /// What a warning and an error both say: `{"code": C, "offset": N}`.
    private static func diagnostic(_ code: ParseError.Code, _ offset: Int) -> JSONObject {
        JSONObject([("code", .string(code.rawValue)), ("offset", .integer(Int64(offset)))])
    }
}

extension DecodeOutcome {
    /// The outcome for an input that was not read whole because it is longer than `limit` bytes.
    public static func inputTooLarge(limit: Int) -> DecodeOutcome {
        DecodeOutcome(result: .failure(ParseError(.inputTooLarge, at: limit, "the input is longer than \(limit) bytes (--max-input); nothing was decoded")))
    }
}

/// The single entry point behind `pexspec decode`, the conformance replay and the tests, so all
/// three print and compare the same JSON.
public enum WireDecoder {
    public static func decode(_ kind: DecodeKind, _ bytes: [UInt8], mode: ParseMode = .lenient) -> DecodeOutcome {
        let result: Result<Decoded<JSONValue>, ParseError>
        do throws(ParseError) {
            switch kind {
            case .bencode: result = .success(try decodeBencodeJSON(bytes, mode: mode))
            case .handshake: result = .success(try decodeHandshakeJSON(bytes, mode: mode))
            case .frames: result = .success(try decodeFramesJSON(bytes, mode: mode))
            case .extHandshake: result = .success(try decodeExtendedHandshakeJSON(bytes, mode: mode))
            case .utPex: result = .success(try decodeUTPexJSON(bytes, mode: mode))
            case .azFrame: result = .success(try decodeAzureusFrameJSON(bytes, mode: mode))
            case .azPex: result = .success(try decodeAzureusPexJSON(bytes, mode: mode))
            }
        } catch {
            result = .failure(error)
        }
        return DecodeOutcome(result: result)
    }
}
