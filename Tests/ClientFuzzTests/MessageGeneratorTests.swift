import Foundation
import ClientFuzz
import Testing
import WireCore

@Suite struct MessageGeneratorTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus").path

    @Test func sameSeedSameMessages() {
        let generator = MessageGenerator.loading(corpus: Self.corpus)
        for kind in FuzzMessage.Kind.allCases {
            var a = SeededGenerator(seed: 42)
            var b = SeededGenerator(seed: 42)
            let first = (0..<50).map { _ in generator.message(kind, pexID: 1, using: &a) }
            let second = (0..<50).map { _ in generator.message(kind, pexID: 1, using: &b) }
            #expect(first == second, "kind \(kind.rawValue)")
        }
    }
}
