import Bencode

/// Addressing the nodes of a tree by index paths: each step is an item index in a list or an
/// entry index in a dictionary (the entry's value); the root is the empty path.
extension BencodeValue {
    /// The paths of the nodes, root first, in pre-order, at most `limit` of them.
    func nodePaths(limit: Int = 4096) -> [[Int]] {
        var paths: [[Int]] = []
        var path: [Int] = []
        collectPaths(&paths, &path, limit: limit)
        return paths
    }

    private func collectPaths(_ paths: inout [[Int]], _ path: inout [Int], limit: Int) {
        guard paths.count < limit else { return }
        paths.append(path)
        switch self {
        case .list(let items):
            for (i, item) in items.enumerated() {
                path.append(i)
                item.collectPaths(&paths, &path, limit: limit)
                path.removeLast()
            }
        case .dictionary(let dict):
            for (i, entry) in dict.entries.enumerated() {
                path.append(i)
                entry.value.collectPaths(&paths, &path, limit: limit)
                path.removeLast()
            }
        case .integer, .string:
            break
        }
    }

    /// The node at `path`, or nil when the path leads nowhere.
    func node(at path: some Collection<Int>) -> BencodeValue? {
        var node = self
        for step in path {
            switch node {
            case .list(let items) where items.indices.contains(step): node = items[step]
            case .dictionary(let dict) where dict.entries.indices.contains(step): node = dict.entries[step].value
            default: return nil
            }
        }
        return node
    }

    /// The key of the dictionary entry `path` ends in, or nil when its parent is no dictionary.
    func entryKey(at path: [Int]) -> [UInt8]? {
        guard let last = path.last, case .dictionary(let dict)? = node(at: path.dropLast()),
            dict.entries.indices.contains(last)
        else { return nil }
        return dict.entries[last].key
    }

    /// Runs `body` on the node at `path`; does nothing when the path leads nowhere.
    mutating func modify(at path: ArraySlice<Int>, _ body: (inout BencodeValue) -> Void) {
        guard let step = path.first else {
            body(&self)
            return
        }
        switch self {
        case .list(var items) where items.indices.contains(step):
            // Drop self's reference first so the array stays uniquely referenced and is edited in place.
            self = .integer(0)
            items[step].modify(at: path.dropFirst(), body)
            self = .list(items)
        case .dictionary(var dict) where dict.entries.indices.contains(step):
            self = .integer(0)
            dict.entries[step].value.modify(at: path.dropFirst(), body)
            self = .dictionary(dict)
        default:
            return
        }
    }
}
