/// The swarm's cases: what a client does with PEX when it is one peer among several, seen from
/// the probe's peers and canaries. Ids are h2spec style; each quotes its BEP 10, 11 or 27
/// requirement (bittorrent.org `beps/bep_0010.rst`, `bep_0011.rst`, `bep_0027.rst`).
enum SwarmCases {
    static let bep10 = "BEP 10, Extension Protocol"
    static let bep11 = "BEP 11, Peer Exchange (PEX)"
    static let bep11Security = "BEP 11, Peer Exchange (PEX), Security Considerations"
    static let bep27 = "BEP 27, Private Torrents"

    private static let onlyConnected = "A peer must only be included in an added field once a connection is successfully established and included in the dropped field once it is disconnected."
    private static let notAddedAndDropped = "An added contact must not be dropped in the same message."
    private static let privateRule = "When a BitTorrent client obtains a metainfo file containing the \"private=1\" key-value pair, it MUST ONLY announce itself to the private tracker, and MUST ONLY initiate connections to peers returned from the private tracker."
    private static let localIDs = "The extension message IDs are the IDs used to send the extension messages to the peer sending this handshake. i.e. The IDs are local to this particular peer."

    static let plan = ProbeCase(
        id: "swarm/plan/pex-enabled", title: "Every planned swarm connection is open with ut_pex enabled by the client", document: bep11,
        requirement: "PEX introduces a new message ut_pex via the extension protocol (negotiated in the extended handshake's m).")

    static let dialsAdded = ProbeCase(
        id: "bep11/receive/dials-added", title: "A canary announced in added is dialled, with the torrent's info-hash", document: bep11,
        requirement: "Peer Exchange (PEX) provides an alternative peer discovery mechanism for swarms once peers have bootstrapped via other mechanisms such as DHT or Tracker announces.")
    static let droppedNotDialed = ProbeCase(
        id: "bep11/receive/dropped-not-dialed", title: "A canary that appears only in dropped is never dialled", document: bep11, requirement: onlyConnected)
    static let duplicateIP = ProbeCase(
        id: "bep11/receive/duplicate-ip", title: "Of five ports of one IP, how many are dialled", document: bep11Security,
        requirement: "Duplicate IP addresses (e.g. with different ports) should be ignored.")
    static let oneSource = ProbeCase(
        id: "bep11/receive/one-source", title: "Of 200 canaries from one peer, how many are dialled and how fast (the PEX amplification figure)",
        document: bep11Security,
        requirement: "PEX may also be used to cause a distributed denial of service attack by inducing bittorrent clients to perform connection attempts to victim IP ranges. To mitigate these a client should avoid taking all its connection candidates from a single PEX source.")
    static let flagsUsed = ProbeCase(
        id: "bep11/receive/flags-used", title: "Canaries announced with 0x01 (encryption) and 0x04 (uTP): how they are dialled", document: bep11,
        requirement: "0x01 prefers encryption, as indicated by e field in extension handshake; 0x04 supports uTP")
    static let addAndDrop = ProbeCase(
        id: "bep11/receive/add-and-drop-same-message", title: "A canary both added and dropped in one message: what the client ends up believing",
        document: bep11, requirement: notAddedAndDropped)

    static let onlyConnectedCase = ProbeCase(
        id: "bep11/send/only-connected", title: "A dead address one peer announced never appears in the client's added to another", document: bep11,
        requirement: onlyConnected + " Rationale 2: Only propagating verified peers reduces the opportunity for attackers to abuse bittorrent swarms for distributed denial-of-service attacks.")
    static let droppedOnDisconnect = ProbeCase(
        id: "bep11/send/dropped-on-disconnect", title: "When peer C disconnects, a later message to B names it in dropped", document: bep11,
        requirement: "Once a peer has been added a client must ensure to send the corresponding dropped event when appropriate. Only signaling added peers without ever dropping them is non-compliant behavior.")
    static let noDuplicates = ProbeCase(
        id: "bep11/send/no-duplicates", title: "No contact twice in added or in dropped of one message", document: bep11,
        requirement: "Added or removed contacts must not contain duplicates.")
    static let notAddedAndDroppedCase = ProbeCase(
        id: "bep11/send/not-added-and-dropped", title: "No contact both added and dropped in one message", document: bep11, requirement: notAddedAndDropped)
    static let capAfterFirst = ProbeCase(
        id: "bep11/send/cap-after-first", title: "At most 50 added (and 50 dropped) in every message after the first", document: bep11,
        requirement: "Except for the initial PEX message the combined amount of added v4/v6 contacts should not exceed 50 entries. The same applies to dropped entries.")
    static let interval = ProbeCase(
        id: "bep11/send/interval", title: "At least a minute between two PEX messages on one connection", document: bep11,
        requirement: "Clients must batch updates to send no more than 1 PEX message per minute.")
    static let neverEmpty = ProbeCase(
        id: "bep11/send/never-empty", title: "Every message adds or drops a contact", document: bep11,
        requirement: "Messages must contain at least one of the following fields: added, added6, dropped, dropped6.")
    static let noSelf = ProbeCase(
        id: "bep11/send/no-self", title: "A peer is never announced to itself", document: bep11 + "; arvidn/libtorrent#8042",
        requirement: "PEX is intended to reflect which peers a client is currently connected to: the recipient is the one peer that needs no introduction.")
    static let flagsTruthful = ProbeCase(
        id: "bep11/send/flags-truthful", title: "The flags sent for the swarm's peers match what they advertised (e, ut_holepunch)", document: bep11,
        requirement: "0x01 prefers encryption, as indicated by e field in extension handshake; 0x08 peer indicated ut_holepunch support in extension handshake; 0x10 outgoing connection, peer is reachable")
    static let ports = ProbeCase(
        id: "bep11/send/ports", title: "A peer is announced under its p (listen port), in network byte order", document: bep11 + "; " + bep10,
        requirement: "added: one or more contacts in IPv4 compact format; p: Local TCP listen port. Allows each side to learn about the TCP port number of the other side.")

    static let disableWithZero = ProbeCase(
        id: "bep10/m/disable-with-zero", title: "After a peer re-sends m: {ut_pex: 0}, the client sends it no more PEX", document: bep10,
        requirement: "Subsequent handshake messages can be used to enable/disable extensions without restarting the connection. … As specified above, the value 0 is used to turn off an extension.")
    static let resendWithoutPex = ProbeCase(
        id: "bep10/m/resend-without-ut-pex", title: "A re-sent handshake that leaves ut_pex out: PEX goes on, and a later ut_pex from that peer is taken",
        document: bep10 + "; BEP 21",
        requirement: "If a peer supports changing extensions at run time, it should note that the m dictionary is additive. It's enough that it contains the actual CHANGES to the extension list.")
    static let unassignedID = ProbeCase(
        id: "bep10/message/unassigned-id", title: "An extended message under an id the client never assigned", document: bep10, requirement: localIDs)

    static let privateNotAdvertised = ProbeCase(
        id: "bep27/pex/not-advertised", title: "On a private torrent the client's m has no ut_pex", document: bep27, requirement: privateRule)
    static let privateNotDialed = ProbeCase(
        id: "bep27/pex/not-dialed", title: "Canaries announced by PEX on a private torrent are never dialled", document: bep27, requirement: privateRule)
    static let privateNotSent = ProbeCase(
        id: "bep27/pex/not-sent", title: "The client sends no PEX on a private torrent", document: bep27,
        requirement: "Announcing or exchanging peer information via any of these mechanisms other than the private tracker subverts the tracker's access control.")

    static let receiving = [dialsAdded, droppedNotDialed, duplicateIP, oneSource, flagsUsed, addAndDrop]
    static let sending = [onlyConnectedCase, droppedOnDisconnect, noDuplicates, notAddedAndDroppedCase, capAfterFirst, interval, neverEmpty, noSelf, flagsTruthful, ports]
    static let extensionIDs = [disableWithZero, resendWithoutPex, unassignedID]
    static let privateTorrent = [privateNotAdvertised, privateNotDialed, privateNotSent]

    /// Every swarm case, in report order.
    static let all = [plan] + receiving + sending + extensionIDs + privateTorrent
}
