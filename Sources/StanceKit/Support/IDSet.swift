/// A set of document ids that a batch has seen, to warn when an id comes again.
///
/// Open addressing over each id's hash, kept with the id so that growing the table hashes
/// nothing again (`Set<String>` hashes every id again at each doubling: about 900 instructions
/// an insert on Reuters' 19,043 ids); ids are compared only when their hashes are equal, with
/// `String`'s equality (canonical equivalence), as `Set<String>` compares them.
package struct IDSet {
    /// For each slot: the index of its id in `ids` plus one, or 0 when empty.
    private var slots = [Int32](repeating: 0, count: 64)
    private var hashes: [UInt64] = []
    private var ids: [String] = []

    package init() {}

    /// How many ids the set holds.
    package var count: Int { ids.count }

    /// Adds `id`; returns whether it was new.
    /// - Complexity: O(length of `id`) expected, amortized over the table's doublings.
    package mutating func insert(_ id: String) -> Bool {
        let hash = IDSet.hash(id)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if hashes[index] == hash && ids[index] == id { return false }
            slot = (slot + 1) & mask
        }
        precondition(ids.count < Int(Int32.max), "too many ids")
        slots[slot] = Int32(ids.count + 1)
        hashes.append(hash)
        ids.append(id)
        // At most half full, so that probes stay short.
        if ids.count * 2 > slots.count { grow() }
        return true
    }

    /// Doubles the table and places every id again by its kept hash.
    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }

    /// The id's hash as Swift hashes strings: canonically equivalent ids ("\u{E9}" and
    /// "e\u{301}") hash alike, as they compare equal.
    @inline(__always)
    static func hash(_ id: String) -> UInt64 { UInt64(UInt(bitPattern: id.hashValue)) }
}
