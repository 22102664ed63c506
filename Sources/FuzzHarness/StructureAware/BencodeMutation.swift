/// One kind of change ``BencodeTreeMutator`` makes to a decoded bencode tree.
public enum BencodeMutation: String, CaseIterable, Sendable {
    /// An integer becomes a boundary value (0, -1, the Int64 limits, 65535, 65536, ...).
    case boundaryInteger = "boundary_integer"
    /// A string grows or shrinks by a multiple of 6 or 18 (a compact IPv4 or IPv6 peer), plus or
    /// minus one.
    case resizeString = "resize_string"
    /// Two entries of a dictionary exchange their values (the keys stay).
    case swapEntries = "swap_entries"
    /// An entry of a dictionary (or an item of a list) appears twice.
    case duplicateEntry = "duplicate_entry"
    /// An entry of a dictionary (or an item of a list) disappears.
    case dropEntry = "drop_entry"
    /// The entries of a dictionary are shuffled.
    case reorderKeys = "reorder_keys"
    /// A key of the target's format is added to a dictionary, or its value replaced, with a
    /// value of the shape the format gives it.
    case insertKnownKey = "insert_known_key"
    /// A value moves one level down, into a one-item list or a one-entry dictionary.
    case nestDeeper = "nest_deeper"
    /// A subtree of another input replaces a value, or joins a dictionary or list (crossover).
    case spliceSubtree = "splice_subtree"
}
