/// The one verdict vocabulary of every pexspec result: replay, probe and everything built on them.
/// Each verdict is defined once, in `docs/reports.md`; the raw values are the published strings.
public enum Verdict: String, Sendable, CaseIterable, Comparable {
    /// The evidence named in the result matches Expected.
    case pass
    /// The evidence differs from Expected.
    case fail
    /// The case ran but saw nothing it could judge (no ut_pex in the window, fewer than two
    /// messages, an input the probe could not finish sending); the reason says which.
    case inconclusive
    /// Seen and recorded, with nothing to compare it with (no profile predicts it).
    case observed
    /// Not run: the subject lacks what the case needs (no ut_pex in its `m`, say).
    case skipped
    /// The harness could not get as far as the check (no connection, no handshake).
    case error

    /// The mark the text and HTML reports show.
    public var mark: String {
        switch self {
        case .pass: return "✔"
        case .fail: return "×"
        case .inconclusive: return "?"
        case .observed: return "●"
        case .skipped: return "-"
        case .error: return "!"
        }
    }

    /// The member of a report's `summary` that counts this verdict.
    public var summaryKey: String {
        switch self {
        case .pass: return "passed"
        case .fail: return "failed"
        case .inconclusive: return "inconclusive"
        case .observed: return "observed"
        case .skipped: return "skipped"
        case .error: return "errors"
        }
    }

    /// True unless the verdict says the subject or the harness went wrong (`fail`, `error`).
    public var isAcceptable: Bool { self != .fail && self != .error }

    /// Report order: the worst first, for a matrix cell that sums several verdicts.
    private var severity: Int {
        switch self {
        case .error: return 0
        case .fail: return 1
        case .inconclusive: return 2
        case .observed: return 3
        case .skipped: return 4
        case .pass: return 5
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.severity < rhs.severity }
}
