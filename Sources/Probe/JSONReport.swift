import WireCore
import WireJSON

/// The report as one JSON object, each case with its full wire log (Autobahn style).
public enum JSONReport {
    public static func json(_ report: ProbeReport) -> JSONValue {
        var header: [(String, JSONValue)] = [
            ("target", .string(report.target)),
            ("info_hash", .string(Hex.encode(report.infoHash))),
            ("client", report.client.map(JSONValue.string) ?? .null),
            ("profile", report.profile.map(JSONValue.string) ?? .null),
            ("started", .string(report.startedText)),
            ("duration", .double((report.duration * 1000).rounded() / 1000)),
        ]
        header.append(("summary", [
            "cases": .integer(Int64(report.results.count)),
            "passed": .integer(Int64(report.count(.pass))),
            "failed": .integer(Int64(report.count(.fail))),
            "observed": .integer(Int64(report.count(.observed))),
            "skipped": .integer(Int64(report.count(.skipped))),
            "errors": .integer(Int64(report.count(.error))),
            "inconclusive": .integer(Int64(report.count(.inconclusive))),
        ]))
        header.append(("cases", .array(report.results.map(caseJSON))))
        return .object(header)
    }

    public static func render(_ report: ProbeReport) -> String { json(report).serialized(pretty: true) + "\n" }

    static func caseJSON(_ result: ProbeCaseResult) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(result.probeCase.id)),
            ("title", .string(result.probeCase.title)),
            ("document", .string(result.probeCase.document)),
            ("requirement", .string(result.probeCase.requirement)),
            ("verdict", .string(result.verdict.rawValue)),
            ("expected", .string(result.expected)),
            ("actual", .string(result.actual)),
        ]
        if let reaction = result.reaction { members.append(("reaction", .string(reaction.rawValue))) }
        if let observation = result.observation { members.append(("observation", .string(observation))) }
        members.append(("connection", .string(result.connection)))
        members.append(("log", .array(result.log.map { entry in
            [
                "t": .double((entry.time * 1000).rounded() / 1000),
                "kind": .string(entry.kind.rawValue),
                "framing": .string(entry.framing.rawValue),
                "hex": .string(Hex.encode(entry.bytes.prefix(maxLoggedBytes))),
                "length": .integer(Int64(entry.bytes.count)),
                "summary": .string(entry.summary),
            ]
        })))
        return .object(members)
    }

    /// Bytes of one log entry written as hex; the oversized-frame case sends 2 MiB, and its
    /// length is all a reader needs beyond the start.
    static let maxLoggedBytes = 4096
}
