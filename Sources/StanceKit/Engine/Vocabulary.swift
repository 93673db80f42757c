/// Interns byte strings (token keys) as small integer ids, with an open-addressing hash table.
///
/// Built once when rules compile and read-only afterwards, so it is shared by every worker (hence
/// `@unchecked Sendable`: ``intern(_:)`` is only called while compiling). A class, so that
/// look-ups never copy (and retain) its arrays.
final class Vocabulary: @unchecked Sendable {
    private var arena: [UInt8] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    /// Slots hold `id + 1`; 0 marks an empty slot.
    private var slots: [Int32] = [Int32](repeating: 0, count: 64)

    var count: Int { starts.count }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        // FNV-1a, 64-bit.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = start
        while i < end {
            h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01b3
            i += 1
        }
        return h ^ (h >> 29)
    }

    /// The id of the key `bytes[start..<end]`, or -1.
    /// - Complexity: O(length) expected.
    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let h = Vocabulary.hash(bytes, start, end)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        let length = end - start
        while true {
            let entry = slots[slot]
            if entry == 0 { return -1 }
            let candidate = Int(entry - 1)
            if hashes[candidate] == h && Int(lengths[candidate]) == length {
                var equal = true
                let base = Int(starts[candidate])
                var k = 0
                while k < length {
                    if arena[base + k] != bytes[start + k] {
                        equal = false
                        break
                    }
                    k += 1
                }
                if equal { return Int32(candidate) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, adding it when new.
    func intern(_ key: [UInt8]) -> Int32 {
        let existing = key.withUnsafeBufferPointer { id(of: $0, 0, key.count) }
        if existing >= 0 { return existing }
        let newID = Int32(starts.count)
        let h = key.withUnsafeBufferPointer { Vocabulary.hash($0, 0, key.count) }
        starts.append(Int32(arena.count))
        lengths.append(Int32(key.count))
        hashes.append(h)
        arena.append(contentsOf: key)
        if starts.count * 2 > slots.count { rehash(capacity: slots.count * 2) } else { place(id: newID, hash: h) }
        return newID
    }

    private func place(id: Int32, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = id + 1
    }

    private func rehash(capacity: Int) {
        slots = [Int32](repeating: 0, count: capacity)
        for id in 0..<starts.count { place(id: Int32(id), hash: hashes[id]) }
    }
}

/// A map from 64-bit keys to 32-bit values with open addressing; the trie's transition table.
struct TransitionTable: Sendable {
    private var keys: [UInt64] = [UInt64](repeating: .max, count: 64)
    private var values: [Int32] = [Int32](repeating: 0, count: 64)
    private(set) var count = 0

    @inline(__always)
    private static func mix(_ key: UInt64) -> UInt64 {
        var x = key &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 32
        return x
    }

    /// The value stored for `key`, or -1.
    @inline(__always)
    func value(for key: UInt64) -> Int32 {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: TransitionTable.mix(key)) & mask
        while true {
            let k = keys[slot]
            if k == key { return values[slot] }
            if k == .max { return -1 }
            slot = (slot + 1) & mask
        }
    }

    mutating func set(_ value: Int32, for key: UInt64) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: TransitionTable.mix(key)) & mask
        while keys[slot] != .max && keys[slot] != key { slot = (slot + 1) & mask }
        if keys[slot] == .max { count += 1 }
        keys[slot] = key
        values[slot] = value
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != .max { set(v, for: k) }
    }
}
