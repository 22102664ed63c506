#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts calls to malloc, calloc, realloc and the aligned allocators on this thread, through
/// `pexspec_alloc_count` exported by the shim `ci/bench` preloads (`ci/bench-baseline/alloc_count.c`).
/// Without the shim, counts are unavailable and reported as null.
enum AllocationCounter {
    private typealias CountFunction = @convention(c) () -> UInt64

    private static let function: CountFunction? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pexspec_alloc_count") else { return nil }
        return unsafeBitCast(symbol, to: CountFunction.self)
    }()

    static var isAvailable: Bool { function != nil }

    static func current() -> UInt64? { function?() }

    /// The allocations made by one call of `body`, or nil without the shim.
    static func count(_ body: () -> Int) -> UInt64? {
        guard let before = current() else {
            BlackHole.consume(body())
            return nil
        }
        BlackHole.consume(body())
        guard let after = current() else { return nil }
        return after - before
    }
}
