import ArgumentParser
import Foundation
import Report
import WireJSON

struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Put the JSON reports of several runs side by side: an HTML page and a JSON matrix.",
        discussion: """
            Each REPORT is the JSON report of one run (pexspec probe --json, pexspec replay --format
            json): its subject becomes a column, its cases rows grouped by section, each cell the
            verdict, linking to the case's Expected, Actual and wire log. A static page, no scripts.
            Exit status: 0 written, 2 a usage or I/O error or a file that is not a report.
            """)

    @Argument(help: "JSON reports (format pexspec-report, version 2).")
    var reports: [String] = []

    @Option(help: "Write the HTML matrix to this file.")
    var html: String?

    @Option(help: "Write the matrix as JSON to this file.")
    var json: String?

    @Option(help: "The page's title.")
    var title: String = "pexspec matrix"

    @Option(name: .customLong("max-input"), help: "The most bytes read from one report.")
    var maxInput: Int = 64 << 20

    func run() throws {
        guard !reports.isEmpty else { throw failUsage("give one or more JSON reports") }
        guard html != nil || json != nil else { throw failUsage("give --html FILE, --json FILE or both") }
        var columns: [Matrix.Column] = []
        for path in reports {
            let bytes: [UInt8]
            do {
                bytes = try InputReader.read(path, limit: maxInput)
            } catch let error as InputReader.TooLarge {
                throw failUsage("'\(path)': \(error)")
            }
            do {
                columns.append(Matrix.Column(source: path, run: try Run(json: try JSONValue.parse(bytes))))
            } catch {
                throw failUsage("'\(path)' is not a pexspec report: \(error)")
            }
        }
        let matrix = Matrix(columns: columns)
        if let html { try write(matrix.html(title: title), to: html) }
        if let json { try write(matrix.json.serialized(pretty: true) + "\n", to: json) }
    }

    private func write(_ text: String, to path: String) throws {
        var sink = try ReportSink(path: path)
        sink.write(text)
        try sink.close()
    }
}
