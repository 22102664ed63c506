import WireJSON

extension ImplementationRun {
    /// h2spec-style text: cases grouped by section, a mark and the title each, and for every
    /// case that did not pass its Expected / Actual pairs (or its reason) and its log.
    public func text(verbose: Bool = false) -> String {
        var out = "implementation: \(label)  (\(command))\n"
        if let capabilities {
            out += "  kinds: \(capabilities.kinds.map(\.rawValue).joined(separator: ", "))"
            out += "; modes: \([capabilities.lenient ? "lenient" : nil, capabilities.strict ? "strict" : nil].compactMap { $0 }.joined(separator: ", "))"
            out += "; codes: \(capabilities.codesText); warnings: \(capabilities.warnings ? "yes" : "no"); sessions: \(capabilities.session ? "yes" : "no")\n"
        }
        var section: String?
        for result in cases {
            let group = result.id.lastIndex(of: "/").map { String(result.id[..<$0]) } ?? result.id
            if group != section {
                out += "\n\(group)\n"
                section = group
            }
            out += "  \(result.verdict.mark) \(result.id): \(result.title)\n"
            if result.verdict == .pass && !verbose { continue }
            if let reason = result.reason { out += "       (\(result.verdict.rawValue): \(reason))\n" }
            if result.verdict == .inconclusive && !verbose { continue }
            for comparison in result.comparisons {
                out += "       \(comparison.label)\n         Expected: \(comparison.expected)\n           Actual: \(comparison.actual)\n"
            }
            if let file = result.file { out += "       File: \(file)\n" }
            if !result.log.isEmpty {
                out += "       Log:\n"
                for line in result.log { out += "         \(line)\n" }
            }
        }
        out += "\n\(summaryLine); started \(starts) time\(starts == 1 ? "" : "s")\n"
        return out
    }

    /// `176 cases, 120 passed, 2 failed, 54 inconclusive, 0 errors`.
    public var summaryLine: String {
        "\(cases.count) cases, \(count(.pass)) passed, \(count(.fail)) failed, \(count(.inconclusive)) inconclusive, \(count(.error)) errors"
    }

    /// The run as data: the harness, the counts, every case with its comparisons and log.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("command", .string(command))]
        if let capabilities { members.append(("implementation", capabilities.json)) }
        members.append(("starts", .integer(Int64(starts))))
        members.append((
            "summary",
            .object(
                [("cases", .integer(Int64(cases.count)))]
                    + ImplementationCase.Verdict.allCases.map { ($0.rawValue, .integer(Int64(count($0)))) })
        ))
        members.append((
            "cases",
            .array(
                cases.map { result in
                    var item: [(String, JSONValue)] = [("id", .string(result.id)), ("title", .string(result.title)), ("verdict", .string(result.verdict.rawValue))]
                    if let reason = result.reason { item.append(("reason", .string(reason))) }
                    if let fault = result.fault { item.append(("fault", .string(fault.code.rawValue))) }
                    item.append((
                        "comparisons",
                        .array(result.comparisons.map { ["check": .string($0.label), "expected": .string($0.expected), "actual": .string($0.actual)] })
                    ))
                    item.append(("log", .array(result.log.map(JSONValue.string))))
                    return .object(item)
                })
        ))
        return .object(members)
    }
}

extension ImplementationCase.Verdict {
    public var mark: String {
        switch self {
        case .pass: return "✔"
        case .fail: return "×"
        case .inconclusive: return "?"
        case .error: return "!"
        }
    }
}

extension ImplementationCapabilities {
    var codesText: String {
        switch codes {
        case .pexspec: return "pexspec"
        case .own: return "own (verdict and value judged)"
        case .mapped(let map): return "own, \(map.count) mapped"
        }
    }
}
