// What the typed message decoders make of each input, one line per decoder configuration: to
// compare two builds over a corpus (`pexspec-bench dump-messages KIND FILE...`, see docs/benchmarks.md).
import AzureusWire
import Bencode
import PeerWire
import PexModel
import WireCore

enum MessageDump {
    static func outcome<T>(_ body: () throws(ParseError) -> Decoded<T>, _ describe: (T) -> String) -> String {
        do throws(ParseError) {
            let d = try body()
            return "ok \(describe(d.value)) warnings \(d.warnings.map { "\($0.code.rawValue)@\($0.offset):\($0.message)" })"
        } catch {
            return "error \(error.code.rawValue)@\(error.offset):\(error.message)"
        }
    }

    static func ext(_ h: ExtendedHandshake) -> String {
        "m=\(String(describing: h.messages)) p=\(String(describing: h.listenPort)) v=\(String(describing: h.clientVersion)) yourip=\(String(describing: h.yourIP)) ipv4=\(String(describing: h.ipv4)) ipv6=\(String(describing: h.ipv6)) reqq=\(String(describing: h.requestQueueSize)) e=\(String(describing: h.encryption)) md=\(String(describing: h.metadataSize)) uo=\(String(describing: h.uploadOnly)) ca=\(String(describing: h.completeAgo)) extra=\(h.extra) hash=\(h == h) enc=\(h.encoded)"
    }

    static func lines(kind: String, bytes: [UInt8]) -> [String] {
        var out: [String] = []
        for mode in [ParseMode.lenient, .strict] {
            for (name, bencode) in [("default", BencodeLimits.default), ("tight", BencodeLimits(maxDepth: 3, maxTokens: 40, maxIntegerDigits: 5))] {
                for maxPeers in [1000, 2] {
                    let pex = PexLimits(maxPeersPerList: maxPeers, bencode: bencode)
                    let tag = "\(mode) \(name) \(maxPeers)"
                    switch kind {
                    case "ut-pex":
                        out.append(tag + " " + outcome({ () throws(ParseError) in try UTPexMessage.decode(bytes, mode: mode, limits: pex) }, { "\($0)" }))
                        out.append(tag + " slice " + outcome({ () throws(ParseError) in try UTPexMessage.decode(bytes.lazy.map { $0 }, mode: mode, limits: pex) }, { "\($0)" }))
                    case "az-pex":
                        out.append(tag + " " + outcome({ () throws(ParseError) in try AZPeerExchange.decode(bytes, mode: mode, limits: pex) }, { "\($0)" }))
                    case "ext-handshake" where maxPeers == 1000:
                        out.append(tag + " " + outcome({ () throws(ParseError) in try ExtendedHandshake.decode(bytes, mode: mode, limits: bencode) }, ext))
                    case "az-handshake" where maxPeers == 1000:
                        out.append(tag + " " + outcome({ () throws(ParseError) in try AZHandshake.decode(bytes, mode: mode, limits: bencode) }, { "\($0)" }))
                    default: break
                    }
                }
            }
        }
        return out
    }
}
