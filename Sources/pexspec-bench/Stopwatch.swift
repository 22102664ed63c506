#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures CPU time of the calling thread, so that other processes sharing the cores slow a
/// measurement less than wall-clock time would (the C++ baseline measures the same clock).
enum Stopwatch {
    static func threadSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `pass` until `minSeconds` have gone by, `repetitions` times, and returns the median
    /// seconds per pass. `pass` returns a value derived from its work so it cannot be elided.
    static func medianSecondsPerPass(repetitions: Int, minSeconds: Double, _ pass: () -> Int) -> (median: Double, samples: [Double]) {
        var samples: [Double] = []
        BlackHole.consume(pass())  // warm-up: page in the input, grow allocator pools
        for _ in 0..<max(repetitions, 1) {
            var iterations = 0
            let start = threadSeconds()
            var elapsed = 0.0
            repeat {
                BlackHole.consume(pass())
                iterations += 1
                elapsed = threadSeconds() - start
            } while elapsed < minSeconds
            samples.append(elapsed / Double(iterations))
        }
        let sorted = samples.sorted()
        let mid = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        return (median, samples)
    }

    /// Peak resident set size of this process so far, in KiB.
    static func maxResidentKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}

/// Keeps results alive from the optimiser's point of view.
enum BlackHole {
    nonisolated(unsafe) static var sink = 0

    @inline(never) static func consume(_ value: Int) { sink &+= value }
}
