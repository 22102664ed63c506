import Conformance

/// How a probe run lays out its connections for the client at hand, decided once connection 0 has
/// the client's extended handshake: the profile its `v` names, the observation window (two of the
/// profile's PEX intervals and ``windowMargin`` unless ``ProbeConfiguration/window`` is set), and whether robustness
/// connections must run one at a time because the client enables ut_pex on only so many
/// connections per torrent (rtorrent: 8), so that each gets a PEX-enabled connection.
struct ConnectionPlan: Sendable {
    /// The window when neither the configuration nor the profile gives one: two libtorrent
    /// intervals and a Transmission one.
    static let defaultWindow: Double = 130
    /// How often a robustness case is tried when the client gives its connection `m.ut_pex` = 0
    /// while it gave connection 0 an id (its PEX connections are all taken).
    static let attempts = 3
    /// Seconds added to two PEX intervals, so that a message sent on the second interval's tick
    /// (aria2's and libtorrent's first ut_pex comes at once, the next ones an interval apart)
    /// lands inside the window whatever the jitter.
    static let windowMargin: Double = 10

    var profile: ClientProfile?
    var window: Double
    /// For the report's head: no profile matched, the window is shorter than two intervals.
    var notes: [String]
    /// Robustness connections one after another, not all at once.
    var oneAtATime: Bool
    /// Connection 0 was given a ut_pex id.
    var firstHasPex: Bool

    /// `reached`: connection 0 opened; when it did not, no note on the window (nothing was watched).
    init(configuration: ProbeConfiguration, version: String?, firstHasPex: Bool, reached: Bool = true) {
        let profile = ProfilePrediction.profile(named: configuration.profile, version: version)
        self.profile = profile
        self.firstHasPex = firstHasPex
        oneAtATime = profile?.pexConnectionCap != nil
        var notes: [String] = []
        if profile == nil {
            let who = version.map { "the client's v \"\($0)\"" } ?? "the client (it sent no v)"
            notes.append(
                "NO PROFILE: none matches \(who), so robustness cases have no prediction; give --profile ID (pexspec replay --profiles), --profile reference, or --allow-unprofiled")
        }
        let twoIntervals = profile?.pexInterval.map { 2 * $0 + Self.windowMargin }
        window = configuration.window ?? twoIntervals ?? Self.defaultWindow
        let watchesPex = PexObservation.cases.contains { configuration.selects($0.id) }
        if !watchesPex || !reached {
            // No ut_pex/send case: the window is not used.
        } else if let profile, let interval = profile.pexInterval, window < 2 * interval {
            notes.append(
                "SHORT WINDOW: \(ProbePeer.seconds(window)) is less than two of \(profile.id)'s \(ProbePeer.seconds(interval)) PEX intervals (\(ProbePeer.seconds(2 * interval))): ut_pex/send may see fewer than two messages")
        } else if configuration.window == nil, twoIntervals == nil {
            notes.append("WINDOW: \(ProbePeer.seconds(window)), the default: \(profile.map { "\($0.id) knows" } ?? "with no profile, the probe knows") no PEX interval")
        }
        if reached, let cap = profile?.pexConnectionCap, let profile {
            notes.append("PLAN: \(profile.id) enables ut_pex on at most \(cap) connections per torrent, so the robustness connections run one at a time")
        }
        self.notes = notes
    }

    /// Seconds a robustness connection is given for its opening in ``runWindow``.
    static let openingAllowance: Double = 2

    /// The run's window (``RunDeadline``): the longest of the observation window, the swarm's
    /// when it is given and its cases selected, and the time the selected robustness
    /// connections need (each its opening allowance, its burst and the settle time; summed when
    /// they run one at a time).
    func runWindow(configuration: ProbeConfiguration) -> Double {
        let each = RobustnessProbe.all.filter { configuration.selects($0.probeCase.id) }.map {
            Self.openingAllowance + $0.spacing * Double($0.frameCount - 1) + configuration.settleTime
        }
        let robustness = oneAtATime ? each.reduce(0, +) : each.max() ?? 0
        let swarm = SwarmCases.all.contains { configuration.selects($0.id) } ? configuration.swarmWindow ?? 0 : 0
        return max(window, swarm, robustness)
    }

    /// Why a robustness case had no PEX-enabled connection, after ``attempts`` tries.
    func noPexReason(tries: Int) -> String {
        guard firstHasPex else { return "the client does not advertise ut_pex (connection 0 got no id either)" }
        let cap = profile.flatMap { p in p.pexConnectionCap.map { " (\(p.id): at most \($0) per torrent)" } } ?? ""
        return "the client gave this connection m.ut_pex = 0 on \(tries) tries, though it gave connection 0 an id: its PEX connections were all taken\(cap)"
    }
}
