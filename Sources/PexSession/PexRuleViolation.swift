import PexModel

/// A rule of BEP 11 ("Peer Exchange", bittorrent.org) that an incoming message breaks, as its
/// receiver can tell from the message and the ones before it on the same connection. A
/// ``PexSession`` reports them in ``PexSession/lastViolations`` (warnings: what a receiver does
/// about them is its own rule, BEP 11: "Clients may disconnect peers that egregiously violate
/// these constraints").
public enum PexRuleViolation: String, Sendable, Hashable, CaseIterable, Comparable {
    /// "Clients must batch updates to send no more than 1 PEX message per minute."
    case tooFrequent = "too_frequent"
    /// "Added or removed contacts must not contain duplicates." (in `added`/`added6`)
    case duplicateAdded = "duplicate_added"
    /// The same rule, in `dropped`/`dropped6`.
    case duplicateDropped = "duplicate_dropped"
    /// "An added contact must not be dropped in the same message."
    case addedAndDropped = "added_and_dropped"
    /// "Except for the initial PEX message the combined amount of added v4/v6 contacts should not exceed 50 entries."
    case tooManyAdded = "too_many_added"
    /// "The same applies to dropped entries."
    case tooManyDropped = "too_many_dropped"
    /// "Messages must contain at least one of the following fields: added, added6, dropped, dropped6" (read
    /// as: name at least one peer; an empty string names none).
    case empty
    /// A flag bit other than the five BEP 11 defines: "Other bits are reserved for future use."
    case reservedFlags = "reserved_flags"
    /// Security considerations: "Duplicate IP addresses (e.g. with different ports) should be ignored."
    case duplicateIP = "duplicate_ip"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The most added (and dropped) peers BEP 11 allows in a message after the first.
    public static let perMessageLimit = 50

    /// The BEP 11 rules `update` breaks, given the time since the previous message from the
    /// same peer (nil for the first message). Work and memory are linear in the message.
    public static func check(_ update: PexUpdate, sincePrevious: Double?) -> Set<PexRuleViolation> {
        var found: Set<PexRuleViolation> = []
        if let sincePrevious, sincePrevious < 60 { found.insert(.tooFrequent) }
        if update.isEmpty { found.insert(.empty) }
        let added = update.addedAddresses, dropped = update.droppedAddresses
        let addedSet = Set(added), droppedSet = Set(dropped)
        if addedSet.count != added.count { found.insert(.duplicateAdded) }
        if droppedSet.count != dropped.count { found.insert(.duplicateDropped) }
        if !addedSet.isDisjoint(with: droppedSet) { found.insert(.addedAndDropped) }
        if sincePrevious != nil {
            if added.count > perMessageLimit { found.insert(.tooManyAdded) }
            if dropped.count > perMessageLimit { found.insert(.tooManyDropped) }
        }
        if update.added.contains(where: { !PeerFlags.knownBits.isSuperset(of: $0.flags) }) { found.insert(.reservedFlags) }
        var ips: [IPAddress: UInt16] = [:]
        for address in addedSet {
            if let port = ips.updateValue(address.port, forKey: address.ip), port != address.port { found.insert(.duplicateIP) }
        }
        return found
    }
}
