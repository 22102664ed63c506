import WireJSON

/// The results of a replay run, and its three renderings: text like h2spec, JSON, and JUnit XML.
public struct ReplayReport: Sendable {
    public var cases: [CaseReport]

    public init(cases: [CaseReport]) { self.cases = cases }

    public var passedCount: Int { cases.count { $0.status == .passed } }
    public var failedCount: Int { cases.count { $0.status == .failed } }
    public var pendingCount: Int { cases.count { $0.status == .pending } }
    /// True when every case passed: the only run that exits 0.
    public var allPassed: Bool { cases.allSatisfy(\.passed) }

    /// The group a case is listed under: its id without the last segment (`bep10/handshake`).
    static func group(of id: String) -> String {
        guard let slash = id.lastIndex(of: "/") else { return id }
        return String(id[..<slash])
    }

    // MARK: Text

    /// h2spec-style text: cases grouped by spec and section, a mark and the title for each, and
    /// for each failure the requirement, every Expected / Actual, and the wire log.
    public func text(verbose: Bool = false) -> String {
        var out = ""
        var currentGroup: String?
        for report in cases {
            let group = Self.group(of: report.id)
            if group != currentGroup {
                if currentGroup != nil { out += "\n" }
                out += "\(group)\n"
                currentGroup = group
            }
            let mark: String
            switch report.status {
            case .passed: mark = "✔"
            case .failed: mark = "×"
            case .pending: mark = "…"
            }
            out += "  \(mark) \(report.id): \(report.title)\n"
            guard report.status != .passed || verbose else { continue }
            if report.status != .passed {
                out += "    -> \(report.requirement)\n"
                if report.status == .pending { out += "       (pending: a decode kind it needs is not built yet)\n" }
                for mismatch in report.mismatches {
                    out += "       \(mismatch.message.map { "message \($0), " } ?? "")\(mismatch.check)\n"
                    out += "         Expected: \(mismatch.expected)\n"
                    out += "           Actual: \(mismatch.actual)\n"
                }
                if let file = report.file { out += "       File: \(file)\n" }
            }
            out += "       Wire log:\n"
            for line in report.wireLog { out += "         \(line)\n" }
        }
        out += "\n\(cases.count) cases (\(specCountsText)), \(passedCount) passed, \(failedCount) failed, \(pendingCount) pending\n"
        return out
    }

    /// How many cases cite each spec group, in ``Document/groups`` order, then any case whose
    /// document is not in the table.
    public var specCounts: [(group: String, count: Int)] {
        var counts = Document.groups.map { group in (group: group, count: cases.count { $0.specGroup == group }) }
        let other = cases.count { $0.specGroup == nil }
        if other > 0 { counts.append((group: "other", count: other)) }
        return counts
    }

    var specCountsText: String { specCounts.map { "\($0.group): \($0.count)" }.joined(separator: ", ") }

    // MARK: JSON

    public var json: JSONValue {
        [
            "summary": [
                "total": .integer(Int64(cases.count)), "passed": .integer(Int64(passedCount)), "failed": .integer(Int64(failedCount)),
                "pending": .integer(Int64(pendingCount)),
                "by_spec": .object(specCounts.map { ($0.group, .integer(Int64($0.count))) }),
            ],
            "cases": .array(
                cases.map { report in
                    var members: [(String, JSONValue)] = [
                        ("id", .string(report.id)), ("title", .string(report.title)), ("status", .string(report.status.rawValue)),
                        ("requirement", .string(report.requirement)),
                    ]
                    members.appendIfPresent("file", report.file.map(JSONValue.string))
                    members.appendIfPresent("hazard", report.hazard.map(JSONValue.string))
                    members.append((
                        "mismatches",
                        .array(
                            report.mismatches.map { mismatch in
                                var fields: [(String, JSONValue)] = []
                                fields.appendIfPresent("message", mismatch.message.map { .integer(Int64($0)) })
                                fields += [
                                    ("check", .string(mismatch.check)), ("expected", .string(mismatch.expected)), ("actual", .string(mismatch.actual)),
                                    ("pending", .bool(mismatch.isPending)),
                                ]
                                return .object(fields)
                            })
                    ))
                    members.append(("wire_log", .array(report.wireLog.map(JSONValue.string))))
                    return .object(members)
                }),
        ]
    }

    // MARK: JUnit

    /// JUnit XML: one test suite per group, one test case per transcript, a failure element with
    /// Expected / Actual and the wire log for each case that did not pass.
    public func junit() -> String {
        var groups: [(String, [CaseReport])] = []
        for report in cases {
            let group = Self.group(of: report.id)
            if let i = groups.firstIndex(where: { $0.0 == group }) { groups[i].1.append(report) } else { groups.append((group, [report])) }
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"pexspec conformance\" tests=\"\(cases.count)\" failures=\"\(failedCount + pendingCount)\">\n"
        for (group, reports) in groups {
            let failures = reports.count { !$0.passed }
            out += "  <testsuite name=\"\(xml(group))\" tests=\"\(reports.count)\" failures=\"\(failures)\">\n"
            for report in reports {
                out += "    <testcase classname=\"\(xml(group))\" name=\"\(xml(report.id))\""
                if report.passed {
                    out += "/>\n"
                    continue
                }
                out += ">\n"
                let summary = report.mismatches.first.map(\.description) ?? ""
                out += "      <failure type=\"\(report.status.rawValue)\" message=\"\(xml(summary))\">"
                var body = "\(report.title)\n\(report.requirement)\n"
                for mismatch in report.mismatches {
                    body += "\(mismatch.message.map { "message \($0), " } ?? "")\(mismatch.check)\n  Expected: \(mismatch.expected)\n    Actual: \(mismatch.actual)\n"
                }
                body += "Wire log:\n" + report.wireLog.joined(separator: "\n")
                out += xml(body) + "</failure>\n    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    private func xml(_ text: String) -> String { XMLText.escape(text) }
}
