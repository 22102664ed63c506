import Bencode
import WireCore

/// What a decoder promises about its two modes, checked on every input.
///
/// Every codec reports deviations through `Diagnostics`, so strict mode throws exactly the first
/// deviation lenient mode warns about. For one input:
/// - strict accepts ⇒ lenient accepts the same value with the same warnings, all of them
///   ``noted`` codes (facts reported in every mode);
/// - lenient accepts, strict rejects ⇒ strict's error is a ``tolerated`` code and is lenient's
///   first warning that is not a ``noted`` one, code and offset;
/// - both reject ⇒ with the same error, or strict stopped earlier at a ``tolerated`` code;
/// - every warning uses a ``tolerated`` or ``noted`` code (the codec documents no other);
/// - every error offset lies in `0...count` and every warning offset in `0..<count`.
struct ModeContract {
    let target: String
    /// The codes lenient mode warns about and strict mode throws.
    let tolerated: Set<ParseError.Code>
    /// The codes reported as warnings in every mode.
    var noted: Set<ParseError.Code> = []

    /// The deviations of the bencode decoder, which every bencoded payload inherits.
    static let bencodeTolerated: Set<ParseError.Code> = [.leadingZero, .negativeZero, .unsortedKeys, .duplicateKey, .trailingData]

    func check<Value: Equatable>(count: Int, strict: Result<Decoded<Value>, ParseError>, lenient: Result<Decoded<Value>, ParseError>) {
        for case .failure(let error) in [strict, lenient] {
            invariant((0...count).contains(error.offset), "error offset inside the input", "\(target): \(error), \(count) bytes")
        }
        for case .success(let decoded) in [strict, lenient] {
            for warning in decoded.warnings {
                invariant(tolerated.contains(warning.code) || noted.contains(warning.code), "warnings use documented codes only", "\(target): \(warning)")
                invariant((0..<max(count, 1)).contains(warning.offset), "warning offset inside the input", "\(target): \(warning), \(count) bytes")
            }
        }
        switch (strict, lenient) {
        case (.success(let s), .success(let l)):
            invariant(s.value == l.value, "strict and lenient decode to the same value", target)
            invariant(s.warnings == l.warnings, "strict and lenient warn alike where strict accepts", "\(target): \(s.warnings) vs \(l.warnings)")
            invariant(s.warnings.allSatisfy { noted.contains($0.code) }, "strict accepts only what has no tolerated deviation", "\(target): \(s.warnings)")
        case (.success, .failure(let l)):
            invariant(false, "strict never accepts what lenient rejects", "\(target): \(l)")
        case (.failure(let s), .success(let l)):
            invariant(tolerated.contains(s.code), "strict rejects lenient input only for a tolerated deviation", "\(target): \(s)")
            let first = l.warnings.first { !noted.contains($0.code) }
            invariant(first.map { $0.code == s.code && $0.offset == s.offset } ?? false,
                      "strict's error is lenient's first tolerated warning", "\(target): strict \(s), lenient \(l.warnings)")
        case (.failure(let s), .failure(let l)):
            invariant(s == l || tolerated.contains(s.code), "both modes reject alike unless strict stopped at a deviation", "\(target): strict \(s), lenient \(l)")
        }
    }
}

/// Runs a decode whose errors are typed, as a `Result`.
func outcome<Value, Failure: Error>(_ body: () throws(Failure) -> Value) -> Result<Value, Failure> {
    do { return .success(try body()) } catch { return .failure(error) }
}
