import Bencode
import Conformance
import PeerWire
import PexModel
import WireCore
import WireDecode

/// The ut_pex messages a client sent over the observation window, and the checks on them, as
/// pure functions of what was received so the tests run them on fixed inputs.
struct PexObservation: Sendable {
    /// One extended message (id 20, extended id not 0) the client sent.
    struct Received: Sendable, Equatable {
        var time: Double
        var extendedID: UInt8
        var payload: [UInt8]
    }

    static let notes = Document.utPexNotes.cite
    static let transmissionNotes = Document.trNotes.cite

    static let received = ProbeCase(
        id: "ut_pex/send/received", title: "The client sends ut_pex to a peer that advertised it, while it has peers to report",
        document: notes,
        requirement: "Exchanges messages should be sent approximately once every minute when peers have been added or dropped.")
    static let wellFormed = ProbeCase(
        id: "ut_pex/send/well-formed", title: "Every ut_pex message is a dictionary of compact peer lists", document: notes,
        requirement: "The payload of a peer exchange message is a bencoded dictionary with the following keys: added string, contains peers in the compact tracker format (ie: 6 bytes for IPv4 address and port in network byte order) … added.f string … dropped same format as added")
    static let flagsLength = ProbeCase(
        id: "ut_pex/send/flags-length", title: "added.f holds one byte per peer in added (added6.f per added6)", document: notes,
        requirement: "added.f string, one byte of flags for each peer in the above added string.")
    static let notEmpty = ProbeCase(
        id: "ut_pex/send/not-empty", title: "No ut_pex message announces nothing", document: notes,
        requirement: "If peers have not been added or dropped, uTorrent does not send the periodic PEX message. If uTorrent 1.8.1 recieves an \"empty\" pex message from Transmission 1.40, it appears to interpret this as an invalid message and disconnect from Transmission.")
    static let interval = ProbeCase(
        id: "ut_pex/send/interval", title: "ut_pex messages come no more often than about once a minute", document: transmissionNotes,
        requirement: "Exchanges messages should be sent approximately once every minute.")
    static let extendedID = ProbeCase(
        id: "ut_pex/send/extended-id", title: "ut_pex arrives under the id the probe assigned in its m, not the client's own",
        document: HandshakeChecks.bep10,
        requirement: "The extension message IDs are the IDs used to send the extension messages to the peer sending this handshake. i.e. The IDs are local to this particular peer.")

    static let cases = [received, wellFormed, flagsLength, notEmpty, interval, extendedID]

    /// The shortest gap accepted between two messages: 45 s, the strictest flood rule among
    /// deployed receivers (anacrolix/torrent disconnects below it; libtorrent allows 6 a minute).
    static let minimumInterval = 45.0

    var messages: [Received]
    /// The extended id the probe assigned to ut_pex.
    var ourID: UInt8
    /// The length of the window, seconds.
    var window: Double
    /// Set when the connection ended before the window did: why, and when.
    var endedEarly: String?

    /// The most extended messages kept for the checks; more are counted in ``uncounted``.
    static let maxMessages = 1000
    /// Extended messages past ``maxMessages``.
    var uncounted = 0

    mutating func add(_ message: Received) {
        if messages.count < Self.maxMessages { messages.append(message) } else { uncounted += 1 }
    }

    /// The messages sent under our ut_pex id.
    var pex: [Received] { messages.filter { $0.extendedID == ourID } }

    /// The findings in the order of ``cases``. A check with nothing to judge (no ut_pex in the
    /// window, fewer than two messages) is `inconclusive` with the reason, never `pass`; every
    /// `pass` names the messages it judged.
    func findings() -> [Finding] {
        let pex = self.pex
        let times = pex.map { String(format: "%.1f", $0.time) }.joined(separator: ", ")
        let judged = "\(pex.count) ut_pex message\(pex.count == 1 ? "" : "s") at t = \(times) s"
        var receivedActual = pex.isEmpty ? "no ut_pex in \(ProbePeer.seconds(window))" : "\(pex.count) in \(ProbePeer.seconds(window)), at t = \(times) s"
        if let endedEarly { receivedActual += "; " + endedEarly }
        let nothing = "no ut_pex in the window (\(ProbePeer.seconds(window)))" + (endedEarly.map { "; " + $0 } ?? "")
        let decoded = pex.map { Self.inspect($0.payload) }
        func at(_ message: Received, _ text: String) -> String { String(format: "t=%.1f: %@", message.time, text) }

        let wellFormedExpected = "a dictionary; added, dropped multiples of 6 bytes, added6, dropped6 of 18; within the decoder's limits"
        let malformed = zip(pex, decoded).compactMap { message, report in report.problem.map { at(message, $0) } }
        let keySets = Set(decoded.map { $0.keys.joined(separator: ",") }).sorted()
        let wellFormed: Finding = pex.isEmpty
            ? .inconclusive(expected: wellFormedExpected, reason: nothing)
            : .check(malformed.isEmpty, expected: wellFormedExpected,
                actual: malformed.isEmpty ? "all well formed; keys sent: " + keySets.map { "{\($0)}" }.joined(separator: " ") : malformed.joined(separator: "; "),
                evidence: [judged] + zip(pex, decoded).compactMap { message, report in report.tolerated.map { at(message, "tolerated " + $0) } })

        let flagsExpected = "len(added.f) = len(added)/6, len(added6.f) = len(added6)/18 when present (BEP 11: added.f is optional)"
        let mismatched = zip(pex, decoded).compactMap { message, report in report.flagsProblem.map { at(message, $0) } }
        let absent = zip(pex, decoded).filter { !$0.1.absentFlags.isEmpty }.map { at($0.0, $0.1.absentFlags.joined(separator: ", ") + " absent") }
        let flagsActual = mismatched.isEmpty ? (absent.isEmpty ? "all match" : "all present ones match; " + absent.joined(separator: "; ")) : mismatched.joined(separator: "; ")
        let flags: Finding = pex.isEmpty
            ? .inconclusive(expected: flagsExpected, reason: nothing)
            : .check(mismatched.isEmpty, expected: flagsExpected, actual: flagsActual, evidence: [judged])

        let empty = zip(pex, decoded).filter { $0.1.problem == nil && $0.1.peerCount == 0 }.map { String(format: "t=%.1f", $0.0.time) }
        let counts = decoded.map { "+\($0.added)/-\($0.dropped)" }.joined(separator: ", ")
        let notEmpty: Finding = pex.isEmpty
            ? .inconclusive(expected: "every message adds or drops a peer", reason: nothing)
            : .check(empty.isEmpty, expected: "every message adds or drops a peer",
                actual: empty.isEmpty ? "peers added/dropped: \(counts)" : "empty at " + empty.joined(separator: ", "), evidence: [judged])

        let gaps = zip(pex.dropFirst(), pex).map { $0.time - $1.time }
        let short = gaps.filter { $0 < Self.minimumInterval }
        let intervalExpected = String(format: "gaps of at least %.0f s", Self.minimumInterval)
        let interval: Finding = gaps.isEmpty
            ? .inconclusive(expected: intervalExpected, reason: "fewer than two ut_pex messages in the window (\(pex.count) in \(ProbePeer.seconds(window)))")
            : .check(short.isEmpty, expected: intervalExpected, actual: "gaps " + gaps.map { String(format: "%.1f s", $0) }.joined(separator: ", "), evidence: [judged])

        let foreign = messages.filter { $0.extendedID != ourID }
        let foreignText = foreign.map { String(format: "id %d at t=%.1f", Int($0.extendedID), $0.time) }.joined(separator: ", ")
        let idExpected = "every extended message under id \(ourID) (ut_pex as the probe assigned it)"
        let extendedID: Finding = messages.isEmpty
            ? .inconclusive(expected: idExpected, reason: "no extended messages after the handshake in the window")
            : .check(foreign.isEmpty, expected: idExpected,
                actual: foreign.isEmpty ? "all \(pex.count) under id \(ourID)" : "under ids the probe never assigned: " + foreignText,
                evidence: ["\(messages.count) extended message\(messages.count == 1 ? "" : "s") after the handshake"])

        return [
            .check(!pex.isEmpty, expected: "at least one ut_pex message", actual: receivedActual, evidence: pex.isEmpty ? ["the whole window"] : [judged]),
            wellFormed, flags, notEmpty, interval, extendedID,
        ]
    }

    /// What one payload holds, and what is wrong with it.
    struct PayloadReport: Sendable, Equatable {
        var keys: [String] = []
        /// Whole entries in `added` and `added6` (`dropped`, `dropped6`), counted from the lists'
        /// lengths, not capped by the decoder's limits.
        var added = 0
        var dropped = 0
        var problem: String?
        var flagsProblem: String?
        /// Flags keys left out for a non-empty list (`added.f`): optional in BEP 11.
        var absentFlags: [String] = []
        /// Other lenient warnings (non-canonical bencode, say): shown, not judged here.
        var tolerated: String?
        var peerCount: Int { added + dropped }
    }

    /// Warnings that make a message malformed for `ut_pex/send/well-formed`.
    static let malformedCodes: Set<ParseError.Code> = [.wrongType, .badCompactLength, .tooManyPeers]

    /// Reads one payload with ``UTPexMessage``: its lenient warnings say what is malformed.
    static func inspect(_ payload: [UInt8]) -> PayloadReport {
        var report = PayloadReport()
        let decoded: Decoded<UTPexMessage>
        do {
            decoded = try UTPexMessage.decode(payload, mode: .lenient)
        } catch {
            report.problem = "\(error.code) at offset \(error.offset): \(error.message)"
            return report
        }
        let dictionary = try? BencodeDecoder().decode(payload).value.dictionary
        report.keys = dictionary?.entries.map { BencodeJSON.key($0.key) } ?? []
        func whole(_ key: String, _ size: Int) -> Int {
            dictionary?.entries.first { $0.key == Array(key.utf8) }?.value.bytes.map { $0.count / size } ?? 0
        }
        report.added = whole("added", 6) + whole("added6", 18)
        report.dropped = whole("dropped", 6) + whole("dropped6", 18)
        func describe(_ warnings: [ParseWarning]) -> String? {
            warnings.isEmpty ? nil : warnings.map { "\($0.code) at \($0.offset): \($0.message)" }.joined(separator: ", ")
        }
        report.absentFlags = [("added.f", "added"), ("added6.f", "added6")].compactMap { flags, list in
            !report.keys.contains(flags) && whole(list, list == "added" ? 6 : 18) > 0 ? flags : nil
        }
        let flagWarnings = decoded.warnings.filter { $0.code == .flagsLengthMismatch }
            .filter { warning in !report.absentFlags.contains { warning.message.hasPrefix("'\($0)'") } }
        report.flagsProblem = describe(flagWarnings)
        report.problem = describe(decoded.warnings.filter { Self.malformedCodes.contains($0.code) })
        report.tolerated = describe(decoded.warnings.filter { $0.code != .flagsLengthMismatch && !Self.malformedCodes.contains($0.code) })
        return report
    }
}
