import Report
import Testing
import WireJSON

/// A run's notes (no profile matched, a client that could not start) come first in the text
/// report, survive the JSON report, and head the client's matrix column.
@Suite struct NotesTests {
    @Test func notesLeadEveryRendering() throws {
        var run = RendererTests.run("rtorrent", verdicts: [.error, .error])
        run.notes = ["CLIENT ERROR: rtorrent failed to start: no XML-RPC socket after 20 s", "second"]
        #expect(TextRenderer.render(run).hasPrefix("CLIENT ERROR: rtorrent failed to start: no XML-RPC socket after 20 s\nsecond\npexspec probe"))
        let back = try Run(json: try JSONValue.parse(Array(JSONRenderer.render(run).utf8)))
        #expect(back.notes == run.notes)
        #expect(!back.properties.contains { $0.name == "notes" })
        let matrix = Matrix(columns: [.init(source: "rtorrent.json", run: back)])
        #expect(matrix.html().contains("<small class=\"note\">CLIENT ERROR: rtorrent failed to start"))
        #expect(matrix.json.serialized().contains("\"notes\": [\"CLIENT ERROR"))
        let plain = RendererTests.run("aria2", verdicts: [.pass])
        #expect(TextRenderer.render(plain).hasPrefix("pexspec probe"))
    }
}
