import Bencode
import Conformance
import PeerWire
import PexModel
import WireCore

/// A message (or burst) the probe sends on a fresh connection to see whether the client stays
/// or disconnects: the receiving side of ut_pex and of the framing under bad input.
struct RobustnessProbe: Sendable {
    /// The input, named as in the case id.
    enum Input: String, Sendable, CaseIterable {
        case emptyPex = "empty"
        case addedSevenBytes = "added-7-bytes"
        case addedWithoutFlags = "added-without-flags"
        case listNotDictionary = "list-not-dict"
        case notBencode = "not-bencode"
        case flood
        case oversizedFrame = "oversized"
        case extendedTooShort = "too-short"
    }

    var input: Input
    var probeCase: ProbeCase
    /// Seconds between the frames of a burst.
    var spacing: Double = 0

    /// One frame to send: its bytes, a summary for the log, and the message as the receiving
    /// client meets it, for its profile's prediction.
    struct Frame: Sendable {
        var bytes: [UInt8]
        var summary: String
        var incoming: IncomingMessage
    }

    /// Messages in the flood burst.
    static let floodCount = 10

    /// How many frames ``frames(pexID:)`` sends.
    var frameCount: Int { input == .flood ? Self.floodCount : 1 }

    /// The frames to send, given the id the client assigned to ut_pex.
    func frames(pexID: UInt8) -> [Frame] {
        func pex(_ payload: [UInt8], _ what: String) -> Frame {
            let bytes = PeerMessage.extended(id: pexID, payload: payload).encoded
            return Frame(bytes: bytes, summary: "extended \(pexID) (ut_pex) \(what)", incoming: .pex(PexMessageFacts(utPexPayload: payload), frameSize: bytes.count))
        }
        switch input {
        case .emptyPex:
            return [pex(Array("de".utf8), "de")]
        case .addedSevenBytes:
            var added = Self.loopbackPeers(1, from: 0)
            added.append(0x7F)
            return [pex(BencodeEncoder.encode(["added": .string(added), "added.f": .string([0])]), "added of 7 bytes, added.f of 1")]
        case .addedWithoutFlags:
            return [pex(BencodeEncoder.encode(["added": .string(Self.loopbackPeers(2, from: 1))]), "added of 2 peers, no added.f")]
        case .listNotDictionary:
            return [pex(BencodeEncoder.encode(["added", .string(Self.loopbackPeers(1, from: 3))]), "a list, not a dictionary")]
        case .notBencode:
            return [pex(Array("not bencode".utf8), "'not bencode'")]
        case .flood:
            return (0..<Self.floodCount).map { n in
                let peer = PexPeer(address: PeerAddress(ip: .v4(0x7F00_00C8 &+ UInt32(10 + n)), port: 1))
                let payload = (try? UTPexMessage(added: [peer]).encoded()) ?? []
                return pex(payload, "flood message \(n + 1) of \(Self.floodCount)")
            }
        case .oversizedFrame:
            // 2 MiB, over libtorrent's 1 MiB cap; an extended id nobody assigns, so only the size matters.
            let length = 2 << 20
            var frame: [UInt8] = []
            frame.reserveCapacity(4 + length)
            BigEndian.append(UInt32(length), to: &frame)
            frame += [20, 0xFA]
            frame += [UInt8](repeating: 0, count: length - 2)
            return [Frame(bytes: frame, summary: "a 2 MiB frame: extended id 250, zeros", incoming: .unassignedExtension(id: 0xFA, frameSize: frame.count))]
        case .extendedTooShort:
            return [Frame(bytes: [0, 0, 0, 1, 20], summary: "extended message of length 1: no extended id", incoming: .extendedTooShort)]
        }
    }

    /// `count` compact IPv4 entries 127.0.0.200+i, port 1: loopback addresses where nothing
    /// listens, so a client that dials what it learns stays on this machine.
    static func loopbackPeers(_ count: Int, from first: Int) -> [UInt8] {
        CompactPeerList.encode((0..<count).map { PeerAddress(ip: .v4(0x7F00_00C8 &+ UInt32(first + $0)), port: 1) })
    }

    static let all: [RobustnessProbe] = [
        RobustnessProbe(input: .emptyPex, probeCase: ProbeCase(
            id: "ut_pex/receive/empty", title: "An empty ut_pex message (de)", document: PexObservation.notes,
            requirement: "If uTorrent 1.8.1 recieves an \"empty\" pex message from Transmission 1.40, it appears to interpret this as an invalid message and disconnect from Transmission.")),
        RobustnessProbe(input: .addedSevenBytes, probeCase: ProbeCase(
            id: "ut_pex/receive/added-7-bytes", title: "added of 7 bytes: one whole entry and one stray byte", document: PexObservation.notes,
            requirement: "added string, contains peers in the compact tracker format (ie: 6 bytes for IPv4 address and port in network byte order)")),
        RobustnessProbe(input: .addedWithoutFlags, probeCase: ProbeCase(
            id: "ut_pex/receive/added-without-flags", title: "added with no added.f", document: PexObservation.notes,
            requirement: "added.f string, one byte of flags for each peer in the above added string.")),
        RobustnessProbe(input: .listNotDictionary, probeCase: ProbeCase(
            id: "ut_pex/receive/list-not-dict", title: "A ut_pex payload that is a list, not a dictionary", document: PexObservation.notes,
            requirement: "The payload of a peer exchange message is a bencoded dictionary")),
        RobustnessProbe(input: .notBencode, probeCase: ProbeCase(
            id: "ut_pex/receive/not-bencode", title: "A ut_pex payload that is not bencode", document: PexObservation.notes,
            requirement: "The payload of a peer exchange message is a bencoded dictionary")),
        RobustnessProbe(input: .flood, probeCase: ProbeCase(
            id: "ut_pex/receive/flood", title: "10 ut_pex messages in one second", document: PexObservation.transmissionNotes,
            requirement: "Exchanges messages should be sent approximately once every minute."), spacing: 0.1),
        RobustnessProbe(input: .oversizedFrame, probeCase: ProbeCase(
            id: "bep3/frame/oversized", title: "A 2 MiB frame", document: "BEP 3, peer messages",
            requirement: "All later integers sent in the protocol are encoded as four bytes big-endian. … messages … take the form of length prefix.")),
        RobustnessProbe(input: .extendedTooShort, probeCase: ProbeCase(
            id: "bep10/message/too-short", title: "An extended message with no extended id (length 1)", document: HandshakeChecks.bep10,
            requirement: "The first byte of an extended message (after the 4-byte length and 1-byte id, of course) is the extended message id.")),
    ]
}
