import Bencode
@testable import ClientFuzz
import Foundation
import PexModel
import Testing
import WireCore

@Suite struct LoopbackPeersTests {
    @Test func publicAddressesMoveToLoopbackAndPortOne() {
        let peers = [PeerAddress("8.8.8.8:6881"), PeerAddress("0.0.0.0:6881"), PeerAddress("224.0.0.1:0"), PeerAddress("10.1.2.3:65535")].compactMap { $0 }
        let payload = BencodeEncoder.encode(["added": .string(CompactPeerList.encode(peers)), "x": "8.8.8.8"])
        let confined = LoopbackPeers.confine(payload)
        #expect(confined.count == payload.count)
        let added = (try? BencodeDecoder().decode(confined).value["added"]?.bytes).flatMap { $0 } ?? []
        let parsed = CompactPeerList.parse(added, family: .ipv4).peers.map(\.description)
        #expect(parsed == ["127.8.8.8:1", "0.0.0.0:1", "224.0.0.1:0", "127.1.2.3:65535"])
        // Bytes outside the peer lists are untouched.
        #expect(Array(confined.suffix(12)) == Array(payload.suffix(12)))
    }

    @Test func ipv6BecomesLoopbackUnlessLocalOnly() {
        let peers = ["[2001:db8::1]:80", "[fe80::1]:80", "[::ffff:8.8.4.4]:80"].compactMap { PeerAddress($0) }
        let payload = BencodeEncoder.encode(["added6": .string(CompactPeerList.encode(peers))])
        let added = (try? BencodeDecoder().decode(LoopbackPeers.confine(payload)).value["added6"]?.bytes).flatMap { $0 } ?? []
        #expect(CompactPeerList.parse(added, family: .ipv6).peers.map(\.description) == ["[::1]:1", "[fe80::1]:1", "[::ffff:127.8.4.4]:1"])
    }

    @Test func azureusListsAndPayloadsAtAnyOffset() {
        let entry = CompactPeerList.encode([PeerAddress("1.2.3.4:6881")].compactMap { $0 })
        let payload = BencodeEncoder.encode(["added": .list([.string(entry)]), "dropped": .list([.string(entry)])])
        let framed = [0, 0, 0, 9, 0xAB] + payload + [0x64, 0x31]
        let confined = LoopbackPeers.confineAll(framed)
        #expect(confined.count == framed.count)
        #expect(!confined.windowsContains([1, 2, 3, 4]))
        #expect(confined.windowsContains([127, 2, 3, 4, 0, 1]))
    }

    /// Every peer in every generated message is on this machine, whatever the seed.
    @Test func generatedMessagesNameOnlyLoopbackPeers() {
        let generator = MessageGenerator.loading(corpus: MessageGeneratorTests.corpus)
        var random = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            let message = generator.message(.utPex, pexID: 1, using: &random)
            guard let root = try? BencodeDecoder(mode: .lenient).decode(message.bytes.dropFirst(6)).value else { continue }
            for key in ["added", "dropped"] {
                for peer in CompactPeerList.parse(root[key]?.bytes ?? [], family: .ipv4).peers {
                    guard case .v4(let a) = peer.ip else { continue }
                    #expect(a >> 24 == 127 || a == 0 || a == 0xFFFF_FFFF || (224...239).contains(a >> 24), "\(peer) in \(message.summary)")
                }
            }
        }
    }
}

extension Array where Element == UInt8 {
    func windowsContains(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}

@Suite struct LogWatchTests {
    /// Only what the file gained after the watch started counts, and a clean leak summary is not trouble.
    @Test func readsNewLinesAndKnowsValgrind() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("logwatch-\(UUID().uuidString).log").path
        try Data("old: Assertion failed\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var watch = LogWatch(paths: [path])
        #expect(watch.look().isEmpty)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("==1== definitely lost: 0 bytes in 0 blocks\n==1== Syscall param write(buf) points to uninitialised byte(s)\nfine\n".utf8))
        try handle.close()
        let found = watch.look()
        #expect(found.count == 1)
        #expect(found.first?.contains("Syscall param") == true)
    }
}
