import WireJSON

/// Several runs side by side: subjects (implementations, clients) as columns, cases as rows
/// grouped by section, each cell a verdict. Rendered as a static HTML page (no scripts) and as
/// JSON, format `pexspec-matrix` version 1 (docs/reports.md).
public struct Matrix: Sendable {
    public struct Column: Sendable {
        /// Where the run was read from (a report's path), for the reader.
        public var source: String
        public var run: Run

        public init(source: String, run: Run) {
            self.source = source
            self.run = run
        }

        /// The header: the subject's label, and the profile when there is one.
        public var label: String { run.subject.label + (run.subject.profile.map { " [\($0)]" } ?? "") }
    }

    public struct Row: Sendable {
        public var id: String
        public var title: String
        /// One per column: nil when that run has no such case.
        public var cells: [CaseResult?]
    }

    public static let format = "pexspec-matrix"
    public static let version = 1

    public var columns: [Column]
    /// Every case id any run has, in the order they first appear.
    public var rows: [Row]

    public init(columns: [Column]) {
        self.columns = columns
        var order: [String] = []
        var titles: [String: String] = [:]
        for column in columns {
            for result in column.run.cases where titles[result.id] == nil {
                order.append(result.id)
                titles[result.id] = result.title
            }
        }
        order = CaseID.grouped(order, id: { $0 }).flatMap(\.items)
        rows = order.map { id in
            Row(id: id, title: titles[id] ?? "", cells: columns.map { column in column.run.cases.first { $0.id == id } })
        }
    }

    /// `[(section, rows)]`, sections in order of first appearance.
    public var sections: [(section: String, items: [Row])] { CaseID.grouped(rows, id: \.id) }

    // MARK: JSON

    public var json: JSONValue {
        var object = JSONObject([("format", .string(Self.format)), ("version", .integer(Int64(Self.version)))])
        object.put("columns", .array(columns.map { column in
            var item = JSONObject([("label", .string(column.label)), ("source", .string(column.source)), ("tool", .string(column.run.tool))])
            item.put("client", string: column.run.subject.name)
            item.put("client_version", string: column.run.subject.version)
            item.put("profile", string: column.run.subject.profile)
            item.put("target", string: column.run.subject.target)
            if !column.run.notes.isEmpty { item.put("notes", .array(column.run.notes.map(JSONValue.string))) }
            var summary = JSONObject([("cases", .integer(Int64(column.run.cases.count)))])
            for verdict in Verdict.allCases { summary.put(verdict.summaryKey, integer: column.run.count(verdict)) }
            if column.run.knownDeviations > 0 { summary.put("known", integer: column.run.knownDeviations) }
            item.put("summary", summary.value)
            return item.value
        }))
        object.put("sections", .array(sections.map { group in
            [
                "section": .string(group.section),
                "rows": .array(group.items.map { row in
                    [
                        "id": .string(row.id), "title": .string(row.title),
                        "cells": .array(row.cells.map { cell in
                            guard let cell else { return .null }
                            var item = JSONObject([("verdict", .string(cell.verdict.rawValue))])
                            if cell.isKnownDeviation { item.put("known", string: cell.known) }
                            item.put("expected", .string(cell.expected))
                            item.put("actual", .string(cell.actual))
                            item.put("reason", string: cell.reason)
                            item.put("reaction", string: cell.property("reaction"))
                            return item.value
                        }),
                    ]
                }),
            ]
        }))
        return object.value
    }

    // MARK: HTML

    /// The page: the matrix, then each cell's details (requirement, Expected, Actual, evidence,
    /// reason) under an anchor the cell links to, then each run's wire logs, each once.
    public func html(title: String = "pexspec matrix") -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(h(title))</title>\n<style>\n"
        out += """
            body { font-family: system-ui, sans-serif; margin: 1.5em; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
            th.section { background: #eee; }
            td.cell a { color: inherit; text-decoration: none; display: block; }
            .v-pass { background: #c8f0c8; } .v-fail { background: #f5b5b5; } .v-error { background: #f0a040; }
            .v-inconclusive { background: #f5f0a0; } .v-observed { background: #c8dcf5; } .v-skipped { background: #e4e4e4; }
            .v-fail.known { background: #f5d0b0; }
            .v-none { color: #999; } .note { color: #a00; font-weight: bold; }
            pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; }
            section { margin-top: 1.5em; }

            """
        out += "</style>\n</head>\n<body>\n<h1>\(h(title))</h1>\n"
        out += "<p>Verdicts: " + Verdict.allCases.map { "<span class=\"v-\($0.rawValue)\">\($0.mark) \($0.rawValue)</span>" }.joined(separator: " ")
            + " <span class=\"v-fail known\">× fail (known): a deviation the profile declares, with its source</span> (docs/reports.md)</p>\n"
        out += "<table>\n<tr><th>case</th>"
        for (n, column) in columns.enumerated() {
            out += "<th><a href=\"#run\(n)\">\(h(column.label))</a><br><small>\(h(column.run.tool)): \(h(column.run.summaryLine))</small>"
            for note in column.run.notes { out += "<br><small class=\"note\">\(h(note))</small>" }
            out += "</th>"
        }
        out += "</tr>\n"
        for group in sections {
            out += "<tr><th class=\"section\" colspan=\"\(columns.count + 1)\">\(h(group.section))</th></tr>\n"
            for row in group.items {
                out += "<tr><td title=\"\(h(row.title))\">\(h(row.id))</td>"
                for (n, cell) in row.cells.enumerated() {
                    if let cell {
                        let known = cell.isKnownDeviation ? " known" : ""
                        let hint = cell.isKnownDeviation ? " title=\"known deviation: \(h(cell.known ?? ""))\"" : ""
                        out += "<td class=\"cell v-\(cell.verdict.rawValue)\(known)\"\(hint)><a href=\"#\(anchor(n, row.id))\">\(cell.verdict.mark) \(cell.verdict.rawValue)"
                        if cell.isKnownDeviation { out += " (known)" }
                        if let reaction = cell.property("reaction") { out += " (\(h(reaction)))" }
                        out += "</a></td>"
                    } else {
                        out += "<td class=\"v-none\">not run</td>"
                    }
                }
                out += "</tr>\n"
            }
        }
        out += "</table>\n"
        for (n, column) in columns.enumerated() {
            out += "<section id=\"run\(n)\">\n<h2>\(h(column.label))</h2>\n<p>\(h(column.run.tool)) report \(h(column.source))"
            if let target = column.run.subject.target { out += ", target \(h(target))" }
            if let started = column.run.started { out += ", started \(h(started))" }
            out += "</p>\n"
            for note in column.run.notes { out += "<p class=\"note\">\(h(note))</p>\n" }
            for result in column.run.cases { out += details(result, column: n, run: column.run) }
            for log in column.run.logs {
                out += "<h3 id=\"\(logAnchor(n, log.id))\">Wire log \(h(log.id))</h3>\n<pre>"
                for entry in log.entries { out += h(TextRenderer.line(entry)) + "\n" }
                if log.omitted > 0 { out += "… \(log.omitted) more entries not kept\n" }
                out += "</pre>\n"
            }
            out += "</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    private func details(_ result: CaseResult, column: Int, run: Run) -> String {
        var out = "<div id=\"\(anchor(column, result.id))\">\n<h3 class=\"v-\(result.verdict.rawValue)\">\(result.verdict.mark) \(h(result.id)): \(h(result.title))</h3>\n"
        out += "<p><q>\(h(result.requirement))</q>" + (result.citation.map { " (\(h($0)))" } ?? "") + "</p>\n<dl>\n"
        for comparison in result.comparisons {
            if let label = comparison.label { out += "<dt>Check</dt><dd>\(h(label))</dd>\n" }
            out += "<dt>Expected</dt><dd>\(h(comparison.expected))</dd>\n<dt>Actual</dt><dd>\(h(comparison.actual))</dd>\n"
        }
        for item in result.evidence { out += "<dt>Evidence</dt><dd>\(h(item))</dd>\n" }
        if let reason = result.reason { out += "<dt>Reason</dt><dd>\(h(reason))</dd>\n" }
        if result.isKnownDeviation { out += "<dt>Known deviation</dt><dd>\(h(result.known ?? ""))</dd>\n" }
        for (name, value) in result.properties { out += "<dt>\(h(name))</dt><dd>\(h(value))</dd>\n" }
        if let log = result.log, run.log(log) != nil { out += "<dt>Wire log</dt><dd><a href=\"#\(logAnchor(column, log))\">\(h(log))</a></dd>\n" }
        return out + "</dl>\n</div>\n"
    }

    /// An HTML id from a column and a case id: letters, digits, `-` and `_` only.
    func anchor(_ column: Int, _ id: String) -> String { "c\(column)-" + Self.slug(id) }
    func logAnchor(_ column: Int, _ id: String) -> String { "l\(column)-" + Self.slug(id) }

    static func slug(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_": return Character(scalar)
            default: return "_"
            }
        })
    }

    private func h(_ text: String) -> String { XMLText.escape(text) }
}
