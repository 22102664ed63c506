/// Case ids as h2spec writes them: `spec/section/name` (`bep10/ext-handshake/ut-pex`).
public enum CaseID {
    /// The section a case is listed under: its id without the last segment (`bep10/ext-handshake`).
    public static func section(of id: String) -> String {
        guard let slash = id.lastIndex(of: "/") else { return id }
        return String(id[..<slash])
    }

    /// The last segment of the id (`ut-pex`).
    public static func name(of id: String) -> Substring {
        guard let slash = id.lastIndex(of: "/") else { return id[...] }
        return id[id.index(after: slash)...]
    }

    /// `items` by section, sections in the order they first appear and items in their order
    /// within each: the one grouping every report uses.
    public static func grouped<T>(_ items: [T], id: (T) -> String) -> [(section: String, items: [T])] {
        var groups: [(section: String, items: [T])] = []
        var index: [String: Int] = [:]
        for item in items {
            let section = section(of: id(item))
            if let i = index[section] {
                groups[i].items.append(item)
            } else {
                index[section] = groups.count
                groups.append((section, [item]))
            }
        }
        return groups
    }
}
