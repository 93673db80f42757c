/// Interns byte strings (token keys) as small integer ids, with an open-addressing hash table.
///
/// Built once when rules compile (``VocabularyBuilder``) and read-only afterwards, so it is shared
/// by every worker. Its tables are constants in memory it owns and frees (``RawVector``), so that
/// a look-up costs no bounds check, no reference count and no exclusivity check.
final class Vocabulary: @unchecked Sendable {
    let table: VocabularyTable
    /// The ids below this one are the tokens a pass over a text starts at (see
    /// ``TokenList/known``); the rest only go on a match.
    let knownLimit: Int32

    /// Takes over the builder's tables. The ids below `knownLimit` (every id by default) are the
    /// ones the tokenizer lists as known.
    init(_ builder: VocabularyBuilder, knownLimit: Int32? = nil) {
        table = builder.table
        self.knownLimit = knownLimit ?? Int32(builder.count)
    }

    deinit { table.free() }

    var count: Int { table.count }

    /// The probe-table walk of ``VocabularyProbe`` for the keys it does not walk inline (longer
    /// than 8 bytes, or a word that starts with a non-ASCII character), out of line: a method of
    /// the class, so that the caller passes one reference instead of a copy of the tables'
    /// descriptors.
    @inline(never)
    func find(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, key: UInt64, seed: UInt64) -> Int32 {
        table.find(bytes, start, end, key: key, seed: seed)
    }
}

/// The part of a vocabulary look-up that a tokenizer runs inline, with the filter's address and
/// shift held in registers: the key's first word, its seed and the filter test. Most tokens of
/// a text are in no rule and end here, for about a dozen instructions; the rest go on to the
/// probe table: inline for a key of at most 8 bytes (``id(ofShort:length:)``), out of line
/// (``Vocabulary/find(_:_:_:key:seed:)``) for a longer one.
struct VocabularyProbe {
    private let vocabulary: Vocabulary
    private let filter: UnsafeMutablePointer<UInt64>
    private let shift: UInt64
    private let singleByte: UnsafeMutablePointer<Int32>
    private let slots: UnsafeMutablePointer<UInt64>
    private let mask: Int
    private let knownLimit: UInt32

    init(_ vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        knownLimit = UInt32(vocabulary.knownLimit)
        (filter, shift) = vocabulary.table.filterWords
        singleByte = vocabulary.table.singleByte.base
        (slots, mask) = vocabulary.table.probeSlots
    }

    /// The id of the one-byte ASCII key `byte` (below 0x80), or -1.
    @inline(__always)
    func id(ofASCII byte: UInt8) -> Int32 { singleByte[Int(byte & 0x7F)] }

    /// Whether a token with this id (-1 for none) goes on the known list: one comparison.
    @inline(__always)
    func isKnown(_ id: Int32) -> Bool { UInt32(bitPattern: id) < knownLimit }

    /// The id of the key `bytes[start..<end]`, or -1.
    /// - Complexity: O(length / 8) expected; for most keys the vocabulary lacks, one bit test.
    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        id(of: bytes, start, end, key: VocabularyTable.load(bytes, start, min(end &- start, 8)))
    }

    /// The id of a key of 1 to 8 bytes, given as ``VocabularyTable/load(_:_:_:)`` gives them,
    /// or -1: the filter test and the walk of the probe table, all inline. A key the vocabulary
    /// holds costs about 15 instructions more than the filter test, and no call.
    /// - Complexity: O(1) expected.
    @inline(__always)
    func id(ofShort key: UInt64, length: Int) -> Int32 {
        let seed = VocabularyTable.seed(key: key, length: length)
        guard passes(seed) else { return -1 }
        // The key is whole in its first word: no byte is left to compare.
        return VocabularyTable.walk(
            slots, mask: mask, key: key, length: length, hash: VocabularyTable.finished(seed),
            restMatches: { _ in true })
    }

    /// The filter test (``VocabularyTable/mayContain(seed:)``) with the filter held here.
    @inline(__always)
    private func passes(_ seed: UInt64) -> Bool {
        let bit = seed &>> shift
        return (filter[Int(bit &>> 6)] &>> (bit & 63)) & 1 != 0
    }

    /// The id of the key `bytes[start..<end]` whose first eight bytes, as
    /// ``VocabularyTable/load(_:_:_:)`` gives them, are `key`; or -1.
    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, key: UInt64) -> Int32 {
        let seed = VocabularyTable.seed(key: key, length: end &- start)
        guard passes(seed) else { return -1 }
        return vocabulary.find(bytes, start, end, key: key, seed: seed)
    }
}

/// Builds a ``Vocabulary`` by interning keys.
struct VocabularyBuilder {
    fileprivate var table = VocabularyTable()

    var count: Int { table.count }

    /// The id of `key`, adding it when new.
    /// - Complexity: amortized O(length).
    mutating func intern(_ key: [UInt8]) -> Int32 { table.intern(key) }

    /// Gives every key the id `newID[id]`: a permutation of `0..<count`.
    /// - Complexity: O(count).
    mutating func renumber(_ newID: [Int32]) { table.renumber(newID) }
}

/// The tables of a vocabulary: keys in one arena, and a probe table whose 16-byte slots hold a
/// key's first 8 bytes with its id, length and a hash tag, so that a look-up of a key of up to
/// 8 bytes touches one cache line.
struct VocabularyTable {
    private var arena = RawVector<UInt8>()
    private var starts = RawVector<Int32>()
    private var hashes = RawVector<UInt64>()
    private var packedKeys = RawVector<UInt64>()
    private var metas = RawVector<UInt64>()
    /// The probe table, two words a slot: the packed first 8 bytes, then the meta word
    /// (``meta(id:length:hash:)``; 0 marks an empty slot).
    private var slots = RawVector<UInt64>(repeating: 0, count: 128)
    private var mask = 63
    private var seeds = RawVector<UInt64>()
    /// The filter (``mayContain(seed:)``): 8 bits a slot, indexed by a seed's top bits.
    private var filter = RawVector<UInt64>(repeating: 0, count: 8)
    private var filterShift: UInt64 = 64 - 9
    /// The id of every one-byte ASCII key (or -1), indexed by the byte.
    private(set) var singleByte = RawVector<Int32>(repeating: -1, count: 128)

    func free() {
        arena.free()
        starts.free()
        hashes.free()
        seeds.free()
        filter.free()
        packedKeys.free()
        metas.free()
        slots.free()
        singleByte.free()
    }

    var count: Int { starts.count }

    /// `n` (1 to 8) bytes from `start` as a little-endian word, zero-padded: one unaligned load
    /// when 8 bytes are readable there.
    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ n: Int) -> UInt64 {
        if start + 8 <= bytes.count {
            let word = UInt64(
                littleEndian: UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self))
            return n >= 8 ? word : word & ((1 &<< UInt64(8 * n)) &- 1)
        }
        var value: UInt64 = 0
        var k = 0
        while k < n {
            value |= UInt64(bytes[start + k]) << UInt64(8 * k)
            k += 1
        }
        return value
    }

    /// The first hash step of a key: its first 8 bytes (``load(_:_:_:)``) and its length, mixed.
    /// Its top bits index the filter.
    @inline(__always)
    static func seed(key: UInt64, length: Int) -> UInt64 { (key ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15 }

    /// The hash of `bytes[start..<end]` from its ``seed(key:length:)``, 8 bytes at a time.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, seed: UInt64) -> UInt64 {
        var h = seed
        var p = start + 8
        while p < end {
            h ^= h >> 29
            h = (h ^ load(bytes, p, min(end - p, 8))) &* 0x9E37_79B9_7F4A_7C15
            p += 8
        }
        return finished(h)
    }

    /// The last hash step, and the whole hash of a key of at most 8 bytes from its seed.
    @inline(__always)
    static func finished(_ state: UInt64) -> UInt64 {
        var h = state ^ state >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        return h ^ h >> 32
    }

    /// Whether the filter lets a key with this seed through: a bit per seed's top bits, set for
    /// every key, 8 bits a slot. Rejects most absent keys for the cost of one bit test.
    @inline(__always)
    func mayContain(seed: UInt64) -> Bool {
        let bit = seed >> filterShift
        return (filter[Int(bit >> 6)] >> (bit & 63)) & 1 != 0
    }

    /// The meta word of a slot: `id + 1` in the low 32 bits, the length (at most 0xFFFF) in the
    /// next 16 and the hash's top 16 bits above.
    @inline(__always)
    static func meta(id: Int, length: Int, hash: UInt64) -> UInt64 {
        UInt64(id + 1) | (UInt64(min(length, 0xFFFF)) << 32) | (hash & 0xFFFF_0000_0000_0000)
    }

    /// The filter's words and the shift that turns a seed into a bit index of it.
    var filterWords: (UnsafeMutablePointer<UInt64>, UInt64) { (filter.base, filterShift) }

    /// The probe table's words and its slot mask.
    var probeSlots: (UnsafeMutablePointer<UInt64>, Int) { (slots.base, mask) }

    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let length = end - start
        let key = VocabularyTable.load(bytes, start, min(length, 8))
        let seed = VocabularyTable.seed(key: key, length: length)
        guard mayContain(seed: seed) else { return -1 }
        return find(bytes, start, end, key: key, seed: seed)
    }

    /// The id of the key `bytes[start..<end]`, whose first word (``load(_:_:_:)``) and seed are
    /// given, or -1: a walk of the probe table (``Vocabulary/find(_:_:_:key:seed:)`` runs it out
    /// of line for the tokenizer).
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, key: UInt64, seed: UInt64) -> Int32 {
        let length = end - start
        let h = VocabularyTable.hash(bytes, start, end, seed: seed)
        return VocabularyTable.walk(slots.base, mask: mask, key: key, length: length, hash: h) { candidate in
            // Bytes past the first 8, compared with the arena's.
            let base = Int(starts[candidate])
            var k = 8
            while k < length && arena[base + k] == bytes[start + k] { k += 1 }
            return k >= length
        }
    }

    /// The walk of the probe table from the slot of hash `h`: the id in the first slot whose
    /// tag (length and hash bits) and first 8 bytes match `key` and for which
    /// `restMatches(id)` holds (the bytes past the first 8), or -1 at the first empty slot.
    /// Shared by ``find(_:_:_:key:seed:)`` and ``VocabularyProbe/id(ofShort:length:)``.
    /// - Complexity: O(1) expected (the table is at most half full).
    @inline(__always)
    static func walk(
        _ slots: UnsafeMutablePointer<UInt64>, mask: Int, key: UInt64, length: Int, hash h: UInt64,
        restMatches: (Int) -> Bool
    ) -> Int32 {
        let expected = meta(id: -1, length: length, hash: h)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[2 &* slot &+ 1]
            if entry == 0 { return -1 }
            if entry & 0xFFFF_FFFF_0000_0000 == expected && slots[2 &* slot] == key {
                let candidate = Int32(truncatingIfNeeded: entry) &- 1
                if restMatches(Int(candidate)) { return candidate }
            }
            slot = (slot &+ 1) & mask
        }
    }

    mutating func intern(_ key: [UInt8]) -> Int32 {
        key.withUnsafeBufferPointer { buffer in
            let existing = id(of: buffer, 0, buffer.count)
            if existing >= 0 { return existing }
            let key = VocabularyTable.load(buffer, 0, min(buffer.count, 8))
            let seed = VocabularyTable.seed(key: key, length: buffer.count)
            let h = VocabularyTable.hash(buffer, 0, buffer.count, seed: seed)
            let newID = starts.count
            starts.append(Int32(arena.count))
            hashes.append(h)
            seeds.append(seed)
            packedKeys.append(key)
            metas.append(VocabularyTable.meta(id: newID, length: buffer.count, hash: h))
            for byte in buffer { arena.append(byte) }
            if buffer.count == 1 && buffer[0] < 0x80 { singleByte[Int(buffer[0])] = Int32(newID) }
            if starts.count * 2 > mask + 1 { rehash(capacity: (mask + 1) * 2) } else { place(newID) }
            return Int32(newID)
        }
    }

    /// Gives every key the id `newID[id]` (a permutation of `0..<count`). Keys stay in their
    /// slots, so that look-ups probe as before.
    mutating func renumber(_ newID: [Int32]) {
        precondition(newID.count == count, "not a permutation")
        var isTaken = [Bool](repeating: false, count: count)
        for id in newID {
            precondition(id >= 0 && Int(id) < count && !isTaken[Int(id)], "not a permutation")
            isTaken[Int(id)] = true
        }
        func permuted<T>(_ old: RawVector<T>) -> RawVector<T> {
            let new = RawVector<T>(repeating: old[0], count: old.count)
            for id in 0..<old.count { new[Int(newID[id])] = old[id] }
            old.free()
            return new
        }
        guard count > 0 else { return }
        starts = permuted(starts)
        hashes = permuted(hashes)
        seeds = permuted(seeds)
        packedKeys = permuted(packedKeys)
        metas = permuted(metas)
        func withID(_ meta: UInt64, _ id: Int) -> UInt64 { meta & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1) }
        for id in 0..<count { metas[id] = withID(metas[id], id) }
        for slot in 0...mask where slots[2 * slot + 1] != 0 {
            let old = Int(slots[2 * slot + 1] & 0xFFFF_FFFF) - 1
            slots[2 * slot + 1] = withID(slots[2 * slot + 1], Int(newID[old]))
        }
        for byte in 0..<128 where singleByte[byte] >= 0 { singleByte[byte] = newID[Int(singleByte[byte])] }
    }

    private func place(_ id: Int) {
        let bit = seeds[id] >> filterShift
        filter[Int(bit >> 6)] |= 1 << (bit & 63)
        var slot = Int(truncatingIfNeeded: hashes[id]) & mask
        while slots[2 * slot + 1] != 0 { slot = (slot + 1) & mask }
        slots[2 * slot] = packedKeys[id]
        slots[2 * slot + 1] = metas[id]
    }

    private mutating func rehash(capacity: Int) {
        slots.free()
        slots = RawVector(repeating: 0, count: 2 * capacity)
        mask = capacity - 1
        // 8 filter bits a slot: capacity / 8 words.
        filter.free()
        filter = RawVector(repeating: 0, count: capacity / 8)
        filterShift = UInt64(64 - (capacity * 8).trailingZeroBitCount)
        for id in 0..<starts.count { place(id) }
    }
}

/// A growable buffer of plain values in memory its owner frees with ``free()``: indexing costs
/// no bounds check (callers keep indices in range) and no reference count.
struct RawVector<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    /// An empty buffer with room for `capacity` values before it grows.
    init(capacity: Int = 16) {
        self.capacity = max(capacity, 16)
        base = PlainMemory.allocate(count: self.capacity)
    }

    init(repeating value: Element, count: Int) {
        capacity = max(count, 1)
        base = PlainMemory.allocate(count: capacity)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// Drops every value and makes room for at least `capacity` (a new allocation only when
    /// the present one is smaller: nothing is copied).
    mutating func removeAll(reservingCapacity capacity: Int) {
        count = 0
        guard capacity > self.capacity else { return }
        PlainMemory.free(base)
        self.capacity = capacity
        base = PlainMemory.allocate(count: capacity)
    }

    /// Appends a value, doubling the capacity when full.
    /// - Complexity: amortized O(1).
    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: value)
        count += 1
    }

    /// The free slots after the last value, at least one (the capacity doubles first when the
    /// vector is full): the caller initializes a prefix of them, one store a value with no
    /// capacity check, and then counts it with ``didInitialize(upTo:)``.
    mutating func freeSlotsGrowingIfFull() -> (start: UnsafeMutablePointer<Element>, count: Int) {
        if count == capacity { grow() }
        return (base + count, capacity - count)
    }

    /// Counts the values the caller initialized in ``freeSlotsGrowingIfFull()``'s slots, which
    /// end before `end`.
    mutating func didInitialize(upTo end: UnsafeMutablePointer<Element>) { count = end - base }

    /// Appends the values of `buffer` with one copy, growing first if they do not fit.
    /// - Complexity: O(buffer.count), amortized.
    mutating func append(contentsOf buffer: UnsafeBufferPointer<Element>) {
        while count + buffer.count > capacity { grow() }
        if let source = buffer.baseAddress { (base + count).initialize(from: source, count: buffer.count) }
        count += buffer.count
    }

    /// The values, valid until the vector changes or is freed.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    @inline(never)
    private mutating func grow() {
        let grown = PlainMemory.allocate(Element.self, count: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        PlainMemory.free(base)
        base = grown
        capacity *= 2
    }

    func free() { PlainMemory.free(base) }
}

/// A map from 64-bit keys to 64-bit values with open addressing, a key and its value side by side
/// so that a look-up reads one cache line: the trie's transition table. Its owner frees it with
/// ``free()``.
struct TransitionTable {
    /// Two words a slot: the key (``empty`` when the slot is), then the value.
    private var slots = RawVector<UInt64>(repeating: .max, count: 128)
    private var mask = 63
    private(set) var count = 0

    /// The key of an empty slot; no key may equal it.
    private static let empty = UInt64.max
    /// What ``value(for:)`` returns for a missing key; no value may equal it.
    static let missing = UInt64.max

    @inline(__always)
    private static func mix(_ key: UInt64) -> UInt64 {
        var x = key &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 32
        return x
    }

    /// The value stored for `key`, or ``missing``.
    /// - Complexity: O(1) expected (the table is at most half full).
    @inline(__always)
    func value(for key: UInt64) -> UInt64 {
        var slot = Int(truncatingIfNeeded: TransitionTable.mix(key)) & mask
        while true {
            let k = slots[2 &* slot]
            if k == key { return slots[2 &* slot &+ 1] }
            if k == TransitionTable.empty { return TransitionTable.missing }
            slot = (slot &+ 1) & mask
        }
    }

    mutating func set(_ value: UInt64, for key: UInt64) {
        precondition(key != TransitionTable.empty && value != TransitionTable.missing)
        if (count + 1) * 2 > mask + 1 { grow() }
        var slot = Int(truncatingIfNeeded: TransitionTable.mix(key)) & mask
        while slots[2 * slot] != TransitionTable.empty && slots[2 * slot] != key { slot = (slot + 1) & mask }
        if slots[2 * slot] == TransitionTable.empty { count += 1 }
        slots[2 * slot] = key
        slots[2 * slot + 1] = value
    }

    /// Replaces every value `v` with `transform(v)`, which must not be ``missing``.
    mutating func updateValues(_ transform: (UInt64) -> UInt64) {
        for slot in 0...mask where slots[2 * slot] != TransitionTable.empty {
            let value = transform(slots[2 * slot + 1])
            precondition(value != TransitionTable.missing)
            slots[2 * slot + 1] = value
        }
    }

    private mutating func grow() {
        let old = slots
        let oldCapacity = mask + 1
        slots = RawVector(repeating: TransitionTable.empty, count: 4 * oldCapacity)
        mask = 2 * oldCapacity - 1
        count = 0
        for slot in 0..<oldCapacity where old[2 * slot] != TransitionTable.empty {
            set(old[2 * slot + 1], for: old[2 * slot])
        }
        old.free()
    }

    func free() { slots.free() }
}
