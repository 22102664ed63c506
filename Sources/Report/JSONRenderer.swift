import WireJSON

/// A run as one JSON object, format `pexspec-report` version 2 (docs/reports.md): the subject,
/// the counts, every case, and each wire log once under `logs`, referenced by the cases' `log`.
public enum JSONRenderer {
    public static let format = "pexspec-report"
    public static let version = 2

    /// Writes the report to `out` a case and a log at a time (pretty, ending in a newline).
    public static func write(_ run: Run, to out: inout some TextOutputStream) {
        out.write("{")
        var first = true
        func member(_ key: String, _ value: JSONValue) {
            var text = first ? "\n  " : ",\n  "
            first = false
            text += JSONValue.string(key).serialized() + ": "
            value.write(to: &text, pretty: true, indent: 1)
            out.write(text)
        }
        func list(_ key: String, _ items: [JSONValue]) {
            out.write((first ? "\n  " : ",\n  ") + JSONValue.string(key).serialized() + ": [")
            first = false
            for (n, item) in items.enumerated() {
                var text = n == 0 ? "\n    " : ",\n    "
                item.write(to: &text, pretty: true, indent: 2)
                out.write(text)
            }
            out.write(items.isEmpty ? "]" : "\n  ]")
        }
        for (key, value) in header(run).members { member(key, value) }
        list("cases", run.cases.map(caseJSON))
        list("logs", run.logs.map(logJSON))
        out.write("\n}\n")
    }

    /// The whole report as text.
    public static func render(_ run: Run) -> String {
        var out = ""
        write(run, to: &out)
        return out
    }

    /// The members before `cases`.
    static func header(_ run: Run) -> JSONObject {
        var object = JSONObject([("format", .string(format)), ("version", .integer(Int64(version))), ("tool", .string(run.tool))])
        object.put("target", run.subject.target.map(JSONValue.string) ?? .null)
        object.put("client", run.subject.name.map(JSONValue.string) ?? .null)
        object.put("client_version", string: run.subject.version)
        object.put("profile", run.subject.profile.map(JSONValue.string) ?? .null)
        for (name, value) in run.properties { object.put(name, value) }
        if !run.notes.isEmpty { object.put("notes", .array(run.notes.map(JSONValue.string))) }
        object.put("started", string: run.started)
        object.put("duration", seconds: run.duration)
        var summary = JSONObject([("cases", .integer(Int64(run.cases.count)))])
        for verdict in Verdict.allCases { summary.put(verdict.summaryKey, integer: run.count(verdict)) }
        if run.knownDeviations > 0 { summary.put("known", integer: run.knownDeviations) }
        object.put("summary", summary.value)
        return object
    }

    public static func caseJSON(_ result: CaseResult) -> JSONValue {
        var object = JSONObject([("id", .string(result.id)), ("title", .string(result.title))])
        object.put("document", string: result.citation)
        object.put("requirement", .string(result.requirement))
        object.put("verdict", .string(result.verdict.rawValue))
        if result.isKnownDeviation { object.put("known", string: result.known) }
        if !result.comparisons.isEmpty {
            object.put("expected", .string(result.expected))
            object.put("actual", .string(result.actual))
        }
        if result.comparisons.count > 1 || result.comparisons.first?.label != nil {
            object.put("comparisons", .array(result.comparisons.map { comparison in
                var item = JSONObject()
                item.put("check", string: comparison.label)
                item.put("expected", .string(comparison.expected))
                item.put("actual", .string(comparison.actual))
                return item.value
            }))
        }
        object.put("evidence", .array(result.evidence.map(JSONValue.string)))
        object.put("reason", string: result.reason)
        for (name, value) in result.properties { object.put(name, .string(value)) }
        object.put("log", string: result.log)
        return object.value
    }

    public static func logJSON(_ log: WireLog) -> JSONValue {
        var object = JSONObject([("id", .string(log.id))])
        object.put("omitted", integer: log.omitted)
        object.put("entries", .array(log.entries.map { entry in
            var item = JSONObject()
            item.put("t", seconds: entry.time)
            item.put("until", seconds: entry.until)
            item.put("kind", .string(entry.kind))
            item.put("framing", string: entry.framing)
            item.put("hex", string: entry.hex)
            item.put("length", integer: entry.length)
            item.put("count", integer: entry.count)
            item.put("summary", .string(entry.summary))
            return item.value
        }))
        return object.value
    }
}

/// Reading a report back, for the matrix of several runs.
extension Run {
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The run a ``JSONRenderer`` report describes.
    public init(json: JSONValue) throws(ReadError) {
        guard json["format"]?.stringValue == JSONRenderer.format, let version = json["version"]?.integerValue else {
            throw ReadError(description: "not a \(JSONRenderer.format) report (no \"format\": \"\(JSONRenderer.format)\")")
        }
        guard version == JSONRenderer.version else {
            throw ReadError(description: "report version \(version); this pexspec reads version \(JSONRenderer.version)")
        }
        guard let tool = json["tool"]?.stringValue, let cases = json["cases"]?.arrayValue else {
            throw ReadError(description: "a report needs \"tool\" and \"cases\"")
        }
        let known: Set = ["id", "title", "document", "requirement", "verdict", "expected", "actual", "comparisons", "evidence", "reason", "log", "known"]
        var results: [CaseResult] = []
        for (n, item) in cases.enumerated() {
            guard let id = item["id"]?.stringValue, let raw = item["verdict"]?.stringValue, let verdict = Verdict(rawValue: raw) else {
                throw ReadError(description: "cases[\(n)] needs an \"id\" and a \"verdict\" of \(Verdict.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var comparisons = (item["comparisons"]?.arrayValue ?? []).map {
                CaseResult.Comparison(label: $0["check"]?.stringValue, expected: $0["expected"]?.stringValue ?? "", actual: $0["actual"]?.stringValue ?? "")
            }
            if comparisons.isEmpty, let expected = item["expected"]?.stringValue, let actual = item["actual"]?.stringValue {
                comparisons = [.init(expected: expected, actual: actual)]
            }
            let properties = (item.objectMembers ?? []).filter { !known.contains($0.0) }.compactMap { member in
                member.1.stringValue.map { (name: member.0, value: $0) }
            }
            results.append(CaseResult(
                id: id, title: item["title"]?.stringValue ?? "", requirement: item["requirement"]?.stringValue ?? "",
                citation: item["document"]?.stringValue, verdict: verdict, comparisons: comparisons,
                evidence: (item["evidence"]?.arrayValue ?? []).compactMap(\.stringValue), reason: item["reason"]?.stringValue,
                log: item["log"]?.stringValue, properties: properties, known: verdict == .fail ? item["known"]?.stringValue : nil))
        }
        let logs = (json["logs"]?.arrayValue ?? []).compactMap { item -> WireLog? in
            guard let id = item["id"]?.stringValue else { return nil }
            let entries = (item["entries"]?.arrayValue ?? []).map { entry in
                WireLog.Entry(
                    kind: entry["kind"]?.stringValue ?? "event", time: entry["t"]?.doubleValue, until: entry["until"]?.doubleValue,
                    framing: entry["framing"]?.stringValue, hex: entry["hex"]?.stringValue, length: entry["length"]?.integerValue.map { Int($0) },
                    count: entry["count"]?.integerValue.map { Int($0) }, summary: entry["summary"]?.stringValue ?? "")
            }
            return WireLog(id: id, entries: entries, omitted: Int(item["omitted"]?.integerValue ?? 0))
        }
        let headerKeys: Set = ["format", "version", "tool", "target", "client", "client_version", "profile", "started", "duration", "summary", "cases", "logs", "notes"]
        self.init(
            tool: tool,
            subject: Subject(
                name: json["client"]?.stringValue, version: json["client_version"]?.stringValue, profile: json["profile"]?.stringValue,
                target: json["target"]?.stringValue),
            started: json["started"]?.stringValue, duration: json["duration"]?.doubleValue,
            properties: (json.objectMembers ?? []).filter { !headerKeys.contains($0.0) }.map { (name: $0.0, value: $0.1) },
            cases: results, logs: logs)
        notes = (json["notes"]?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
