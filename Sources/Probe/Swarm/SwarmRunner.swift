import Bencode
import Conformance
import NIOCore
import NIOPosix
import PeerWire
import PexModel

/// Runs the swarm against one client: canaries and a dead address, the public torrent's peers
/// A…O and the private torrent's P and Q (``SwarmPlan``), one timeline of steps, then the
/// cases judged on what was seen (``SwarmJudge``). It ends when every case is decided, at
/// ``ProbeConfiguration/swarmWindow`` or at the end of the run's window (``RunDeadline``),
/// whichever comes first, and closes every socket it opened.
struct SwarmRunner: Sendable {
    var configuration: ProbeConfiguration
    /// The run's deadline; the swarm's timeline ends at the run's window.
    var deadline = RunDeadline()

    struct Outcome: Sendable {
        var results: [ProbeCaseResult]
        var client: String?
        var profile: String?
        var connections: [SwarmConnectionLog]
    }

    /// The cases each role's wire log goes with.
    static let caseRoles: [String: [String]] = [
        SwarmCases.dialsAdded.id: ["A"], SwarmCases.droppedNotDialed.id: ["A"], SwarmCases.duplicateIP.id: ["A"],
        SwarmCases.oneSource.id: ["O"], SwarmCases.flagsUsed.id: ["A"], SwarmCases.addAndDrop.id: ["A", "B"],
        SwarmCases.onlyConnectedCase.id: ["A", "B"], SwarmCases.droppedOnDisconnect.id: ["C", "B"],
        SwarmCases.noDuplicates.id: ["B"], SwarmCases.notAddedAndDroppedCase.id: ["B"], SwarmCases.capAfterFirst.id: ["B"],
        SwarmCases.interval.id: ["B"], SwarmCases.neverEmpty.id: ["B"], SwarmCases.noSelf.id: ["B"],
        SwarmCases.flagsTruthful.id: ["A", "B"], SwarmCases.ports.id: ["A", "B", "C"],
        SwarmCases.disableWithZero.id: ["D", "B"], SwarmCases.resendWithoutPex.id: ["E", "B"], SwarmCases.unassignedID.id: ["F"],
        SwarmCases.privateNotAdvertised.id: ["P", "Q"], SwarmCases.privateNotDialed.id: ["P"], SwarmCases.privateNotSent.id: ["P", "Q"],
    ]

    /// The canary groups each case's log shows the dials of.
    static let caseCanaries: [String: [String]] = [
        SwarmCases.dialsAdded.id: ["added"], SwarmCases.droppedNotDialed.id: ["dropped"], SwarmCases.duplicateIP.id: ["duplicate-ip"],
        SwarmCases.oneSource.id: ["one-source"], SwarmCases.flagsUsed.id: ["encryption", "utp"], SwarmCases.addAndDrop.id: ["both"],
        SwarmCases.privateNotDialed.id: ["private"],
    ]

    func run() async -> Outcome {
        let plan = SwarmPlan(net: configuration.swarmNet)
        let clock = ConnectionClock()
        let group = MultiThreadedEventLoopGroup.singleton
        let selected = SwarmCases.all.filter { configuration.selects($0.id) }

        // Canaries, and the dead address: a port that was bound and closed again.
        var canaries: [(group: String, flags: PeerFlags, canary: Canary)] = []
        var dead: PeerAddress?
        var failure: String?
        do {
            for single in plan.singles where single.group != "private" || configuration.privateInfoHash != nil {
                canaries.append((single.group, single.flags, try await Canary.listen(on: single.ip, group: group, clock: clock)))
            }
            for _ in 0..<SwarmPlan.duplicateIPPorts {
                canaries.append(("duplicate-ip", .reachable, try await Canary.listen(on: plan.duplicateIP, group: group, clock: clock)))
            }
            for i in 0..<SwarmPlan.oneSourceCount {
                canaries.append(("one-source", [], try await Canary.listen(on: plan.oneSourceIP(i), group: group, clock: clock)))
            }
            let probe = try await Canary.listen(on: plan.deadIP, group: group, clock: clock)
            dead = probe.address
            await probe.close()
        } catch {
            failure = "cannot listen on loopback: \(error)"
        }

        // The peers, all at once.
        var roles = SwarmPlan.publicRoles.map { ($0, false) }
        if configuration.privateInfoHash != nil { roles += SwarmPlan.privateRoles.map { ($0, true) } }
        var peers: [String: SwarmPeer] = [:]
        var openFailures: [String: (ip: IPAddress, isPrivate: Bool, failure: String)] = [:]
        // Those that need ut_pex first: a client that enables it on only so many connections per
        // torrent (rtorrent: 8) gives it to the first ones.
        let waves = [
            roles.enumerated().filter { SwarmPlan.needsPex.contains($0.element.0) },
            roles.enumerated().filter { !SwarmPlan.needsPex.contains($0.element.0) },
        ]
        for wave in waves where failure == nil {
            await withTaskGroup(of: (String, Bool, IPAddress, Result<SwarmPeer, OpenError>).self) { tasks in
                for (n, (role, isPrivate)) in wave {
                    let ip = plan.peerIP(n)
                    tasks.addTask { (role, isPrivate, ip, await open(role, ip: ip, isPrivate: isPrivate, clock: clock)) }
                }
                for await (role, isPrivate, ip, result) in tasks {
                    switch result {
                    case .success(let peer): peers[role] = peer
                    case .failure(let error): openFailures[role] = (ip, isPrivate, error.description)
                    }
                }
            }
        }
        // One time limit for all the openings, within the run's deadline.
        let openingTimeout = min(configuration.handshakeTimeout + 5, deadline.remaining())
        let openings = ContinuousClock.now + .milliseconds(Int64(openingTimeout * 1000))
        for peer in peers.values {
            if let why = await peer.established(by: openings, timeout: openingTimeout) { openFailures[peer.role] = (peer.ip, peer.infoHash != configuration.infoHash, why) }
        }

        var steps: [String: Double] = [:]
        var unassignedID: UInt8?
        var cut = false
        if failure == nil { (unassignedID, cut) = await timeline(peers, plan: plan, canaries: canaries, dead: dead, clock: clock, steps: &steps) }

        // What was seen, then every socket closed.
        let duration = clock.now()
        var logs: [String: [WireLogEntry]] = [:]
        for (role, peer) in peers { logs[role] = await peer.finish() }
        var evidencePeers: [SwarmEvidence.Peer] = []
        for (n, (role, isPrivate)) in roles.enumerated() {
            if let peer = peers[role] {
                let end = peer.end.map { (reason: $0.reason.description, time: $0.time, byClient: $0.reason.isByClient) }
                evidencePeers.append(SwarmEvidence.Peer(
                    role: role, ip: peer.ip, listenPort: peer.listener.address.port, sourcePort: Self.port(of: peer.address),
                    isPrivate: isPrivate, openingFailure: openFailures[role]?.failure, remoteExtensions: peer.remoteExtensions,
                    extended: peer.extendedMessages, end: end.flatMap { $0.time < duration - 0.05 || $0.byClient ? $0 : nil },
                    advertised: role == "A" ? [.prefersEncryption, .supportsHolepunch] : [], dialsBack: peer.listener.hitCount))
            } else {
                let why = openFailures[role]?.failure ?? failure ?? "not opened"
                evidencePeers.append(SwarmEvidence.Peer(
                    role: role, ip: plan.peerIP(n), listenPort: 0, sourcePort: 0, isPrivate: isPrivate, openingFailure: why, remoteExtensions: [:],
                    extended: [], end: nil, advertised: [], dialsBack: 0))
            }
        }
        let evidenceCanaries = canaries.map { SwarmEvidence.Canary(group: $0.group, address: $0.canary.address, flags: $0.flags, hits: $0.canary.hits, hitCount: $0.canary.hitCount) }
        for item in canaries { await item.canary.close() }
        for peer in peers.values { await peer.listener.close() }

        let evidence = SwarmEvidence(
            publicHash: configuration.infoHash, privateHash: configuration.privateInfoHash, ourPexID: configuration.pexExtensionID,
            peers: evidencePeers, canaries: evidenceCanaries, dead: dead, steps: steps, unassignedExtendedID: unassignedID,
            settle: configuration.settleTime, duration: duration)
        let version = peers.values.compactMap(\.remoteVersion).first
        let profile = ProfilePrediction.profile(named: configuration.profile, version: version)
        let judge = SwarmJudge(evidence: evidence, behaviour: profile?.swarm ?? SwarmBehaviour(), profileID: profile?.id)
        let results = judge.findings().filter { selected.contains($0.0) }.map { probeCase, finding -> ProbeCaseResult in
            var finding = finding
            if let failure { finding = Finding(verdict: .error, expected: "a swarm on loopback", actual: failure, reason: failure) }
            if cut && finding.verdict == .inconclusive {
                let why = String(format: "%@: the swarm stopped at %.0f s, before every case was decided", RunDeadline.reason, duration)
                finding.reason = (finding.reason.map { $0 + "; " } ?? "") + why
                finding.actual += " (\(why))"
            }
            let caseRoles = Self.caseRoles[probeCase.id] ?? roles.map(\.0)
            let groups = Self.caseCanaries[probeCase.id] ?? []
            // The log's id in the report: the connections, and the canaries whose dials it shows.
            let connection = caseRoles.compactMap { peers[$0].map { "\($0.role) \($0.address)" } }.joined(separator: ", ")
                + (groups.isEmpty ? "" : " + canaries " + groups.joined(separator: ", "))
            return ProbeCaseResult(
                probeCase: probeCase, verdict: finding.verdict, expected: finding.expected, actual: finding.actual, evidence: finding.evidence,
                reason: finding.reason, observation: finding.observation, connection: connection,
                log: Self.mergedLog(caseRoles, peers: peers, logs: logs, canaries: evidenceCanaries.filter { groups.contains($0.group) }))
        }
        let connections = roles.compactMap { role, isPrivate -> SwarmConnectionLog? in
            guard let peer = peers[role], let log = logs[role] else { return nil }
            return SwarmConnectionLog(role: role, address: peer.address, isPrivate: isPrivate, offset: peer.offset, log: log)
        }
        return Outcome(results: results, client: version, profile: profile?.id, connections: connections)
    }

    // MARK: The timeline

    /// Runs the scenario's steps until every case is decided or the window ends; returns the
    /// unassigned extended id F used, and `cut` when the run's window ended it before the
    /// swarm's own did.
    private func timeline(
        _ peers: [String: SwarmPeer], plan: SwarmPlan, canaries: [(group: String, flags: PeerFlags, canary: Canary)], dead: PeerAddress?,
        clock: ConnectionClock, steps: inout [String: Double]
    ) async -> (UInt8?, cut: Bool) {
        let t0 = clock.now()
        let ownEnd = t0 + (configuration.swarmWindow ?? .infinity)
        // The run's window may be set only once connection 0 has the plan: read it each step.
        var deadline: Double { min(ownEnd, clock.now() + self.deadline.windowRemaining()) }
        var running: Bool { clock.now() < ownEnd && self.deadline.windowRemaining() > 0 }
        let settle = configuration.settleTime
        let ourID = configuration.pexExtensionID
        let open = peers.filter { $0.value.isEstablished }
        let assigned = Set(open.values.flatMap { $0.remoteExtensions.values })
        let unassignedID = (UInt8(200)...UInt8(250)).reversed().first { !assigned.contains($0) }
        if open.values.contains(where: { $0.infoHash != configuration.infoHash }) { steps["private-open"] = t0 }
        // The client's ut_pex id on the public torrent, for P when the private torrent has none.
        let publicPexID = open.values.first { $0.infoHash == configuration.infoHash && $0.remotePexID != nil }?.remotePexID

        func addresses(_ group: String) -> [PexPeer] {
            canaries.filter { $0.group == group }.map { PexPeer(address: $0.canary.address, flags: $0.flags) }
        }
        func pex(_ role: String, _ message: UTPexMessage, step: String, id: UInt8? = nil) {
            guard steps[step] == nil, let peer = open[role], let pexID = id ?? peer.remotePexID,
                let payload = try? message.encoded(style: .nonEmpty)
            else { return }
            let summary = "ut_pex +\(message.added.count + message.added6.count)/-\(message.dropped.count + message.dropped6.count) (\(step))"
            if peer.send(PeerMessage.extended(id: pexID, payload: payload).encoded, summary: summary) { steps[step] = clock.now() }
        }
        func extended(_ role: String, id: UInt8, _ payload: BencodeValue, step: String) {
            guard steps[step] == nil, let peer = open[role] else { return }
            let bytes = BencodeEncoder.encode(payload)
            let summary = "extended id \(id) \(String(decoding: bytes.prefix(60), as: UTF8.self)) (\(step))"
            if peer.send(PeerMessage.extended(id: id, payload: bytes).encoded, summary: summary) { steps[step] = clock.now() }
        }

        while running {
            let now = clock.now() - t0
            if now >= 1 {
                var announce = UTPexMessage(added: addresses("added") + addresses("duplicate-ip") + addresses("encryption") + addresses("utp") + addresses("both"))
                if let dead { announce.added.append(PexPeer(address: dead, flags: .reachable)) }
                announce.dropped = addresses("dropped").map(\.address) + addresses("both").map(\.address)
                pex("A", announce, step: "announce")
                pex("O", UTPexMessage(added: addresses("one-source")), step: "one-source")
                if let p = open["P"] { pex("P", UTPexMessage(added: addresses("private")), step: "private-announce", id: p.remotePexID ?? publicPexID) }
            }
            if now >= 2, let unassignedID { extended("F", id: unassignedID, "de", step: "unassigned-F") }
            if now >= 4 {
                extended("D", id: 0, ["m": ["ut_pex": 0]], step: "disable-D")
                // BEP 21's re-handshake without upload_only: a seed closes an upload-only peer.
                extended("E", id: 0, ["m": ["ut_metadata": 3]], step: "rehandshake-E")
            }
            // C leaves once the client has listed it to another peer (so that there is something
            // to drop), or 40 s before the window ends.
            if now >= SwarmPlan.disconnectAfter, steps["disconnect-C"] == nil, let c = open["C"], c.end == nil,
                clock.now() >= deadline - 40 || Self.listed(c.ip, by: open.values.filter { $0.role != "C" }, ourID: ourID)
            {
                steps["disconnect-C"] = clock.now()
                await c.disconnect()
            }
            if let resent = steps["rehandshake-E"], steps["pex-E"] == nil, let e = open["E"], e.end == nil {
                let tick = open.values.contains { peer in
                    peer.infoHash == configuration.infoHash && !SwarmJudge.rehandshakeRoles.contains(peer.role)
                        && peer.pex(ourID: ourID).contains { $0.time > resent + 2 }
                }
                if tick || clock.now() >= deadline - settle - 2, let pexID = e.remotePexID, let dead {
                    let message = UTPexMessage(added: [PexPeer(address: dead, flags: .reachable)])
                    if let payload = try? message.encoded(), e.send(PeerMessage.extended(id: pexID, payload: payload).encoded, summary: "ut_pex +1 (pex-E, after the handshake without ut_pex)") {
                        steps["pex-E"] = clock.now()
                    }
                }
            }
            if decided(open, steps: steps, t0: t0, now: clock.now()) { return (unassignedID, false) }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return (unassignedID, clock.now() < ownEnd)
    }

    /// True when waiting longer cannot change a verdict: the dials have had their time, the
    /// reactions their settle time, and a watcher has had a PEX message after every change.
    private func decided(_ open: [String: SwarmPeer], steps: [String: Double], t0: Double, now: Double) -> Bool {
        let settle = configuration.settleTime + 1
        guard now - t0 >= SwarmPlan.dialWait else { return false }
        for (step, role) in [("pex-E", "E"), ("unassigned-F", "F")] where open[role] != nil && open[role]?.end == nil {
            guard let sent = steps[step], now >= sent + settle else { return false }
        }
        let changes = ["disconnect-C", "disable-D", "rehandshake-E"].compactMap { steps[$0] } + [steps["private-open"].map { $0 + 4 } ?? 0]
        guard let last = changes.max() else { return false }
        let watchers = open.values.filter { $0.infoHash == configuration.infoHash && !SwarmJudge.rehandshakeRoles.contains($0.role) }
        let pex = watchers.map { $0.pex(ourID: configuration.pexExtensionID) }
        guard pex.contains(where: { $0.count >= 2 }), pex.contains(where: { $0.contains { $0.time > last + SwarmJudge.inFlight } }) else { return false }
        // dropped-on-disconnect: a peer C was listed to must have had a message since C left.
        if let gone = steps["disconnect-C"], let c = open["C"] {
            let told = watchers.filter { Self.listed(c.ip, by: [$0], ourID: configuration.pexExtensionID) }
            return told.contains { $0.pex(ourID: configuration.pexExtensionID).contains { $0.time > gone + SwarmJudge.inFlight } }
        }
        return true
    }

    /// True when one of `peers` got a ut_pex whose added names `ip`.
    static func listed(_ ip: IPAddress, by peers: [SwarmPeer], ourID: UInt8) -> Bool {
        peers.contains { peer in
            peer.pex(ourID: ourID).contains { received in
                (try? UTPexMessage.decode(received.payload, mode: .lenient).value)?.addedAddresses.contains { $0.ip == ip } ?? false
            }
        }
    }

    // MARK: Connections

    struct OpenError: Error, CustomStringConvertible {
        var description: String
    }

    private func open(_ role: String, ip: IPAddress, isPrivate: Bool, clock: ConnectionClock) async -> Result<SwarmPeer, OpenError> {
        var peerConfiguration = configuration
        if isPrivate, let hash = configuration.privateInfoHash { peerConfiguration.infoHash = hash }
        let listener: Canary
        do {
            listener = try await Canary.listen(on: ip, group: MultiThreadedEventLoopGroup.singleton, clock: clock)
        } catch {
            return .failure(OpenError(description: "cannot listen on \(ip): \(error)"))
        }
        do {
            let target = try SocketAddress(ipAddress: configuration.target.ip.description, port: Int(configuration.target.port))
            let source = try SocketAddress(ipAddress: ip.description, port: 0)
            let offset = clock.now()
            let connection = try await PeerConnection.open(to: target, from: source, group: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
            let extras: (BencodeDictionary, BencodeDictionary) = role == "A" ? (["e": 1], ["ut_holepunch": 7]) : ([:], [:])
            return .success(SwarmPeer.start(role: role, connection: connection, listener: listener, offset: offset, configuration: peerConfiguration, extras: extras))
        } catch {
            await listener.close()
            return .failure(OpenError(description: "cannot connect to \(configuration.target) from \(ip): \(error)"))
        }
    }

    static func port(of address: String) -> UInt16 {
        address.split(separator: ":").last.flatMap { UInt16($0) } ?? 0
    }

    /// The logs of `roles` on one timeline (swarm time), each line tagged with its peer, and
    /// the canaries' dials as events.
    static func mergedLog(_ roles: [String], peers: [String: SwarmPeer], logs: [String: [WireLogEntry]], canaries: [SwarmEvidence.Canary]) -> [WireLogEntry] {
        var entries: [WireLogEntry] = []
        for role in roles {
            guard let peer = peers[role], let log = logs[role] else { continue }
            for var entry in log {
                entry.time += peer.offset
                entry.summary = "[\(role)] " + entry.summary
                entries.append(entry)
            }
        }
        for canary in canaries {
            for hit in canary.hits {
                let what = hit.firstByte.map { String(format: "first byte 0x%02x, not a plaintext handshake", Int($0)) }
                    ?? hit.infoHash.map { "info-hash \($0.prefix(4).map { String(format: "%02x", $0) }.joined())…" } ?? "no handshake"
                entries.append(WireLogEntry(kind: .event, time: hit.time, framing: .none, bytes: [], summary: "[canary \(canary.group) \(canary.address)] dialled from \(hit.from), \(what)"))
            }
            if canary.hitCount > canary.hits.count {
                entries.append(WireLogEntry(kind: .event, time: canary.hits.last?.time ?? 0, framing: .none, bytes: [], summary: "[canary \(canary.group) \(canary.address)] \(canary.hitCount - canary.hits.count) more dials not kept"))
            }
        }
        return entries.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}

/// One swarm connection's whole exchange, for `--record`.
public struct SwarmConnectionLog: Sendable {
    /// The peer's role in the scenario (`A` … `Q`).
    public var role: String
    /// Its local address.
    public var address: String
    public var isPrivate: Bool
    /// Seconds from the swarm's start to the connection's opening.
    public var offset: Double
    /// The exchange, in connection time.
    public var log: [WireLogEntry]
}
