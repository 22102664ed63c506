import PexSession
import Testing

@Suite struct PexClockTests {
    @Test func theSystemClockNeverGoesBack() {
        let clock = SystemPexClock()
        var last = clock.now()
        #expect(last >= 0)
        for _ in 0..<1000 {
            let now = clock.now()
            #expect(now >= last)
            last = now
        }
    }

    @Test func theManualClockMovesOnlyForward() {
        let clock = ManualPexClock(10)
        clock.advance(by: 5)
        clock.advance(by: -3)
        clock.set(12)
        #expect(clock.now() == 15)
        clock.set(20)
        #expect(clock.now() == 20)
    }
}
