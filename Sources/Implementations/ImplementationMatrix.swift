import WireJSON

/// Every harness × every case: one verdict per cell, as JSON and as a static HTML page.
public struct ImplementationMatrix: Sendable {
    public var runs: [ImplementationRun]

    public init(runs: [ImplementationRun]) { self.runs = runs }

    /// Case ids in the order of the first run that has them.
    var ids: [(id: String, title: String)] {
        var seen: Set<String> = []
        var out: [(String, String)] = []
        for run in runs {
            for result in run.cases where seen.insert(result.id).inserted { out.append((result.id, result.title)) }
        }
        return out
    }

    public var json: JSONValue {
        [
            "format": "pexspec-implementation-matrix", "version": 1,
            "columns": .array(
                runs.map { run in
                    [
                        "label": .string(run.label), "command": .string(run.command),
                        "summary": .object(ImplementationCase.Verdict.allCases.map { ($0.rawValue, .integer(Int64(run.count($0)))) }),
                    ]
                }),
            "rows": .array(
                ids.map { row in
                    [
                        "id": .string(row.id), "title": .string(row.title),
                        "cells": .array(
                            runs.map { run in
                                guard let result = run.cases.first(where: { $0.id == row.id }) else { return .null }
                                var cell: [(String, JSONValue)] = [("verdict", .string(result.verdict.rawValue))]
                                if let first = result.comparisons.first {
                                    cell += [("check", .string(first.label)), ("expected", .string(first.expected)), ("actual", .string(first.actual))]
                                }
                                if let reason = result.reason { cell.append(("reason", .string(reason))) }
                                return .object(cell)
                            }),
                    ]
                }),
        ]
    }

    public func html(title: String = "pexspec implementations") -> String {
        func h(_ text: String) -> String {
            text.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;").replacingAll("\"", "&quot;")
        }
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(h(title))</title>\n<style>\n"
        out += "body { font-family: system-ui, sans-serif; } table { border-collapse: collapse; } th, td { border: 1px solid #bbb; padding: 0.2em 0.4em; }\n"
        out += ".pass { background: #c8f0c8; } .fail { background: #f5b5b5; } .error { background: #f0a040; } .inconclusive { background: #eee; color: #777; }\n"
        out += "</style>\n</head>\n<body>\n<h1>\(h(title))</h1>\n<table>\n<tr><th>case</th>"
        for run in runs { out += "<th>\(h(run.label))<br><small>\(h(run.summaryLine))</small></th>" }
        out += "</tr>\n"
        for row in ids {
            out += "<tr><td title=\"\(h(row.title))\">\(h(row.id))</td>"
            for run in runs {
                guard let result = run.cases.first(where: { $0.id == row.id }) else {
                    out += "<td></td>"
                    continue
                }
                let detail = result.comparisons.first.map { "\($0.label): expected \($0.expected), actual \($0.actual)" } ?? result.reason ?? ""
                out += "<td class=\"\(result.verdict.rawValue)\" title=\"\(h(detail))\">\(result.verdict.mark)</td>"
            }
            out += "</tr>\n"
        }
        out += "</table>\n</body>\n</html>\n"
        return out
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
