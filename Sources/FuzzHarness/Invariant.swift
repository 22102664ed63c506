#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks one invariant of a fuzz target; a failure traps, naming the invariant.
///
/// The message goes to standard error before the trap because optimised builds (how the fuzz
/// binaries are built for speed) drop `preconditionFailure` messages.
@inline(__always)
func invariant(_ condition: @autoclosure () -> Bool, _ name: StaticString, _ detail: @autoclosure () -> String = "") {
    guard !condition() else { return }
    let text = "pexspec fuzz invariant failed: \(name)" + { let d = detail(); return d.isEmpty ? "" : " (\(d))" }()
    var line = Array((text + "\n").utf8)
    _ = line.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    preconditionFailure(text)
}
