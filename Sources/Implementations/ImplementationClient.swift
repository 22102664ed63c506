import Conformance
import WireCore
import WireDecode
import WireJSON

/// Talks the implementation protocol to one harness: starts it, sends requests, checks each
/// answer's `seq` and shape, and turns every fault (exit, hang, malformed or oversized line,
/// wrong `seq`) into an ``ImplementationFault`` after which the harness is killed; the next
/// request starts it again.
public final class ImplementationClient {
    /// The limits every exchange is held to.
    public struct Limits: Sendable {
        /// Seconds for one answer (a request written and its line read back).
        public var deadline: Double
        /// Seconds for the answer to `start`, the process starting included.
        public var startDeadline: Double
        /// Bytes in one answer line, its newline not counted.
        public var maxLine: Int

        public init(deadline: Double = 10, startDeadline: Double = 20, maxLine: Int = 16 << 20) {
            self.deadline = deadline
            self.startDeadline = startDeadline
            self.maxLine = maxLine
        }
    }

    public let command: String
    public let limits: Limits
    /// What the harness said about itself the first time it started.
    public private(set) var capabilities: ImplementationCapabilities?
    /// How many times it was started.
    public private(set) var starts = 0
    /// The last fault's standard error tail, for the report.
    public private(set) var lastErrorTail = ""
    private var process: ImplementationProcess?
    private var seq = 0

    public init(command: String, limits: Limits = Limits()) {
        self.command = command
        self.limits = limits
    }

    deinit { process?.terminate() }

    /// Starts the harness when it is not running and returns its capabilities.
    @discardableResult
    public func start() throws(ImplementationFault) -> ImplementationCapabilities {
        if process != nil, let capabilities { return capabilities }
        starts += 1
        let started: ImplementationProcess
        do {
            started = try ImplementationProcess(command: command)
        } catch {
            throw ImplementationFault(.startFailed, error.description)
        }
        process = started
        let answer: JSONValue
        do {
            answer = try exchange(ImplementationProtocol.startRequest, deadline: limits.startDeadline)
        } catch {
            throw ImplementationFault(.startFailed, "no answer to start: \(error.message)")
        }
        let found: ImplementationCapabilities
        do {
            found = try ImplementationCapabilities(json: answer)
        } catch {
            stop()
            throw error
        }
        if let capabilities, capabilities != found {
            stop()
            throw ImplementationFault(.startFailed, "it restarted with other capabilities (\(found.label), was \(capabilities.label))")
        }
        capabilities = found
        return found
    }

    /// Decodes `bytes` as `kind` through the harness.
    public func decode(_ kind: DecodeKind, _ bytes: some Sequence<UInt8>, strict: Bool) throws(ImplementationFault) -> DecodeOutcome {
        let capabilities = try start()
        seq += 1
        let answer = try exchange(ImplementationProtocol.decodeRequest(seq: seq, kind: kind, bytes: bytes, strict: strict), deadline: limits.deadline)
        try checkSeq(answer)
        do {
            return try capabilities.outcome(of: answer)
        } catch {
            stop()
            throw error
        }
    }

    /// The harness's receive-path reactions to `messages`, one per message (nil: no reaction given).
    public func session(_ messages: [TranscriptMessage]) throws(ImplementationFault) -> [Reaction?] {
        try start()
        seq += 1
        let answer = try exchange(ImplementationProtocol.sessionRequest(seq: seq, messages: messages), deadline: limits.deadline)
        try checkSeq(answer)
        guard let items = answer["reactions"]?.arrayValue, items.count == messages.count else {
            stop()
            throw ImplementationFault(.malformedAnswer, "the answer to session has no reactions array of \(messages.count) entries")
        }
        var reactions: [Reaction?] = []
        for item in items {
            if item == .null {
                reactions.append(nil)
                continue
            }
            guard let kindName = item["kind"]?.stringValue, let kind = Reaction.Kind(rawValue: kindName) else {
                stop()
                throw ImplementationFault(.malformedAnswer, "a session reaction without a kind (accept, ignore, drop_peers, disconnect)")
            }
            reactions.append(
                Reaction(
                    kind, reason: item["reason"]?.stringValue.flatMap(Reaction.Reason.init(rawValue:)), learned: item["learned"]?.integerValue.flatMap { Int(exactly: $0) },
                    forgot: item["forgot"]?.integerValue.flatMap { Int(exactly: $0) },
                    violations: item["violations"]?.arrayValue.map { $0.compactMap(\.stringValue) }))
        }
        return reactions
    }

    /// Kills the harness; the next request starts it again.
    public func stop() {
        process?.terminate()
        process = nil
    }

    private func checkSeq(_ answer: JSONValue) throws(ImplementationFault) {
        guard answer["seq"]?.integerValue == Int64(seq) else {
            stop()
            let got = answer["seq"].map(\.description) ?? "none"
            throw ImplementationFault(.wrongSeq, "the answer has seq \(got), the request \(seq)")
        }
    }

    /// Writes `request` as one line and reads one JSON object back; any failure kills the harness.
    private func exchange(_ request: JSONValue, deadline: Double) throws(ImplementationFault) -> JSONValue {
        guard let process else { throw ImplementationFault(.crashed, "not running") }
        let line: [UInt8]
        do {
            line = try process.exchange(request.serialized(), deadline: deadline, maxLine: limits.maxLine)
        } catch {
            lastErrorTail = String(decoding: process.errorTail, as: UTF8.self)
            stop()
            let tail = lastErrorTail.isEmpty ? "" : "; its last standard error: \(Self.lastLine(of: lastErrorTail))"
            switch error {
            case .exited: throw ImplementationFault(.crashed, error.description + tail)
            case .timeout: throw ImplementationFault(.timeout, error.description)
            case .lineTooLong: throw ImplementationFault(.lineTooLong, error.description)
            case .spawnFailed: throw ImplementationFault(.startFailed, error.description)
            }
        }
        if let answer = try? JSONValue.parse(line), answer.objectMembers != nil {
            return answer
        }
        stop()
        let shown = line.count > 120 ? String(decoding: line.prefix(120), as: UTF8.self) + "…" : String(decoding: line, as: UTF8.self)
        throw ImplementationFault(.malformedAnswer, "not a JSON object: \(shown.debugDescription)")
    }

    private static func lastLine(of text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline)
        let last = lines.last.map(String.init) ?? ""
        return last.count > 200 ? String(last.prefix(200)) + "…" : last
    }
}
