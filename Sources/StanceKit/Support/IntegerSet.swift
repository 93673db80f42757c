/// A set of small non-negative integers (below 2³¹) in an open-addressing table with linear
/// probing, at most half full.
///
/// A look-up is a multiply, a shift and usually one comparison, where `Set<Int>` hashes with
/// SipHash; the table allocates nothing until the first insertion, then 32 slots (128 bytes),
/// doubling as it fills.
package struct IntegerSet {
    /// The members, and -1 in free slots; empty, or a power of two long.
    private var slots: [Int32] = []
    private var count = 0
    /// 64 minus log₂ of the slot count: the top bits of the product pick the slot.
    private var shift: UInt64 = 64

    package init() {}

    package func contains(_ value: Int) -> Bool {
        guard !slots.isEmpty else { return false }
        var slot = self.slot(of: value)
        while slots[slot] >= 0 {
            if slots[slot] == value { return true }
            slot = (slot + 1) & (slots.count - 1)
        }
        return false
    }

    package mutating func insert(_ value: Int) {
        precondition(value >= 0 && value <= Int(Int32.max), "an IntegerSet holds 0 ..< 2³¹")
        if 2 * (count + 1) > slots.count { grow() }
        var slot = self.slot(of: value)
        while slots[slot] >= 0 {
            if slots[slot] == value { return }
            slot = (slot + 1) & (slots.count - 1)
        }
        slots[slot] = Int32(value)
        count += 1
    }

    private func slot(of value: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: value) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Removes every member, keeping the table (a workspace reuses one set from document to
    /// document).
    /// - Complexity: O(1) when empty, else O(slots).
    package mutating func removeAll() {
        guard count > 0 else { return }
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
        count = 0
    }

    /// Doubles the table (32 slots at first) and inserts the members again.
    private mutating func grow() {
        let members = slots
        let size = max(32, 2 * slots.count)
        slots = [Int32](repeating: -1, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        count = 0
        for value in members where value >= 0 { insert(Int(value)) }
    }
}
