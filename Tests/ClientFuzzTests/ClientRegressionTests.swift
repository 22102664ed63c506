import ClientFuzz
import Foundation
import Testing

/// The regression files of `Corpus/regressions/clients/`, replayed against fresh instances of
/// their clients by `ci/fuzz-clients --regressions`. Needs the clients: runs only for those named
/// in `PEXSPEC_LIVE_CLIENTS` (comma-separated: libtorrent, transmission, rtorrent, aria2).
@Suite struct ClientRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let live = Set((ProcessInfo.processInfo.environment["PEXSPEC_LIVE_CLIENTS"] ?? "").split(separator: ",").map(String.init))

    /// Every regression file reads back: an outcome and at least one connection of messages.
    @Test func regressionFilesRead() throws {
        let folder = Self.root.appendingPathComponent("Corpus/regressions/clients")
        let clients = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for client in clients {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(client).path)) ?? []
            for file in files where file.hasSuffix(".json") {
                let text = try String(contentsOf: folder.appendingPathComponent(client).appendingPathComponent(file), encoding: .utf8)
                let regression = FindingCase.readRegression(text)
                #expect(regression != nil, "\(client)/\(file)")
                #expect(!(regression?.connections.flatMap { $0 }.isEmpty ?? true), "\(client)/\(file) has messages")
            }
        }
    }

    @Test(.enabled(if: live.contains("libtorrent"), "needs libtorrent (PEXSPEC_LIVE_CLIENTS)")) func libtorrent() throws { try Self.replay("libtorrent") }
    @Test(.enabled(if: live.contains("transmission"), "needs Transmission (PEXSPEC_LIVE_CLIENTS)")) func transmission() throws { try Self.replay("transmission") }
    @Test(.enabled(if: live.contains("rtorrent"), "needs rtorrent (PEXSPEC_LIVE_CLIENTS)")) func rtorrent() throws { try Self.replay("rtorrent") }
    @Test(.enabled(if: live.contains("aria2"), "needs aria2 (PEXSPEC_LIVE_CLIENTS)")) func aria2() throws { try Self.replay("aria2") }

    /// `ci/fuzz-clients --regressions --clients CLIENT`: each file against a fresh instance; fails when one no longer reproduces.
    static func replay(_ client: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("ci/fuzz-clients").path, "--regressions", "--clients", client]
        process.currentDirectoryURL = root
        // The pexspec `swift test` built beside this test: a `swift build` from inside the test
        // would wait for the lock the test run holds.
        var environment = ProcessInfo.processInfo.environment
        let built = root.appendingPathComponent(".build/debug/pexspec").path
        if environment["PEXSPEC_BIN"] == nil, FileManager.default.isExecutableFile(atPath: built) { environment["PEXSPEC_BIN"] = built }
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ci/fuzz-clients --regressions --clients \(client)")
    }
}
