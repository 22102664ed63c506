import Bencode
import NIOCore
import NIOPosix
import PeerWire
import PexModel
import WireCore

/// The probe's side of one connection, made to look like a real leecher so that the client
/// treats it as a peer worth sending PEX to: handshake with the extension bit, an extended
/// handshake that assigns ut_pex an id, a bitfield with no pieces, `interested`, and traffic
/// every ``ProbeConfiguration/keepAliveInterval``: a request for a block once the client has
/// unchoked us (libtorrent drops an interested, unchoked peer that requests nothing for 60 s:
/// "timed out: no request"), a keep-alive otherwise.
///
/// Owned by one case task. Every byte that crosses the wire goes into ``log``, within its caps.
package final class ProbePeer {
    package let connection: PeerConnection
    package let configuration: ProbeConfiguration
    var wireLog: ConnectionLog
    /// Everything kept of what crossed the wire (bounded: see ``ConnectionLog``).
    package var log: [WireLogEntry] { wireLog.entries }
    /// Log entries left out over the log's caps.
    var logOmitted: Int { wireLog.omitted }
    /// What the client sent after its handshake, counted whatever the caps kept: frames, their
    /// bytes, keep-alives, and frames over the per-second cap (counted, not decoded one by one).
    var received = TrafficCount()
    package internal(set) var remoteHandshake: Handshake?
    /// The payload of the client's extended handshake (extended id 0), as it came.
    package internal(set) var remoteExtendedHandshake: [UInt8]?
    /// The client's `m`: extension name to the id the client wants for it.
    package internal(set) var remoteExtensions: [String: UInt8] = [:]
    /// The `v` of the client's extended handshake.
    package internal(set) var remoteVersion: String?
    /// How and when the connection ended, once it has.
    package internal(set) var end: (reason: ConnectionEnd, time: Double)?
    var iterator: AsyncStream<ConnectionEvent>.AsyncIterator
    var backlog: [ConnectionEvent] = []
    var timerSerial = 0
    /// True while the client has us unchoked.
    var unchoked = false
    /// A piece the client has (the first its bitfield sets), for the periodic request.
    var requestPiece: UInt32?

    /// The run's deadline on this connection's clock (``RunDeadline``): the opening and
    /// ``waitForEnd(seconds:)`` end there. Infinity: none.
    package var deadline: Double = .infinity
    /// True once the connection's clock has reached ``deadline``.
    package var pastDeadline: Bool { connection.clock.now() >= deadline }

    /// Bytes of the block the periodic request asks for: the usual 16 KiB.
    static let requestLength: UInt32 = 16 * 1024

    static let keepAliveTag = "keep-alive"

    /// The port announced as `p`, if any.
    package let announcedPort: UInt16?
    /// More for the extended handshake: keys beside `m`, `p`, `v` (the swarm's `e`) and
    /// extensions beside ut_pex in `m` (`ut_holepunch`), which a client's PEX flags must reflect.
    var extendedHandshakeExtras: (keys: BencodeDictionary, extensions: BencodeDictionary) = ([:], [:])

    package init(connection: PeerConnection, configuration: ProbeConfiguration, announcedPort: UInt16? = nil) {
        self.connection = connection
        self.configuration = configuration
        self.announcedPort = announcedPort ?? configuration.listenPort
        self.iterator = connection.events.makeAsyncIterator()
        self.wireLog = ConnectionLog(maxEntries: configuration.maxLogEntries, maxBytes: configuration.maxLogBytes)
        wireLog.append(WireLogEntry(kind: .event, time: 0, framing: .none, bytes: [], summary: "connected from \(connection.localAddress) to \(configuration.target)"))
    }

    /// The ut_pex id the client assigned in its `m`, if it did.
    package var remotePexID: UInt8? { remoteExtensions["ut_pex"].flatMap { $0 == 0 ? nil : $0 } }

    /// Names of the extended ids the client may send us: only what we assigned.
    package var inboundNames: [UInt8: String] { [configuration.pexExtensionID: "ut_pex"] }

    /// Names of the extended ids we may send the client: what it assigned.
    package var outboundNames: [UInt8: String] {
        Dictionary(remoteExtensions.filter { $0.value != 0 }.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
    }

    /// Why a connection could not be opened.
    package struct OpenFailure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Connects to the configured target from the `connectionIndex`-th source address.
    package static func open(connectionIndex index: Int, configuration: ProbeConfiguration, announcedPort: UInt16? = nil) async -> Result<ProbePeer, OpenFailure> {
        let target: SocketAddress
        let source: SocketAddress?
        do {
            target = try SocketAddress(ipAddress: configuration.target.ip.description, port: Int(configuration.target.port))
            source = try configuration.sourceAddress(index).map { try SocketAddress(ipAddress: $0.description, port: 0) }
        } catch {
            return .failure(OpenFailure(description: "bad address: \(error)"))
        }
        do {
            let connection = try await PeerConnection.open(
                to: target, from: source, group: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
            return .success(ProbePeer(connection: connection, configuration: configuration, announcedPort: announcedPort))
        } catch {
            let from = configuration.sourceAddress(index).map { " from \($0)" } ?? ""
            return .failure(OpenFailure(description: "cannot connect to \(configuration.target)\(from): \(error)"))
        }
    }

    package static func seconds(_ value: Double) -> String {
        if let whole = Int(exactly: value) { return "\(whole) s" }
        return String(format: "%.1f s", value)
    }
}
