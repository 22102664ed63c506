extension OptionSet where RawValue: FixedWidthInteger, Element == Self {
    /// The set as `[name, name, 0x…]`: the names of the members it contains, in the order given,
    /// then the bits no name covers in hex. One form for every flag set on the wire (the
    /// handshake's reserved bits, ut_pex's peer flags).
    public func description(naming names: KeyValuePairs<Self, String>) -> String {
        var parts: [String] = []
        var named: RawValue = 0
        for (member, name) in names {
            named |= member.rawValue
            if contains(member) { parts.append(name) }
        }
        let unnamed = rawValue & ~named
        if unnamed != 0 { parts.append("0x" + String(unnamed, radix: 16)) }
        return "[" + parts.joined(separator: ", ") + "]"
    }
}
