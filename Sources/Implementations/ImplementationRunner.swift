import Conformance
import Foundation
import Report
import WireCore
import WireDecode
import WireJSON

/// One case of the suite as an implementation met it, while the runner fills it in.
public struct ImplementationCase: Sendable {
    public var id: String
    public var title: String
    public var requirement: String
    public var file: String?
    public var hazard: String?
    public var comparisons: [CaseResult.Comparison] = []
    /// Why the case is inconclusive or an error.
    public var reason: String?
    /// The fault that ended the case, when one did.
    public var fault: ImplementationFault?
    /// How many answers were judged.
    public var judged = 0
    /// One line per message (or vector): what was sent and what came back.
    public var log: [String] = []

    /// `error` after a fault, `fail` when an answer differed, `inconclusive` when nothing could be judged.
    public var verdict: Verdict {
        if fault != nil { return .error }
        if !comparisons.isEmpty { return .fail }
        return judged == 0 ? .inconclusive : .pass
    }

    mutating func differ(_ label: String, expected: String, actual: String) {
        comparisons.append(CaseResult.Comparison(label: label, expected: expected, actual: actual))
    }

    /// The case in the one result model; its log is the run's log named by the case id.
    public var result: CaseResult {
        var properties: [(name: String, value: String)] = []
        if let file { properties.append(("file", file)) }
        if let hazard { properties.append(("hazard", hazard)) }
        if let fault { properties.append(("fault", fault.code.rawValue)) }
        return CaseResult(
            id: id, title: title, requirement: requirement, verdict: verdict, comparisons: comparisons,
            evidence: ["\(judged) answer\(judged == 1 ? "" : "s") of the implementation judged"], reason: reason, log: id, properties: properties)
    }
}

/// The suite run through one implementation: each case's result, with what the harness said
/// about itself and how often it had to be started.
public struct ImplementationRun: Sendable {
    public var command: String
    /// Nil when the harness never answered `start`.
    public var capabilities: ImplementationCapabilities?
    public var cases: [ImplementationCase]
    public var starts: Int
    /// When the run started (ISO 8601) and how long it took.
    public var started: String?
    public var duration: Double?

    public func count(_ verdict: Verdict) -> Int { cases.count { $0.verdict == verdict } }

    /// True when something was judged and nothing failed or faulted: the only run that exits 0.
    public var allPassed: Bool { count(.pass) > 0 && count(.fail) == 0 && count(.error) == 0 }

    /// The run in the one result model, rendered by the Report module (text, JSON, JUnit, matrix).
    public var run: Run {
        var properties: [(name: String, value: JSONValue)] = [("starts", .integer(Int64(starts)))]
        if let capabilities { properties.insert(("implementation", capabilities.json), at: 0) }
        return Run(
            tool: "replay", subject: Subject(name: capabilities?.name, version: capabilities?.version, target: command), started: started,
            duration: duration, properties: properties, cases: cases.map(\.result),
            logs: cases.map { WireLog(id: $0.id, entries: $0.log.map { WireLog.Entry(kind: "message", summary: $0) }) })
    }
}

/// Runs the conformance suite through an implementation harness: every transcript message of a
/// kind it decodes, in each mode it has (lenient `expect`; strict `expect_strict`, or `expect`
/// where that holds in strict mode too), every decode vector, and the session cases when it
/// answers sessions; a fault is the case's error, and the harness is started again for the next case.
public struct ImplementationRunner {
    public let client: ImplementationClient
    /// Consecutive start failures after which the remaining cases are not tried (each is an error).
    public var maxFailedStarts = 3

    public init(client: ImplementationClient) {
        self.client = client
    }

    public func run(_ set: TranscriptSet, vectors: [DecodeVector] = []) -> ImplementationRun {
        let started = Date()
        var cases: [ImplementationCase] = []
        var failedStarts = 0
        var capabilities: ImplementationCapabilities?
        let all = set.entries.map { SuiteCase.transcript($0) } + vectors.map { SuiteCase.vector($0) }
        for suiteCase in all {
            var report = suiteCase.emptyReport
            if failedStarts >= maxFailedStarts {
                report.fault = ImplementationFault(.startFailed, "not tried: it failed to start \(failedStarts) times in a row")
                report.reason = report.fault?.description
                cases.append(report)
                continue
            }
            do {
                let found = try client.start()
                capabilities = found
                failedStarts = 0
                switch suiteCase {
                case .transcript(let entry): try check(entry.transcript, found, into: &report)
                case .vector(let vector): try check(vector, found, into: &report)
                }
            } catch {
                if error.code == .startFailed { failedStarts += 1 }
                report.fault = error
                report.reason = error.description
            }
            cases.append(report)
        }
        client.stop()
        return ImplementationRun(
            command: client.command, capabilities: capabilities ?? client.capabilities, cases: cases, starts: client.starts,
            started: ISO8601DateFormatter().string(from: started), duration: Date().timeIntervalSince(started))
    }

    /// The checks of one transcript: its messages' decodes, then its session.
    private func check(_ transcript: Transcript, _ capabilities: ImplementationCapabilities, into report: inout ImplementationCase) throws(ImplementationFault) {
        for (index, message) in transcript.messages.enumerated() {
            var log = LogText.line(index: index, message: message)
            defer { report.log.append(log) }
            guard capabilities.kinds.contains(message.decode), case .bytes(let input) = message.decodeInput else { continue }
            try judgeDecodes(
                message.decode, input, expect: message.expect, expectStrict: message.expectStrict, capabilities, checkPrefix: "message \(index), ",
                log: &log, into: &report)
        }
        let sessionChecks = Self.sessionExpectations(transcript)
        if capabilities.session && !sessionChecks.isEmpty {
            let reactions = try client.session(transcript.messages)
            for (index, expected) in sessionChecks {
                report.judged += 1
                guard let reaction = reactions[index] else {
                    report.differ("message \(index), session reaction", expected: expected.description, actual: "no reaction given")
                    continue
                }
                report.log.append("[\(index)] session: \(reaction)")
                if !expected.isMet(by: reaction) {
                    report.differ("message \(index), session reaction", expected: expected.description, actual: reaction.description)
                }
            }
        }
        if report.judged == 0 {
            let kinds = Set(transcript.messages.map(\.decode.rawValue)).sorted().joined(separator: ", ")
            report.reason = "it decodes none of this case's kinds (\(kinds))" + (sessionChecks.isEmpty || capabilities.session ? "" : " and answers no sessions")
        }
    }

    /// The checks of one decode vector.
    private func check(_ vector: DecodeVector, _ capabilities: ImplementationCapabilities, into report: inout ImplementationCase) throws(ImplementationFault) {
        guard capabilities.kinds.contains(vector.kind) else {
            report.reason = "it does not decode \(vector.kind.rawValue)"
            return
        }
        var log = "\(vector.kind.rawValue) \(LogText.hex(vector.bytes))"
        defer { report.log.append(log) }
        try judgeDecodes(vector.kind, vector.bytes, expect: vector.expect, expectStrict: vector.expectStrict, capabilities, log: &log, into: &report)
        if report.judged == 0 { report.reason = "the vector has no expectation for the modes it has (\(capabilities.strict ? "strict" : "lenient") only)" }
    }

    /// The decodes to ask for: lenient `expect` when it has lenient mode; in strict mode the

    /// Decodes `input` as `kind` through the harness in each mode the expectations and the
    /// harness both have, and judges each outcome: logged, counted, a mismatch named
    /// `checkPrefix` + `decode` or `decode (strict)` when it misses. A fault is logged and thrown.
    private func judgeDecodes(
        _ kind: DecodeKind, _ input: some Sequence<UInt8>, expect: ExpectedOutcome, expectStrict: ExpectedOutcome?,
        _ capabilities: ImplementationCapabilities, checkPrefix: String = "", log: inout String, into report: inout ImplementationCase
    ) throws(ImplementationFault) {
        for (expected, strict) in Self.expectations(expect, expectStrict, capabilities) {
            let outcome: DecodeOutcome
            do {
                outcome = try client.decode(kind, input, strict: strict)
            } catch {
                log += " | fault: \(error)"
                throw error
            }
            report.judged += 1
            log += " | \(strict ? "strict" : "lenient"): \(LogText.outcome(outcome))"
            if !expected.isMet(by: outcome, judging: capabilities.judgement) {
                report.differ(checkPrefix + (strict ? "decode (strict)" : "decode"), expected: expected.json.serialized(), actual: LogText.outcome(outcome))
            }
        }
    }
    /// case's `expect_strict`, or else `expect` where that must hold in strict mode too.
    static func expectations(_ lenient: ExpectedOutcome, _ strict: ExpectedOutcome?, _ capabilities: ImplementationCapabilities) -> [(ExpectedOutcome, Bool)] {
        var out: [(ExpectedOutcome, Bool)] = []
        if capabilities.lenient { out.append((lenient, false)) }
        if capabilities.strict {
            if let strict {
                out.append((strict, true))
            } else if lenient.holdsInStrictMode {
                out.append((lenient, true))
            }
        }
        return out
    }

    /// The reactions a session is judged on: those the case expects of a receiver whose profile
    /// is the reference (a third-party implementation is held to the recommendation, not to a
    /// deployed client's quirks).
    static func sessionExpectations(_ transcript: Transcript) -> [(Int, Reaction)] {
        // A session is one connection: a format 2 scenario (several connections, one timeline) is not sent as one.
        guard transcript.format == 1 else { return [] }
        return transcript.messages.enumerated().compactMap { index, message in
            guard let reaction = message.reaction, transcript.peers[message.direction.receiver].profile == ClientProfile.reference.id else { return nil }
            return (index, reaction)
        }
    }
}

/// One case of a run: a transcript, or a decode vector.
enum SuiteCase {
    case transcript(TranscriptSet.Entry)
    case vector(DecodeVector)

    var emptyReport: ImplementationCase {
        switch self {
        case .transcript(let entry):
            let t = entry.transcript
            return ImplementationCase(id: t.id, title: t.title, requirement: t.spec.requirement, file: entry.file, hazard: t.hazard)
        case .vector(let vector):
            return ImplementationCase(id: vector.id, title: vector.title, requirement: vector.requirement, file: vector.file)
        }
    }
}
