import Conformance
import Foundation
import Testing
import WireJSON

/// The second edition's checks can fail: each test breaks one thing a case claims and expects the replay to say so.
@Suite struct SenderCheckTests {
    private func replay(_ relative: String, _ edit: (inout String) -> Void) throws -> CaseReport {
        let copy = try CaseFiles.brokenCopy(of: relative, edit)
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        return ReplayEngine().replay(try Transcript(contentsOf: copy.file.path))
    }

    /// The profile fix of Transmission's empty re-send: 3.00 and 4.0 never send `de`, 4.1 does.
    @Test func transmission300NeverSendsAnEmptyMessage() throws {
        let report = try replay("ut_pex/hazard/transmission-empty-resend-utorrent-1.8.1.json") { $0.replaceFirst("\"transmission-4.1\"", with: "\"transmission-3.00\"") }
        #expect(report.mismatches.contains { $0.check == "sender" && $0.expected.contains("sends nothing when nothing changed") })
    }

    /// The webtorrent client never starts its PEX module: a ut_pex from it is a mismatch.
    @Test func theWebtorrentClientSendsNoPex() throws {
        let report = try replay("ut_pex/hazard/webtorrent-empty-resend-utorrent-1.8.1.json") { $0.replaceFirst("\"profile\": \"webtorrent\"", with: "\"profile\": \"webtorrent-client\"") }
        #expect(report.mismatches.contains { $0.check == "sender" && $0.expected.contains("no PEX at all") })
    }

    /// The webtorrent module sends all six keys empty, not `de`.
    @Test func theWebtorrentModuleDoesNotSendDe() throws {
        let report = try replay("ut_pex/hazard/transmission-empty-resend-utorrent-1.8.1.json") { $0.replaceFirst("\"transmission-4.1\"", with: "\"webtorrent\"") }
        #expect(report.mismatches.contains { $0.check == "sender" && $0.actual.contains("written as de") })
    }

    /// BEP 27: a client that turns PEX off for private torrents never offers ut_pex in m.
    @Test func aPrivateTorrentHandshakeOfferingUtPexIsAMismatch() throws {
        let report = try replay("bep27/private/anacrolix-before-1053.json") { $0.replaceFirst("\"profile\": \"anacrolix-before-1053\"", with: "\"profile\": \"anacrolix\"") }
        #expect(report.mismatches.contains { $0.check == "sender" && $0.expected.contains("no ut_pex in m") })
    }

    /// A BEP 11 violation the case does not name fails the reaction check, and one it names that is not there too.
    @Test func violationsAreComparedExactly() throws {
        let missing = try replay("bep11/added/not-connected.json") { $0.replaceFirst("\"not_connected\"", with: "\"empty\"") }
        #expect(missing.mismatches.contains { $0.check == "reaction" && $0.actual.contains("not_connected") })
        let extra = try replay("bep11/added/connected.json") { $0.replaceFirst("\"violations\": []", with: "\"violations\": [\"duplicate_ip\"]") }
        #expect(extra.mismatches.contains { $0.check == "reaction" })
    }

    /// The profile fixes of issue 14 item 4, each against the prediction the old rule gave.
    @Test(arguments: [
        ("ut_pex/caps/libtorrent-cumulative-40-then-40.json", "\"learned\": 10", "\"learned\": 40"),
        ("ut_pex/caps/libtorrent-30v4-30v6.json", "\"learned\": 60", "\"learned\": 50"),
        ("ut_pex/caps/webtorrent-keeps-all.json", "\"learned\": 60", "\"learned\": 50"),
        ("ut_pex/dropped/anacrolix.json", "\"forgot\": 0", "\"forgot\": 1"),
    ])
    func theOldPredictionNowFails(file: String, current: String, old: String) throws {
        let report = try replay(file) { $0.replaceFirst(current, with: old) }
        #expect(report.mismatches.contains { $0.check == "reaction" }, "\(file) with \(old)")
    }
}

@Suite struct FormatTwoTests {
    private func write(_ text: String) throws -> (folder: URL, file: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pexspec-v2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("case.json")
        try Data(text.utf8).write(to: file)
        return (folder, file.path)
    }

    private func error(_ text: String, limits: TranscriptLimits = .standard) throws -> TranscriptFormatError? {
        let (folder, file) = try write(text)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try Transcript(contentsOf: file, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    private static let head = """
        {"format": 2, "id": "x/y", "title": "t", "spec": {"document": "d", "requirement": "r"}, "provenance": {"kind": "capture", "source": "s"},
         "peers": {"a": {"client": "A", "version": "1", "profile": "reference"}, "b": {"client": "B", "version": "1", "profile": "reference"}},
        """
    private static let message = #"{"conn": "ab", "dir": "a_to_b", "t": 0, "framing": "standard", "hex": "00000000", "decode": "frames", "expect": {"value": [{"type": "keep_alive"}]}}"#

    @Test func aScenarioReadsAndWritesBack() throws {
        let text = Self.head + #" "connections": [{"id": "ab", "a": "a", "b": "b"}], "torrent": {"private": true}, "messages": [\#(Self.message)]}"#
        let transcript = try Transcript(json: try JSONValue.parse(text))
        #expect(transcript.format == 2 && transcript.torrent.isPrivate && transcript.connections.count == 1)
        #expect(try Transcript(json: transcript.json) == transcript)
    }

    @Test func aMessageOnAConnectionThatDoesNotExistIsRejected() throws {
        let text = Self.head + #" "connections": [{"id": "ab", "a": "a", "b": "b"}], "messages": [\#(Self.message.replacingOccurrences(of: "\"ab\"", with: "\"zz\""))]}"#
        let failure = try error(text)
        #expect(failure?.path == "$.messages[0].conn")
        #expect(failure?.file?.hasSuffix("case.json") == true)
    }

    @Test func aConnectionToAPeerThatDoesNotExistIsRejected() throws {
        let text = Self.head + #" "connections": [{"id": "ab", "a": "a", "b": "c"}], "messages": [\#(Self.message)]}"#
        #expect(try error(text)?.path == "$.connections[0].b")
    }

    @Test func timesThatDecreaseAreRejectedWithTheirPath() throws {
        let second = Self.message.replacingOccurrences(of: "\"t\": 0", with: "\"t\": 5")
        let text = Self.head + #" "connections": [{"id": "ab", "a": "a", "b": "b"}], "messages": [\#(second), \#(Self.message)]}"#
        #expect(try error(text)?.path == "$.messages[1].t")
    }
}

/// Issue 15 item 4: the reader validates while it reads.
@Suite struct BoundedReaderTests {
    private func file(_ bytes: [UInt8]) throws -> (URL, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pexspec-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("case.json")
        try Data(bytes).write(to: file)
        return (folder, file.path)
    }

    private func failure(_ text: String, _ limits: TranscriptLimits = .standard) throws -> TranscriptFormatError? {
        let (folder, path) = try file(Array(text.utf8))
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try Transcript(contentsOf: path, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func aFileOverTheSizeCapIsRefusedUnread() throws {
        let text = "{\"id\": \"" + String(repeating: "x", count: 2000) + "\"}"
        let refused = try failure(text, TranscriptLimits(maxFileSize: 1000))
        #expect(refused?.path == "$" && refused?.message.contains("size cap") == true)
    }

    @Test func aHexOverItsCapIsRefusedWithItsPath() throws {
        let hex = String(repeating: "00", count: 100)
        let text = #"{"format": 1, "messages": [{"dir": "a_to_b", "hex": "\#(hex)"}]}"#
        let refused = try failure(text, TranscriptLimits(maxHexLength: 50))
        #expect(refused?.path == "$.messages[0].hex")
    }

    /// The unknown member's value is cut off mid-array: a reader that read it would report a syntax error instead.
    @Test func anUnknownMemberIsRefusedBeforeItsValueIsRead() throws {
        let text = #"{"format": 1, "junk": [0, 0, 0, "# + String(repeating: "0, ", count: 10_000)
        let refused = try failure(text)
        #expect(refused?.path == "$.junk")
        #expect(refused?.message == "unknown member")
        let nested = try failure(#"{"messages": [{"dir": "a_to_b", "reacton": [1, 2, "#)
        #expect(nested?.path == "$.messages[0].reacton")
    }

    @Test func theSameFileGivenTwiceIsReadOnce() throws {
        let (folder, path) = try file(Array((try String(contentsOfFile: CaseFiles.path("bep10/handshake/example.json"), encoding: .utf8)).utf8))
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try TranscriptSet(paths: [path, path]).entries.count == 1)
        #expect(try TranscriptSet(paths: [folder.path, path, folder.path + "/./case.json"]).entries.count == 1)
    }

    @Test func aDeviceIsReadUpToTheCapOnly() throws {
        let refused: TranscriptFormatError?
        do {
            _ = try Transcript(contentsOf: "/dev/zero", limits: TranscriptLimits(maxFileSize: 1 << 16))
            refused = nil
        } catch {
            refused = error
        }
        #expect(refused?.message.contains("size cap") == true)
    }
}

@Suite struct ExtensionTableSenderTests {
    /// rtorrent keeps the extensions of the remote's first handshake: a ut_pex from it after that handshake left ut_pex out is a mismatch.
    @Test func rtorrentSendsNoPexWhenTheFirstHandshakeLeftItOut() throws {
        let copy = try CaseFiles.brokenCopy(of: "bep10/m/rtorrent-first-handshake-fixes-extensions.json") { text in
            let pex = #"{"dir": "b_to_a", "t": 130, "framing": "standard", "hex": "0000001f140164353a6164646564363ac63364011ae1373a61646465642e66313a0065", "decode": "ut-pex", "expect": {"value": {"added": [{"ip": "198.51.100.1", "port": 6881, "flags": 0}], "added6": [], "dropped": [], "dropped6": []}, "warnings": []}}"#
            text.replaceFirst("\n  ]\n}", with: ",\n" + pex + "\n  ]\n}")
        }
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let report = ReplayEngine().replay(try Transcript(contentsOf: copy.file.path))
        #expect(report.mismatches.contains { $0.check == "sender" && $0.expected.contains("do not offer ut_pex") }, "\(report.mismatches)")
    }
}

@Suite struct DocumentTableTests {
    /// `Documents.swift` is generated from `Conformance/documents.json`; `make_cases.py --check` compares them in CI, this test in `swift test`.
    @Test func theSwiftTableIsTheJSONTable() throws {
        let path = CaseFiles.folder + "/../documents.json"
        let json = try JSONValue.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        let rows = try #require(json["documents"]?.arrayValue)
        #expect(rows.count == Document.all.count)
        for (row, document) in zip(rows, Document.all) {
            #expect(row["key"]?.stringValue == document.key)
            #expect(row["cite"]?.stringValue == document.cite)
            #expect(row["group"]?.stringValue == document.group)
        }
    }

    /// Every case cites a document of the table, so the summary counts it under a spec.
    @Test func everyCaseCitesADocumentOfTheTable() throws {
        for file in CaseFiles.all {
            let transcript = try Transcript(contentsOf: CaseFiles.path(file))
            #expect(transcript.specGroup != nil, "\(file): \(transcript.spec.document)")
        }
    }
}
