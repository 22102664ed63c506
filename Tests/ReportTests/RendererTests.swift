import Report
import Testing
import WireJSON

/// The one result model and its renderers, on fixed runs.
@Suite struct RendererTests {
    static func run(_ name: String, verdicts: [Verdict]) -> Run {
        let ids = ["bep3/handshake/info-hash", "ut_pex/send/received", "ut_pex/send/interval", "ut_pex/receive/empty", "bep3/frame/oversized", "bep10/message/too-short"]
        let cases = zip(ids, verdicts).map { id, verdict in
            CaseResult(
                id: id, title: "title of \(id) <&>", requirement: "requirement \"q\"", citation: "BEP 11", verdict: verdict,
                comparisons: [.init(expected: "e", actual: "a <b>")], evidence: verdict == .pass ? ["3 messages"] : [],
                reason: verdict == .inconclusive ? "no ut_pex in 15 s" : nil, log: "127.0.0.2:1",
                properties: id.hasPrefix("ut_pex/receive") ? [("reaction", "stays")] : [])
        }
        let log = WireLog(id: "127.0.0.2:1", entries: [
            .init(kind: "sent", time: 0.5, framing: "standard", hex: "0000000102", length: 5, summary: "interested"),
            .init(kind: "received", time: 1, until: 38, framing: "standard", hex: "00000000", length: 4, count: 2_000_000, summary: "keep-alive"),
        ], omitted: 7)
        return Run(tool: "probe", subject: Subject(name: name, profile: "p-1", target: "127.0.0.1:1"), started: "1970-01-01T00:00:00Z", duration: 2.25,
            properties: [("info_hash", "ab")], cases: cases, logs: [log])
    }

    @Test func vocabularyIsClosedAndOrdered() {
        #expect(Verdict.allCases.map(\.rawValue) == ["pass", "fail", "inconclusive", "observed", "skipped", "error"])
        #expect(Set(Verdict.allCases.map(\.mark)).count == 6)
        #expect(Verdict.allCases.filter { !$0.isAcceptable } == [.fail, .error])
        #expect(Verdict.allCases.min() == .error)
    }

    @Test func groupingMergesASectionInOrderOfFirstAppearance() {
        let groups = CaseID.grouped(["a/b/c", "a/b/d", "a/e/f", "a/b/g"], id: { $0 })
        #expect(groups.map(\.section) == ["a/b", "a/e"])
        #expect(groups[0].items == ["a/b/c", "a/b/d", "a/b/g"])
        #expect(CaseID.name(of: "a/b/c") == "c")
    }

    @Test func jsonRoundTripsThroughTheReader() throws {
        let original = Self.run("c 1", verdicts: [.pass, .inconclusive, .fail, .observed, .skipped, .error])
        let json = try JSONValue.parse(JSONRenderer.render(original))
        #expect(json["format"] == "pexspec-report")
        #expect(json["version"] == 2)
        #expect(json["summary"]?["inconclusive"] == 1)
        #expect(json["cases"]?.arrayValue?.count == 6)
        let back = try Run(json: json)
        #expect(back.cases == original.cases)
        #expect(back.logs == original.logs)
        #expect(back.subject == original.subject)
        #expect(back.duration == 2.25)
        #expect(back.properties.first?.name == "info_hash")
    }

    @Test func readerRefusesWhatIsNotAReport() {
        #expect(throws: Run.ReadError.self) { try Run(json: ["cases": []]) }
        #expect(throws: Run.ReadError.self) { try Run(json: ["format": "pexspec-report", "version": 1, "tool": "probe", "cases": []]) }
        #expect(throws: Run.ReadError.self) {
            try Run(json: ["format": "pexspec-report", "version": 2, "tool": "probe", "cases": [["id": "a/b", "verdict": "passed"]]])
        }
    }

    @Test func textMarksEveryVerdictAndCoalescedRuns() {
        let text = TextRenderer.render(Self.run("c", verdicts: [.pass, .inconclusive, .fail, .observed, .skipped, .error]))
        for line in ["✔ info-hash:", "? received:", "× interval:", "● empty:", "- oversized:", "! too-short:"] {
            #expect(text.contains(line), "\(line)")
        }
        #expect(text.contains("Reason: no ut_pex in 15 s"))
        #expect(text.contains("Evidence: 3 messages"))
        #expect(text.contains("× 2000000 keep-alive, 8000000 bytes, 1.0 s-38.0 s"))
        #expect(text.contains("… 7 more entries not kept"))
        #expect(text.hasSuffix("6 cases, 1 passed, 1 failed, 1 inconclusive, 1 observed, 1 skipped, 1 errors\n"))
        #expect(TextRenderer.format(-0.04, decimals: 1) == "0.0")
        #expect(TextRenderer.format(12.345, decimals: 2) == "12.35")
    }

    @Test func junitCountsAndEscapes() {
        let xml = JUnitRenderer.render(Self.run("c", verdicts: [.pass, .inconclusive, .fail, .observed, .skipped, .error]))
        #expect(xml.contains("tests=\"6\" failures=\"1\" errors=\"1\" skipped=\"2\""))
        #expect(xml.contains("<failure message=\"a &lt;b&gt;\">"))
        #expect(xml.contains("<skipped message=\"inconclusive: no ut_pex in 15 s\"/>"))
        #expect(!xml.contains("<&>") && !xml.contains("<b>"))
    }

    @Test func matrixPutsSubjectsSideBySide() throws {
        let a = Self.run("libtorrent/2.0", verdicts: [.pass, .pass, .fail, .pass, .pass, .pass])
        var b = Self.run("Transmission 3.00", verdicts: [.pass, .inconclusive, .pass, .observed, .pass, .error])
        b.cases.removeLast()
        let matrix = Matrix(columns: [.init(source: "a.json", run: a), .init(source: "b.json", run: b)])
        #expect(matrix.rows.count == 6)
        #expect(matrix.rows.last?.cells.last.map { $0 == nil } == true, "a case one run lacks is an empty cell")
        let json = matrix.json
        #expect(json["format"] == "pexspec-matrix")
        #expect(json["columns"]?.arrayValue?.map { $0["label"]?.stringValue } == ["libtorrent/2.0 [p-1]", "Transmission 3.00 [p-1]"])
        #expect(json["sections"]?.arrayValue?.first?["section"] == "bep3/handshake")
        let html = matrix.html()
        #expect(html.contains("<td class=\"cell v-fail\"><a href=\"#c0-ut_pex_send_interval\">× fail</a></td>"))
        #expect(html.contains("id=\"c1-ut_pex_send_received\""), "every cell links to its details")
        #expect(html.contains("<a href=\"#l0-127_0_0_2_1\">"), "details link to the run's wire log")
        #expect(html.contains("v-none"))
        #expect(!html.contains("<script"))
        #expect(html.contains("title of bep3/handshake/info-hash &lt;&amp;&gt;"))
    }
}
