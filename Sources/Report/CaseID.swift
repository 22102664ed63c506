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

    /// `items` in runs of the same section, in their order: the one grouping every report uses.
    public static func grouped<T>(_ items: [T], id: (T) -> String) -> [(section: String, items: [T])] {
        var groups: [(section: String, items: [T])] = []
        for item in items {
            let section = section(of: id(item))
            if groups.last?.section == section {
                groups[groups.count - 1].items.append(item)
            } else {
                groups.append((section, [item]))
            }
        }
        return groups
    }
}
