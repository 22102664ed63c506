import Conformance
import Foundation
import PexModel

/// Turns ``SwarmEvidence`` into a finding per swarm case. Each case first decides whether it
/// saw anything it can judge (else `inconclusive`, with the reason); then it compares what the
/// client did with the prediction of its profile's ``SwarmBehaviour``: `pass` when they agree,
/// `fail` when not, `observed` when the profile has no rule, naming the rule that is missing.
/// Actual always says, too, whether what the client did meets the BEP.
struct SwarmJudge {
    var evidence: SwarmEvidence
    var behaviour: SwarmBehaviour
    /// The profile's id, for "no rule" messages; nil when no profile matched the client.
    var profileID: String?

    /// Every case's finding, in ``SwarmCases/all`` order.
    func findings() -> [(ProbeCase, Finding)] {
        [
            (SwarmCases.plan, plan()),
            (SwarmCases.dialsAdded, dialsAdded()), (SwarmCases.droppedNotDialed, droppedNotDialed()),
            (SwarmCases.duplicateIP, duplicateIP()), (SwarmCases.oneSource, oneSource()),
            (SwarmCases.flagsUsed, flagsUsed()), (SwarmCases.addAndDrop, addAndDrop()),
            (SwarmCases.onlyConnectedCase, onlyConnected()), (SwarmCases.droppedOnDisconnect, droppedOnDisconnect()),
            (SwarmCases.noDuplicates, noDuplicates()), (SwarmCases.notAddedAndDroppedCase, notAddedAndDropped()),
            (SwarmCases.capAfterFirst, capAfterFirst()), (SwarmCases.interval, interval()),
            (SwarmCases.neverEmpty, neverEmpty()), (SwarmCases.noSelf, noSelf()),
            (SwarmCases.flagsTruthful, flagsTruthful()), (SwarmCases.ports, ports()),
            (SwarmCases.disableWithZero, disableWithZero()), (SwarmCases.resendWithoutPex, resendWithoutPex()),
            (SwarmCases.unassignedID, unassignedID()),
            (SwarmCases.privateNotAdvertised, privateNotAdvertised()), (SwarmCases.privateNotDialed, privateNotDialed()),
            (SwarmCases.privateNotSent, privateNotSent()),
        ]
    }

    // MARK: Verdicts

    static func inconclusive(_ reason: String, expected: String = "evidence to judge") -> Finding {
        Finding(verdict: .inconclusive, expected: expected, actual: "inconclusive: " + reason, reason: reason)
    }

    /// Compares `observed` with `rule`: pass or fail; `observed` when there is no rule.
    func compare<V: Sendable & Equatable>(
        _ rule: SwarmBehaviour.Rule<V>?, named name: String, observed: V, actual: String, describe: (V) -> String,
        agrees: (V, V) -> Bool = { $0 == $1 }, observation: String? = nil
    ) -> Finding {
        let token = observation ?? describe(observed)
        guard let rule else {
            return Finding(verdict: .observed, expected: "no prediction: profile \(profileID ?? "(none)") has no rule `\(name)`", actual: actual, observation: token)
        }
        let ok = agrees(rule.value, observed)
        return Finding(verdict: ok ? .pass : .fail, expected: "\(describe(rule.value)) (\(rule.source))", actual: actual, observation: token)
    }

    /// A finding with no profile rule at all for this behaviour: `observed`.
    func noRule(_ name: String, actual: String, observation: String) -> Finding {
        Finding(verdict: .observed, expected: "no prediction: no profile has a rule `\(name)` yet", actual: actual, observation: observation)
    }

    static func seconds(_ t: Double) -> String { String(format: "%.1f s", t) }

    // MARK: The plan

    func plan() -> Finding {
        let lines = evidence.peers.map { peer -> String in
            let torrent = peer.isPrivate ? "private" : "public"
            if let failure = peer.openingFailure { return "\(peer.role) \(peer.ip) (\(torrent)): \(failure)" }
            let pex = peer.remoteExtensions["ut_pex"].map { "m.ut_pex \($0)" } ?? "no ut_pex in m"
            return "\(peer.role) \(peer.ip) (\(torrent)): open, \(pex)"
        }
        let missing = evidence.peers.filter { !$0.isEstablished || (SwarmPlan.needsPex.contains($0.role) && !$0.pexEnabled) }
        let actual = "\(evidence.peers.count) connections, one per source address (Transmission takes one per IP), those needing ut_pex (\(SwarmPlan.needsPex.sorted().joined(separator: ", "))) first, at most 8 per torrent (rtorrent's max_size_pex): " + lines.joined(separator: "; ")
        if evidence.peers.isEmpty { return Self.inconclusive("no swarm connection could be opened") }
        if !missing.isEmpty {
            let reason = "not every case got a PEX-enabled connection (\(missing.map(\.role).joined(separator: ", ")))"
            return Finding(verdict: .inconclusive, expected: "every connection open, ut_pex on those that need it", actual: reason + ": " + actual, reason: reason)
        }
        return Finding(verdict: .pass, expected: "every connection open, ut_pex on those that need it", actual: actual, evidence: lines)
    }

    // MARK: Receiving

    /// How a canary fared: `dialled 1.2 s after the announce` or `not dialled`.
    func dialText(_ canary: SwarmEvidence.Canary, after step: String) -> String {
        let hits = evidence.publicHits(canary)
        guard let first = hits.first else {
            let other = canary.hits.first.map { ", but a dial with another info-hash at \(Self.seconds($0.time))" } ?? ""
            return "\(canary.address) not dialled\(other)"
        }
        let since = evidence.steps[step].map { " (\(Self.seconds(first.time - $0)) after the announce)" } ?? ""
        let version = first.clientVersion.map { ", v \"\($0)\"" } ?? ""
        return "\(canary.address) dialled at \(Self.seconds(first.time))\(since) from \(first.from) with the torrent's info-hash\(version)"
    }

    func announced(_ step: String, by role: String) -> String? {
        guard evidence.steps[step] != nil else {
            let why = evidence.peer(role)?.openingFailure ?? (evidence.peer(role)?.pexEnabled == false ? "the client assigned it no ut_pex id" : "it could not send")
            return "peer \(role) announced nothing: \(why)"
        }
        return nil
    }

    func dialsAdded() -> Finding {
        if let why = announced("announce", by: "A") { return Self.inconclusive(why) }
        guard let canary = evidence.canaries("added").first else { return Self.inconclusive("no canary") }
        let dialled = !evidence.publicHits(canary).isEmpty
        return compare(
            behaviour.dialsPexPeers, named: "dialsPexPeers", observed: dialled, actual: dialText(canary, after: "announce"),
            describe: { $0 ? "dialled" : "not dialled" })
    }

    func droppedNotDialed() -> Finding {
        if let why = announced("announce", by: "A") { return Self.inconclusive(why) }
        guard let canary = evidence.canaries("dropped").first else { return Self.inconclusive("no canary") }
        let dialled = !evidence.publicHits(canary).isEmpty
        if !dialled && !evidence.dialsAnyPexPeer {
            return Self.inconclusive("\(canary.address) not dialled, but the client dialled no canary announced in added either, so this shows nothing", expected: "not dialled")
        }
        let bep = dialled ? "; BEP 11: a dropped peer is one the sender is no longer connected to" : ""
        return compare(
            behaviour.dialsDroppedPeers, named: "dialsDroppedPeers", observed: dialled, actual: dialText(canary, after: "announce") + bep,
            describe: { $0 ? "dialled" : "not dialled" })
    }

    func duplicateIP() -> Finding {
        if let why = announced("announce", by: "A") { return Self.inconclusive(why) }
        let group = evidence.canaries("duplicate-ip")
        let dialled = group.filter { !evidence.publicHits($0).isEmpty }
        if dialled.isEmpty && !evidence.dialsAnyPexPeer {
            return Self.inconclusive("none of the \(group.count) ports dialled, and no other PEX-learned canary either")
        }
        let ip = group.first.map { "\($0.address.ip)" } ?? "?"
        let actual = "\(dialled.count) of \(group.count) ports of \(ip) dialled" + (dialled.count > 1 ? "; BEP 11 says duplicate IPs should be ignored" : "; meets BEP 11")
        return noRule("duplicateIPDialled", actual: actual, observation: "\(dialled.count) of \(group.count)")
    }

    /// The PEX amplification figure: of the canaries one peer announced, how many the client
    /// dialled, how soon and how fast.
    func amplification() -> (dialled: Int, announced: Int, text: String) {
        let group = evidence.canaries("one-source")
        let start = evidence.steps["one-source"] ?? 0
        let times = group.compactMap { evidence.publicHits($0).first?.time }.sorted()
        let attempts = group.reduce(0) { $0 + $1.hitCount }
        guard let first = times.first, let last = times.last else {
            return (0, group.count, "amplification 0: none of \(group.count) canaries from one ut_pex message dialled in \(Self.seconds(evidence.duration - start))")
        }
        let span = last - first
        let rate = span > 0 ? String(format: ", %.1f dials/s", Double(times.count - 1) / span) : ""
        return (times.count, group.count, "amplification \(times.count): \(times.count) of \(group.count) canaries from one ut_pex message dialled (\(attempts) connections in all), the first \(Self.seconds(first - start)) after it, the last \(Self.seconds(last - start))\(rate)")
    }

    func oneSource() -> Finding {
        if let why = announced("one-source", by: "O") { return Self.inconclusive(why) }
        let figure = amplification()
        let bep = figure.dialled == figure.announced && figure.announced > 0 ? "; every candidate taken from one source, against BEP 11's advice" : ""
        // The prediction: none when the client does not dial PEX peers here, else at least one
        // and at most its cap per source.
        var rule: SwarmBehaviour.Rule<ClosedRange<Int>>?
        if let dials = behaviour.dialsPexPeers {
            if !dials.value {
                rule = .init(0...0, dials.source)
            } else if let cap = behaviour.peersTakenFromOneSource {
                rule = .init(1...max(1, cap.value), cap.source + "; " + dials.source)
            }
        }
        return compare(
            rule, named: behaviour.dialsPexPeers == nil ? "dialsPexPeers" : "peersTakenFromOneSource", observed: figure.dialled...figure.dialled,
            actual: figure.text + bep, describe: { $0.upperBound == 0 ? "0 dialled" : "\($0.lowerBound) to \($0.upperBound) dialled" },
            agrees: { $0.contains($1.lowerBound) }, observation: "\(figure.dialled) of \(figure.announced)")
    }

    func flagsUsed() -> Finding {
        if let why = announced("announce", by: "A") { return Self.inconclusive(why) }
        let group = evidence.canaries("encryption") + evidence.canaries("utp")
        let dialled = group.filter { !$0.hits.isEmpty }
        guard !dialled.isEmpty else {
            return Self.inconclusive("neither the 0x01 nor the 0x04 canary was dialled, so how their flags are used cannot be seen")
        }
        let lines = group.map { canary -> String in
            guard let hit = canary.hits.first else { return "\(canary.address) \(canary.flags): not dialled" }
            let how = hit.firstByte.map { String(format: "not a plaintext BitTorrent handshake (first byte 0x%02x: MSE?)", Int($0)) } ?? "plaintext BitTorrent handshake over TCP"
            return "\(canary.address) \(canary.flags): dialled, \(how)"
        }
        let token = group.map { canary in canary.hits.first.map { $0.firstByte == nil ? "plaintext" : "not plaintext" } ?? "not dialled" }.joined(separator: ", ")
        return noRule("dialsByFlags", actual: lines.joined(separator: "; ") + " (canaries listen on TCP only: a uTP dial would not show)", observation: token)
    }

    func addAndDrop() -> Finding {
        if let why = announced("announce", by: "A") { return Self.inconclusive(why) }
        guard let canary = evidence.canaries("both").first else { return Self.inconclusive("no canary") }
        let dialled = !evidence.publicHits(canary).isEmpty
        let relayed = evidence.publicPex.filter { $0.role != "A" && $0.message.addedAddresses.contains(canary.address) }
        if !dialled && !evidence.dialsAnyPexPeer {
            return Self.inconclusive("\(canary.address) not dialled, nor any canary announced in added, so what the client believes cannot be seen")
        }
        let relayText = relayed.first.map { ", and listed it in its added to \($0.role) at \(Self.seconds($0.time))" } ?? ", not listed in its PEX to another peer"
        let actual = (dialled ? "ends added: " : "ends dropped: ") + dialText(canary, after: "announce") + relayText
        return compare(
            behaviour.addedAndDroppedEndsAdded, named: "addedAndDroppedEndsAdded", observed: dialled, actual: actual,
            describe: { $0 ? "ends added (dialled)" : "ends dropped (not dialled)" })
    }
}
