import Conformance
import PeerWire
import PexModel

/// The sending cases: what the client's own ut_pex says, as the swarm's peers receive it.
extension SwarmJudge {
    /// Peers whose extended handshake the probe re-sends (D, E): Transmission and anacrolix
    /// answer every extended handshake with a PEX message at once, so their gaps are judged
    /// apart from the others'.
    static let rehandshakeRoles: Set<String> = ["D", "E"]

    func noPexReason() -> String {
        let enabled = evidence.peers.filter { !$0.isPrivate && $0.pexEnabled }.count
        return "no ut_pex arrived on any of the \(enabled) public connections with ut_pex in \(Self.seconds(evidence.duration))"
    }

    func onlyConnected() -> Finding {
        guard let announce = evidence.steps["announce"] else { return Self.inconclusive(announced("announce", by: "A") ?? "no announce") }
        let later = evidence.publicPex.filter { $0.role != "A" && $0.time > announce + 1 }
        guard !later.isEmpty else { return Self.inconclusive(noPexReason() + " after A's announce", expected: "no address the client never connected to") }
        // Addresses the client cannot have been connected to: the dead address and every canary
        // it never dialled.
        var never: [PeerAddress: String] = [:]
        if let dead = evidence.dead { never[dead] = "dead address" }
        for canary in evidence.canaries where canary.hits.isEmpty { never[canary.address] = "\(canary.group) canary (never dialled)" }
        let relayed = later.flatMap { item in item.message.addedAddresses.compactMap { address in never[address].map { "\(address) (\($0)) in added to \(item.role) at \(Self.seconds(item.time))" } } }
        let connected = Set(evidence.canaries.filter { !$0.hits.isEmpty }.map(\.address))
        let listedConnected = Set(later.flatMap { $0.message.addedAddresses }.filter { connected.contains($0) })
        let positive = connected.isEmpty
            ? "the client connected to no canary"
            : "\(listedConnected.count) of the \(connected.count) canaries it connected to appear in its added"
        let actual = (relayed.isEmpty ? "no unconnected address in \(later.count) message(s) after the announce; " : "relays addresses it never connected to: " + relayed.prefix(5).joined(separator: "; ") + "; ") + positive
        return compare(
            behaviour.relaysOnlyConnected, named: "relaysOnlyConnected", observed: relayed.isEmpty, actual: actual,
            describe: { $0 ? "only connected peers in added" : "unconnected peers relayed" })
    }

    func droppedOnDisconnect() -> Finding {
        guard let c = evidence.peer("C"), c.isEstablished else { return Self.inconclusive("peer C never connected") }
        guard let gone = evidence.steps["disconnect-C"] ?? c.end?.time else { return Self.inconclusive("peer C did not disconnect within the run") }
        var toldAdded: [String] = []
        for role in evidence.peers.filter({ !$0.isPrivate && $0.role != "C" }).map(\.role) {
            let messages = evidence.pex(to: role)
            guard messages.contains(where: { $0.time <= gone + 0.5 && $0.message.addedAddresses.contains { $0.ip == c.ip } }) else { continue }
            toldAdded.append(role)
            let after = messages.filter { $0.time > gone }
            if let named = after.first(where: { $0.message.droppedAddresses.contains { $0.ip == c.ip } }) {
                let actual = "C (\(c.ip)) was in added to \(role); it disconnected at \(Self.seconds(gone)) and the message to \(role) at \(Self.seconds(named.time)) names it in dropped"
                return compare(behaviour.sendsDroppedOnDisconnect, named: "sendsDroppedOnDisconnect", observed: true, actual: actual, describe: { $0 ? "named in dropped" : "never dropped" })
            }
            if !after.isEmpty {
                let actual = "C (\(c.ip)) was in added to \(role); it disconnected at \(Self.seconds(gone)) and none of the \(after.count) later message(s) to \(role) names it in dropped (BEP 11: non-compliant)"
                return compare(behaviour.sendsDroppedOnDisconnect, named: "sendsDroppedOnDisconnect", observed: false, actual: actual, describe: { $0 ? "named in dropped" : "never dropped" })
            }
        }
        if toldAdded.isEmpty {
            return Self.inconclusive("the client never listed C in its added to another peer, so it has nothing to drop", expected: "C in dropped after it disconnects")
        }
        return Self.inconclusive("C was in added to \(toldAdded.joined(separator: ", ")), but no message came after it disconnected at \(Self.seconds(gone))", expected: "C in dropped after it disconnects")
    }

    /// Every message of the run, for the checks on one message at a time.
    func perMessage(_ problem: (UTPexMessage) -> String?) -> (count: Int, problems: [String]) {
        let all = evidence.publicPex
        let problems = all.compactMap { item in problem(item.message).map { "to \(item.role) at \(Self.seconds(item.time)): \($0)" } }
        return (all.count, problems)
    }

    func noDuplicates() -> Finding {
        let result = perMessage { message in
            var dups: [String] = []
            for (name, list) in [("added", message.addedAddresses), ("dropped", message.droppedAddresses)] {
                var seen = Set<PeerAddress>()
                for address in list where !seen.insert(address).inserted { dups.append("\(address) twice in \(name)") }
            }
            return dups.isEmpty ? nil : dups.joined(separator: ", ")
        }
        guard result.count > 0 else { return Self.inconclusive(noPexReason()) }
        return noRule("duplicateContacts", actual: result.problems.isEmpty ? "no duplicate in \(result.count) message(s); meets BEP 11" : "BEP 11 violated: " + result.problems.prefix(5).joined(separator: "; "), observation: result.problems.isEmpty ? "none" : "duplicates")
    }

    func notAddedAndDropped() -> Finding {
        let result = perMessage { message in
            let both = Set(message.addedAddresses).intersection(message.droppedAddresses)
            return both.isEmpty ? nil : both.sorted().map { "\($0) added and dropped" }.joined(separator: ", ")
        }
        guard result.count > 0 else { return Self.inconclusive(noPexReason()) }
        return noRule("addsAndDropsInOneMessage", actual: result.problems.isEmpty ? "none in \(result.count) message(s); meets BEP 11" : "BEP 11 violated: " + result.problems.prefix(5).joined(separator: "; "), observation: result.problems.isEmpty ? "none" : "added and dropped")
    }

    func capAfterFirst() -> Finding {
        var largest: (added: Int, dropped: Int, at: String)?
        var later = 0
        for peer in evidence.peers where !peer.isPrivate {
            for item in evidence.pex(to: peer.role).dropFirst() {
                later += 1
                let added = item.message.addedAddresses.count
                let dropped = item.message.droppedAddresses.count
                if largest.map({ max(added, dropped) > max($0.added, $0.dropped) }) ?? true {
                    largest = (added, dropped, "to \(peer.role) at \(Self.seconds(item.time))")
                }
            }
        }
        guard let largest else { return Self.inconclusive("no connection received a second ut_pex in \(Self.seconds(evidence.duration))", expected: "at most 50 added after the first message") }
        let most = max(largest.added, largest.dropped)
        let actual = "\(later) message(s) after a connection's first; the largest (\(largest.at)) adds \(largest.added) and drops \(largest.dropped)" + (most > 50 ? "; over BEP 11's 50" : "; meets BEP 11")
        return compare(
            behaviour.maxAddedAfterFirst, named: "maxAddedAfterFirst", observed: most, actual: actual, describe: { "at most \($0)" }, agrees: { $1 <= $0 },
            observation: most > 50 ? "over 50" : "within 50")
    }

    func interval() -> Finding {
        var gaps: [(gap: Double, role: String)] = []
        var rehandshakeGaps: [(gap: Double, role: String)] = []
        for peer in evidence.peers where !peer.isPrivate {
            let times = evidence.peer(peer.role)?.extended.filter { $0.extendedID == evidence.ourPexID }.map(\.time) ?? []
            for (a, b) in zip(times, times.dropFirst()) {
                if Self.rehandshakeRoles.contains(peer.role) { rehandshakeGaps.append((b - a, peer.role)) } else { gaps.append((b - a, peer.role)) }
            }
        }
        let others = rehandshakeGaps.min { $0.gap < $1.gap }.map { "; on a connection that re-sent its extended handshake (\($0.role)) the shortest gap is \(Self.seconds($0.gap))" } ?? ""
        guard let shortest = gaps.min(by: { $0.gap < $1.gap }) else {
            return Self.inconclusive("no connection received two ut_pex messages in \(Self.seconds(evidence.duration))\(others)", expected: "at least 60 s between messages")
        }
        let meets = shortest.gap >= 60 - Self.timerSlack
        let actual = "\(gaps.count) gap(s), the shortest \(Self.seconds(shortest.gap)) (to \(shortest.role))" + (meets ? "; meets BEP 11" : "; under BEP 11's minute") + others
        return compare(
            behaviour.sendInterval, named: "sendInterval", observed: shortest.gap, actual: actual,
            describe: { String(format: "gaps of about %.0f s (%.0f s slack)", $0, Self.timerSlack) }, agrees: { $1 >= $0 - Self.timerSlack },
            observation: meets ? "a minute or more" : "under a minute")
    }

    /// Seconds a gap may fall short of its interval: clients tick on one-second timers.
    static let timerSlack = 2.0

    func neverEmpty() -> Finding {
        let result = perMessage { $0.addedAddresses.isEmpty && $0.droppedAddresses.isEmpty ? "adds and drops nothing" : nil }
        guard result.count > 0 else { return Self.inconclusive(noPexReason()) }
        let actual = result.problems.isEmpty ? "all \(result.count) message(s) add or drop a contact" : "BEP 11 violated: " + result.problems.prefix(5).joined(separator: "; ")
        return compare(behaviour.sendsEmptyMessages, named: "sendsEmptyMessages", observed: !result.problems.isEmpty, actual: actual, describe: { $0 ? "empty messages" : "no empty message" })
    }

    func noSelf() -> Finding {
        let all = evidence.publicPex
        guard !all.isEmpty else { return Self.inconclusive(noPexReason()) }
        let selfListed = all.filter { item in
            guard let peer = evidence.peer(item.role) else { return false }
            return item.message.addedAddresses.contains { $0.ip == peer.ip }
        }
        let actual = selfListed.isEmpty
            ? "no peer listed to itself in \(all.count) message(s)"
            : "the recipient listed to itself: " + selfListed.prefix(4).map { "\($0.role) at \(Self.seconds($0.time))" }.joined(separator: ", ")
        return compare(behaviour.listsRecipient, named: "listsRecipient", observed: !selfListed.isEmpty, actual: actual, describe: { $0 ? "lists the recipient" : "never lists the recipient" })
    }

    /// Where each swarm peer appears in the client's added to the others: the peer, the entry.
    func listings() -> [(peer: SwarmEvidence.Peer, entry: PexPeer, to: String)] {
        evidence.peers.filter { !$0.isPrivate }.flatMap { recipient in
            evidence.pex(to: recipient.role).flatMap { item in
                (item.message.added + item.message.added6).compactMap { entry -> (SwarmEvidence.Peer, PexPeer, String)? in
                    guard let role = evidence.role(at: entry.address.ip), role != recipient.role, let peer = evidence.peer(role) else { return nil }
                    return (peer, entry, recipient.role)
                }
            }
        }
    }

    func flagsTruthful() -> Finding {
        let listed = listings()
        guard !listed.isEmpty else { return Self.inconclusive("the client listed none of the swarm's peers to another") }
        let judged: PeerFlags = [.prefersEncryption, .supportsHolepunch]
        var wrong: [String] = []
        var seen: Set<String> = []
        for item in listed where seen.insert("\(item.peer.role)>\(item.to)").inserted {
            let sent = item.entry.flags.intersection(judged)
            let claimed = item.peer.advertised.intersection(judged)
            if sent != claimed { wrong.append("\(item.peer.role) to \(item.to): \(item.entry.flags) for a peer that advertised \(item.peer.advertised)") }
        }
        let actual = wrong.isEmpty
            ? "0x01 and 0x08 match e and ut_holepunch for \(seen.count) listing(s)"
            : "flags not as advertised (BEP 11): " + wrong.prefix(5).joined(separator: "; ")
        return noRule("flagsFromHandshake", actual: actual + "; 0x02, 0x04, 0x10 not judged (the swarm's peers are leechers over plain TCP the client did not dial)", observation: wrong.isEmpty ? "match" : "differ")
    }

    func ports() -> Finding {
        let listed = listings()
        guard !listed.isEmpty else { return Self.inconclusive("the client listed none of the swarm's peers to another") }
        var byListen = 0
        var other: [String] = []
        var seen: Set<String> = []
        for item in listed where seen.insert("\(item.peer.role)>\(item.to)").inserted {
            let port = item.entry.address.port
            if port == item.peer.listenPort {
                byListen += 1
            } else if port == item.peer.listenPort.byteSwapped {
                other.append("\(item.peer.role) under \(port): its p \(item.peer.listenPort) in host byte order")
            } else if port == item.peer.sourcePort {
                other.append("\(item.peer.role) under \(port): its connection's source port, not its p \(item.peer.listenPort)")
            } else {
                other.append("\(item.peer.role) under \(port), its p is \(item.peer.listenPort)")
            }
        }
        let actual = "\(byListen) of \(seen.count) listing(s) under the peer's p" + (other.isEmpty ? "" : "; " + other.prefix(5).joined(separator: "; "))
        return compare(behaviour.announcesListenPort, named: "announcesListenPort", observed: other.isEmpty, actual: actual, describe: { $0 ? "listed under p" : "listed under the source port" })
    }
}
