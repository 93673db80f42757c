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

    /// The id's hash, equal for ids that compare equal (canonical equivalence: "\u{E9}" and
    /// "e\u{301}", "K" and U+212A KELVIN SIGN).
    ///
    /// An ASCII id, the usual one, is hashed from its bytes, 8 at a time (about 85 instructions
    /// for a Reuters id with the ASCII test, where `hashValue` cost about 450). So is an id whose only non-ASCII
    /// scalars are the three that canonically decompose to ASCII (U+212A KELVIN SIGN to "K",
    /// U+037E GREEK QUESTION MARK to ";", U+1FEF GREEK VARIA to "`"), once they are replaced:
    /// an id can equal an ASCII one only then. Any other id is hashed as Swift hashes strings.
    static func hash(_ id: String) -> UInt64 {
        let ascii = id.utf8.withContiguousStorageIfAvailable { bytes -> UInt64? in
            var k = 0
            while k + 8 <= bytes.count {
                if WordScan.anyNonASCII(WordScan.word(bytes, at: k)) != 0 { return nil }
                k += 8
            }
            while k < bytes.count {
                if bytes[k] >= 0x80 { return nil }
                k += 1
            }
            return asciiHash(bytes)
        }
        if let ascii = ascii ?? nil { return ascii }
        var mapped: [UInt8] = []
        for scalar in id.unicodeScalars {
            switch scalar.value {
            case 0..<0x80: mapped.append(UInt8(scalar.value))
            case 0x212A: mapped.append(UInt8(ascii: "K"))
            case 0x037E: mapped.append(UInt8(ascii: ";"))
            case 0x1FEF: mapped.append(UInt8(ascii: "`"))
            default: return UInt64(UInt(bitPattern: id.hashValue))
            }
        }
        return mapped.withUnsafeBufferPointer { asciiHash($0) }
    }

    /// A random number drawn once a process, which the hash starts from: ids made to collide
    /// in one run (and so to make inserts slow) do not collide in another.
    private static let seed = UInt64.random(in: 0...UInt64.max)

    /// A hash of ASCII bytes: the vocabulary's key hash (8 bytes at a time, mixed so that its low
    /// bits, which pick a slot, depend on every byte), its first word xored with ``seed``.
    private static func asciiHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let first = VocabularyTable.load(bytes, 0, min(bytes.count, 8)) ^ seed
        return VocabularyTable.hash(
            bytes, 0, bytes.count, seed: VocabularyTable.seed(key: first, length: bytes.count))
    }
}
