import Conformance
import Foundation
import Testing

/// Every transcript a profile cites as where a rule was seen exists in the repository, so a
/// citation cannot point at a recording that was never made (or was renamed).
@Suite struct ProfileCitationTests {
    @Test func citedTranscriptsExist() throws {
        let root = URL(fileURLWithPath: CaseFiles.folder).deletingLastPathComponent().deletingLastPathComponent()
        var cited = 0
        for profile in ClientProfile.all {
            let sources = profile.rules.values.map(\.source) + profile.pexSources.map(\.source)
            for source in sources {
                var rest = Substring(source)
                while let start = rest.range(of: "Conformance/cases/") {
                    let tail = rest[start.lowerBound...]
                    guard let end = tail.range(of: ".json") else { break }
                    let path = String(tail[..<end.upperBound])
                    cited += 1
                    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(profile.id) cites \(path)")
                    rest = tail[end.upperBound...]
                }
            }
        }
        #expect(cited >= 10, "the rtorrent and aria2 profiles cite their recordings")
    }

    @Test func clientProfilesCitePublicSources() {
        // rtorrent's and aria2's rules, and what qBittorrent and Deluge add to libtorrent's, cite
        // the clients' source at a tag or a recorded transcript, never the reference notes beside
        // the project (they are not in the repository).
        let inherited = Set(ClientProfile.libtorrent20.pexSources.map(\.setting))
        var sources = [ClientProfile.rtorrent098, .aria2136].flatMap { $0.rules.values.map(\.source) + $0.pexSources.map(\.source) }
        sources += [ClientProfile.qbittorrent45, .deluge20].flatMap { $0.pexSources.filter { !inherited.contains($0.setting) }.map(\.source) }
        #expect(sources.count > 20)
        for source in sources {
            #expect(!source.contains("implementations.md") && !source.contains("hazards.md") && !source.contains("reference/0"), "\(source)")
            // Or the client's source at the commit Conformance/documents.json names.
            #expect(
                source.contains(" v0.13.8 ") || source.contains(" release-") || source.contains(" deluge-2.0.3") || source.contains("Conformance/cases/")
                    || source.contains(Document.rak.cite) || source.contains(Document.a2.cite), "\(source)")
        }
    }
}
