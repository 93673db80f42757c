/// Interns byte strings (token keys) as small integer ids, with an open-addressing hash table.
///
/// Built once when rules compile (``VocabularyBuilder``) and read-only afterwards, so it is shared
/// by every worker. Its tables are constants in memory it owns and frees (``RawVector``), so that
/// a look-up costs no bounds check, no reference count and no exclusivity check.
final class Vocabulary: @unchecked Sendable {
    let table: VocabularyTable

    /// Takes over the builder's tables.
    init(_ builder: VocabularyBuilder) { table = builder.table }

    deinit { table.free() }

    var count: Int { table.count }

    /// The id of the one-byte ASCII key `byte` (below 0x80), or -1.
    @inline(__always)
    func id(ofASCII byte: UInt8) -> Int32 { table.singleByte[Int(byte & 0x7F)] }

    /// The id of the key `bytes[start..<end]` whose finished hash (``VocabularyTable/hash(_:_:_:)``)
    /// is `h`, or -1.
    /// - Complexity: O(length) expected; for most keys it lacks, one probe of the table.
    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, hash h: UInt64) -> Int32 {
        table.id(of: bytes, start, end, hash: h)
    }

    /// The id of the key `bytes[start..<end]`, or -1.
    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        table.id(of: bytes, start, end, hash: VocabularyTable.hash(bytes, start, end))
    }
}

/// Builds a ``Vocabulary`` by interning keys.
struct VocabularyBuilder {
    fileprivate var table = VocabularyTable()

    var count: Int { table.count }

    /// The id of `key`, adding it when new.
    /// - Complexity: amortized O(length).
    mutating func intern(_ key: [UInt8]) -> Int32 { table.intern(key) }
}

/// The tables of a vocabulary: keys in one arena, and a probe table of hash tags and ids.
struct VocabularyTable {
    private var arena = RawVector<UInt8>()
    private var starts = RawVector<Int32>()
    private var lengths = RawVector<Int32>()
    private var hashes = RawVector<UInt64>()
    /// The probe table: 0 marks an empty slot, else the hash's upper 32 bits above `id + 1`.
    private var slots = RawVector<UInt64>(repeating: 0, count: 64)
    private var mask = 63
    /// The id of every one-byte ASCII key (or -1), indexed by the byte.
    private(set) var singleByte = RawVector<Int32>(repeating: -1, count: 128)

    func free() {
        arena.free()
        starts.free()
        lengths.free()
        hashes.free()
        slots.free()
        singleByte.free()
    }

    var count: Int { starts.count }

    /// FNV-1a's offset basis: the running hash of the empty key.
    static let basis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Folds one byte into a running hash.
    @inline(__always)
    static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* 0x100_0000_01b3 }

    /// Finishes a running hash.
    @inline(__always)
    static func finish(_ h: UInt64) -> UInt64 { h ^ (h >> 29) }

    /// FNV-1a (64-bit) of `bytes[start..<end]`, finished.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h = basis
        var i = start
        while i < end {
            h = step(h, bytes[i])
            i += 1
        }
        return finish(h)
    }

    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, hash h: UInt64) -> Int32 {
        let tag = h & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: h) & mask
        let length = end - start
        while true {
            let entry = slots[slot]
            if entry == 0 { return -1 }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let candidate = Int(entry & 0xFFFF_FFFF) - 1
                if Int(lengths[candidate]) == length {
                    let base = Int(starts[candidate])
                    var k = 0
                    while k < length && arena[base + k] == bytes[start + k] { k += 1 }
                    if k == length { return Int32(candidate) }
                }
            }
            slot = (slot + 1) & mask
        }
    }

    mutating func intern(_ key: [UInt8]) -> Int32 {
        key.withUnsafeBufferPointer { buffer in
            let h = VocabularyTable.hash(buffer, 0, buffer.count)
            let existing = id(of: buffer, 0, buffer.count, hash: h)
            if existing >= 0 { return existing }
            let newID = Int32(starts.count)
            starts.append(Int32(arena.count))
            lengths.append(Int32(buffer.count))
            hashes.append(h)
            for byte in buffer { arena.append(byte) }
            if buffer.count == 1 && buffer[0] < 0x80 { singleByte[Int(buffer[0])] = newID }
            if starts.count * 2 > mask + 1 { rehash(capacity: (mask + 1) * 2) } else { place(id: newID, hash: h) }
            return newID
        }
    }

    private func place(id: Int32, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1)
    }

    private mutating func rehash(capacity: Int) {
        slots.free()
        slots = RawVector(repeating: 0, count: capacity)
        mask = capacity - 1
        for id in 0..<starts.count { place(id: Int32(id), hash: hashes[id]) }
    }
}

/// A growable buffer of plain values in memory its owner frees with ``free()``: indexing costs
/// no bounds check (callers keep indices in range) and no reference count.
struct RawVector<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 16
        base = .allocate(capacity: capacity)
    }

    init(repeating value: Element, count: Int) {
        capacity = max(count, 1)
        base = .allocate(capacity: capacity)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// Appends a value, doubling the capacity when full.
    /// - Complexity: amortized O(1).
    mutating func append(_ value: Element) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: value)
        count += 1
    }

    func free() { base.deallocate() }
}

/// A map from 64-bit keys to 32-bit values with open addressing; the trie's transition table.
/// Its owner frees it with ``free()``.
struct TransitionTable {
    private var keys = RawVector<UInt64>(repeating: .max, count: 64)
    private var values = RawVector<Int32>(repeating: 0, count: 64)
    private var mask = 63
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
        var slot = Int(truncatingIfNeeded: TransitionTable.mix(key)) & mask
        while true {
            let k = keys[slot]
            if k == key { return values[slot] }
            if k == .max { return -1 }
            slot = (slot + 1) & mask
        }
    }

    mutating func set(_ value: Int32, for key: UInt64) {
        if (count + 1) * 2 > mask + 1 { grow() }
        var slot = Int(truncatingIfNeeded: TransitionTable.mix(key)) & mask
        while keys[slot] != .max && keys[slot] != key { slot = (slot + 1) & mask }
        if keys[slot] == .max { count += 1 }
        keys[slot] = key
        values[slot] = value
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let capacity = (mask + 1) * 2
        keys = RawVector(repeating: .max, count: capacity)
        values = RawVector(repeating: 0, count: capacity)
        mask = capacity - 1
        count = 0
        for slot in 0..<oldKeys.count where oldKeys[slot] != .max { set(oldValues[slot], for: oldKeys[slot]) }
        oldKeys.free()
        oldValues.free()
    }

    func free() {
        keys.free()
        values.free()
    }
}
