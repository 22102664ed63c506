import PexSession
import Testing

@Suite struct FloodDetectorTests {
    @Test func keepsOnlyTheArrivalsTheRuleNeeds() {
        var detector = FloodDetector(rule: .libtorrent)
        // Six quick ones, a pause, then six more within a minute of each other but more than a
        // minute after the first batch: no flood until the 7th of the second batch.
        for n in 0..<6 {
            let flood = detector.record(at: Double(n))
            #expect(!flood, "first batch \(n)")
        }
        for n in 0..<6 {
            let flood = detector.record(at: 100 + Double(n) * 11)
            #expect(!flood, "second batch \(n)")
        }
        let seventh = detector.record(at: 100 + 6 * 9.5)
        #expect(seventh)
    }

    @Test func ruleOfAtLeastTwoMessages() {
        #expect(FloodRule(messages: 0, within: 10).messages == 2)
        #expect(FloodRule.minimumGap(45) == FloodRule(messages: 2, within: 45))
    }
}
