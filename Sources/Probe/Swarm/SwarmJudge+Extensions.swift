import Conformance
import PexModel

/// The extension-id cases (BEP 10 `m` at run time) and the private-torrent cases (BEP 27).
extension SwarmJudge {
    /// Seconds a message may still arrive after a change, having been on its way already.
    static let inFlight = 1.0

    /// PEX the client sent to other public peers after `time`: proof its timer ran.
    func othersGotPex(after time: Double, excluding role: String) -> Bool {
        evidence.publicPex.contains { $0.role != role && !Self.rehandshakeRoles.contains($0.role) && $0.time > time + Self.inFlight }
    }

    func disableWithZero() -> Finding {
        guard let disabled = evidence.steps["disable-D"], let d = evidence.peer("D") else {
            return Self.inconclusive(announced("disable-D", by: "D") ?? "D did not re-send its handshake")
        }
        let before = evidence.pex(to: "D").filter { $0.time <= disabled }.count
        let after = evidence.pex(to: "D").filter { $0.time > disabled + Self.inFlight }
        if let end = d.end, end.byClient, end.time < disabled + 60 {
            if after.isEmpty && !othersGotPex(after: end.time, excluding: "D") {
                return Self.inconclusive("the client closed D at \(Self.seconds(end.time)) (\(end.reason)) before its next PEX tick")
            }
        }
        if after.isEmpty && !othersGotPex(after: disabled, excluding: "D") {
            return Self.inconclusive("no PEX to D after m: {ut_pex: 0} at \(Self.seconds(disabled)), but no other peer got one after it either, so the client's timer never showed")
        }
        let actual = "\(before) ut_pex before m: {ut_pex: 0} at \(Self.seconds(disabled)), "
            + (after.isEmpty ? "none after it while other peers got PEX" : "\(after.count) after it (first at \(Self.seconds(after[0].time))): BEP 10's 0 does not disable")
        return compare(behaviour.zeroIDDisablesPex, named: "zeroIDDisablesPex", observed: after.isEmpty, actual: actual, describe: { $0 ? "no PEX after the 0" : "PEX goes on" })
    }

    /// The reaction to a message sent at `step` on `role`: disconnected within the settle time
    /// (with a second for the way back), or stayed.
    func reaction(_ role: String, to step: String) -> (disconnects: Bool, text: String)? {
        guard let sent = evidence.steps[step], let peer = evidence.peer(role) else { return nil }
        if let end = peer.end, end.byClient, end.time >= sent - 0.1, end.time <= sent + evidence.settle + 1 {
            return (true, "disconnects \(Self.seconds(max(0, end.time - sent))) after it (\(end.reason))")
        }
        if let end = peer.end, end.time < sent { return nil }
        return (false, "stays connected \(Self.seconds(evidence.settle)) after it")
    }

    func resendWithoutPex() -> Finding {
        guard let resent = evidence.steps["rehandshake-E"] else { return Self.inconclusive(announced("rehandshake-E", by: "E") ?? "E did not re-send its handshake") }
        let sentPex = evidence.steps["pex-E"]
        let until = sentPex ?? evidence.duration
        let afterResend = evidence.pex(to: "E").filter { $0.time > resent + Self.inFlight && $0.time <= until }
        let continued: String
        let continuedToken: String
        if !afterResend.isEmpty {
            continued = "PEX to E went on (\(afterResend.count) message(s) after the re-sent handshake at \(Self.seconds(resent)))"
            continuedToken = "PEX went on"
        } else if othersGotPex(after: resent, excluding: "E") {
            continued = "PEX to E stopped after the re-sent handshake at \(Self.seconds(resent)) while other peers still got it (m not additive)"
            continuedToken = "PEX stopped"
        } else {
            continued = "whether PEX to E goes on did not show (no PEX to anyone between \(Self.seconds(resent)) and \(Self.seconds(until)))"
            continuedToken = "PEX unseen"
        }
        guard sentPex != nil, let reaction = reaction("E", to: "pex-E") else {
            return Self.inconclusive(continued + "; E could not send its ut_pex afterwards" + (evidence.peer("E")?.end.map { " (the connection ended at \(Self.seconds($0.time)): \($0.reason))" } ?? ""))
        }
        let actual = continued + "; a ut_pex from E afterwards: " + reaction.text
        return compare(
            behaviour.pexAfterHandshakeWithoutPexDisconnects, named: "pexAfterHandshakeWithoutPexDisconnects", observed: reaction.disconnects, actual: actual,
            describe: { $0 ? "a later ut_pex disconnects" : "a later ut_pex stays" },
            observation: continuedToken + ", then " + (reaction.disconnects ? "disconnects" : "stays"))
    }

    func unassignedID() -> Finding {
        guard let reaction = reaction("F", to: "unassigned-F") else {
            return Self.inconclusive(announced("unassigned-F", by: "F") ?? "the connection ended before the message")
        }
        return compare(
            behaviour.unassignedIDDisconnects, named: "unassignedIDDisconnects", observed: reaction.disconnects, actual: "an extended message under id \(evidence.unassignedExtendedID.map { String($0) } ?? "?"), which the client never assigned: " + reaction.text,
            describe: { $0 ? "disconnects" : "stays" })
    }

    // MARK: Private torrents

    func privatePeers() -> [SwarmEvidence.Peer]? {
        let peers = evidence.peers.filter(\.isPrivate)
        return peers.isEmpty ? nil : peers
    }

    static let noPrivate = Finding(
        verdict: .skipped, expected: "a private torrent the client serves", actual: "no --private-torrent given", reason: "no --private-torrent given")

    func privateNotAdvertised() -> Finding {
        guard evidence.privateHash != nil, let peers = privatePeers() else { return Self.noPrivate }
        let open = peers.filter(\.isEstablished)
        guard !open.isEmpty else { return Self.inconclusive("no connection on the private torrent: " + peers.compactMap(\.openingFailure).joined(separator: "; ")) }
        let advertising = open.filter(\.pexEnabled)
        let actual = advertising.isEmpty
            ? "no ut_pex in the client's m on \(open.count) private connection(s)"
            : "m.ut_pex \(advertising[0].remoteExtensions["ut_pex"] ?? 0) on the private torrent (\(advertising.map(\.role).joined(separator: ", "))): BEP 27 violated"
        return compare(behaviour.privateTorrentPexOff, named: "privateTorrentPexOff", observed: advertising.isEmpty, actual: actual, describe: { $0 ? "no ut_pex" : "ut_pex advertised" })
    }

    func privateNotDialed() -> Finding {
        guard evidence.privateHash != nil, privatePeers() != nil else { return Self.noPrivate }
        guard let announced = evidence.steps["private-announce"] else { return Self.inconclusive(self.announced("private-announce", by: "P") ?? "P sent nothing") }
        let group = evidence.canaries("private")
        let dialled = group.filter { !$0.hits.isEmpty }
        if dialled.isEmpty && !evidence.dialsAnyPexPeer {
            return Self.inconclusive("no private canary dialled, but the client dialled no PEX-learned canary on the public torrent either, so this shows nothing", expected: "not dialled")
        }
        let actual = dialled.isEmpty
            ? "none of the \(group.count) canaries P announced at \(Self.seconds(announced)) dialled, while public PEX canaries were"
            : "BEP 27 violated: " + dialled.map { "\($0.address) dialled at \(Self.seconds($0.hits[0].time))" }.joined(separator: "; ")
        return compare(behaviour.privateTorrentPexOff, named: "privateTorrentPexOff", observed: dialled.isEmpty, actual: actual, describe: { $0 ? "not dialled" : "dialled" })
    }

    func privateNotSent() -> Finding {
        guard evidence.privateHash != nil, let peers = privatePeers() else { return Self.noPrivate }
        let open = peers.filter(\.isEstablished)
        guard let since = open.map({ _ in evidence.steps["private-open"] ?? 0 }).min() else {
            return Self.inconclusive("no connection on the private torrent")
        }
        let pex = open.flatMap { peer in evidence.pex(to: peer.role).map { (peer.role, $0.time) } }
        if let first = pex.first {
            return compare(
                behaviour.privateTorrentPexOff, named: "privateTorrentPexOff", observed: false,
                actual: "BEP 27 violated: ut_pex to \(first.0) at \(Self.seconds(first.1)) on the private torrent", describe: { $0 ? "no PEX" : "PEX sent" })
        }
        // Silence counts only if the client's PEX timer ran while the private peers were there.
        let connectedFor = evidence.duration - since
        guard othersGotPex(after: since + 4, excluding: "") else {
            return Self.inconclusive("no ut_pex on the private torrent in \(Self.seconds(connectedFor)), but none on the public one after the private peers joined either", expected: "no PEX on the private torrent")
        }
        let actual = "no ut_pex on \(open.count) private connection(s) over \(Self.seconds(connectedFor)), while the client sent PEX on the public torrent"
        return compare(behaviour.privateTorrentPexOff, named: "privateTorrentPexOff", observed: true, actual: actual, describe: { $0 ? "no PEX" : "PEX sent" })
    }
}
