import Report
import Testing
import WireJSON

/// A `fail` marked as a known deviation of the subject's profile: still `fail` in every format,
/// marked with its source, acceptable unless strict.
@Suite struct KnownDeviationTests {
    static let source = "aria2/aria2 release-1.36.0 src/DefaultBtInteractive.cc:505-528"

    /// Two fails, the first a known deviation, and a pass.
    static func run() -> Run {
        var known = RendererTests.run("aria2", verdicts: [.pass, .fail, .fail])
        known.cases[1].known = source
        return known
    }

    @Test func theVerdictStaysFailAndOnlyAFailCarriesTheMark() {
        let run = Self.run()
        #expect(run.cases[1].verdict == .fail && run.cases[1].isKnownDeviation)
        #expect(run.cases[1].verdictText == "fail (known: \(Self.source))")
        #expect(!run.cases[2].isKnownDeviation && run.cases[2].verdictText == "fail")
        var passed = run.cases[0]
        passed.known = Self.source
        #expect(!passed.isKnownDeviation, "a declared deviation on a case that passed is no mark")
        #expect(run.count(.fail) == 2 && run.knownDeviations == 1)
        #expect(run.summaryLine.contains("2 failed (1 known)"))
    }

    @Test func acceptableUnlessStrictOrAnotherFail() {
        var run = Self.run()
        #expect(!run.allAcceptable(), "the unmarked fail")
        run.cases.remove(at: 2)
        #expect(run.allAcceptable())
        #expect(!run.allAcceptable(strict: true))
    }

    @Test func jsonHasTheMemberAndReadsItBack() throws {
        let json = try JSONValue.parse(JSONRenderer.render(Self.run()))
        let cases = try #require(json["cases"]?.arrayValue)
        #expect(cases[1]["verdict"] == "fail")
        #expect(cases[1]["known"]?.stringValue == Self.source)
        #expect(cases[2]["known"] == nil)
        #expect(json["summary"]?["failed"] == 2 && json["summary"]?["known"] == 1)
        let back = try Run(json: json)
        #expect(back.cases == Self.run().cases)
        #expect(back.cases[1].properties.isEmpty, "known is a member of its own, not a property")
    }

    @Test func textSaysFailKnownWithTheSource() {
        let text = TextRenderer.render(Self.run())
        #expect(text.contains("× received:"))
        #expect(text.contains("Verdict: fail (known: \(Self.source))"))
        #expect(text.ranges(of: "Verdict: fail (known").count == 1, "only the marked fail")
    }

    @Test func junitSkipsItAsPytestDoesAnXfail() {
        let xml = JUnitRenderer.render(Self.run())
        #expect(xml.contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""))
        #expect(xml.contains("<skipped type=\"pytest.xfail\" message=\"known deviation: \(Self.source)\"/>"))
        #expect(xml.ranges(of: "<failure ").count == 1, "the unmarked fail is still a failure")
    }

    @Test func matrixCellAndJSONShowTheMark() throws {
        let matrix = Matrix(columns: [.init(source: "aria2.json", run: Self.run())])
        let html = matrix.html()
        #expect(html.contains("<td class=\"cell v-fail known\" title=\"known deviation: \(Self.source)\">"))
        #expect(html.contains("× fail (known)</a>"))
        #expect(html.contains("<dt>Known deviation</dt><dd>\(Self.source)</dd>"))
        let cells = try #require(matrix.json["sections"]?.arrayValue?.flatMap { $0["rows"]?.arrayValue ?? [] }.compactMap { $0["cells"]?.arrayValue?.first })
        #expect(cells.compactMap { $0["known"]?.stringValue } == [Self.source])
    }
}
