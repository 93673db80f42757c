import Testing

@testable import StanceKit

/// The trie walk skips look-ups by a 16-bit filter of each node's edges and reads its first tokens
/// from a table over a range of ids; these tests hold it to a comparison of the tokens with every
/// entry, and the vocabulary's renumbering to the keys it had.
@Suite struct TokenTrieTests {
    typealias Keys = [(id: Int32, spaceBefore: Bool)]

    /// Entries over a few ids, so that prefixes are shared, nodes have many children and filter
    /// bits collide; walked from every token of random texts.
    @Test func findsWhatComparingEveryEntryFinds() {
        var random = SplitMix(seed: 20_261_122)
        let base: Int32 = 37
        var entries: [(keys: Keys, payload: Int32)] = []
        for payload in 0..<3_000 {
            let keys = (0..<(1 + Int(random.next() % 4))).map { _ in
                (id: base + Int32(random.next() % 24), spaceBefore: random.next() % 4 != 0)
            }
            entries.append((keys, Int32(payload)))
            // Some entries twice, with another payload: two payloads at one node.
            if random.next() % 10 == 0 { entries.append((keys, Int32(10_000 + payload))) }
        }
        let trie = TokenTrie(entries: entries)
        var bySignature: [[Int64]: [Int32]] = [:]
        for entry in entries { bySignature[TokenTrieTests.signature(entry.keys), default: []].append(entry.payload) }
        let firstIDs = Set(entries.map { $0.keys[0].id })
        var ends: [(token: Int, node: Int32)] = []
        var walks = 0
        var longest = 0
        for _ in 0..<300 {
            let tokens = (0..<40).map { k in
                let roll = random.next() % 30
                let id: Int32 = roll == 0 ? -1 : roll == 1 ? base - 1 : roll == 2 ? base + 24 : base + Int32(roll % 24)
                let flags = Token.wordFlag | (random.next() % 4 != 0 ? Token.spaceFlag : 0)
                return Token(start: Int32(k * 2), end: Int32(k * 2 + 1), id: id, flags: flags)
            }
            tokens.withUnsafeBufferPointer { buffer in
                for start in buffer.indices {
                    let expected = TokenTrieTests.matches(bySignature, from: start, in: buffer)
                    #expect(trie.starts(with: buffer[start].id) == firstIDs.contains(buffer[start].id))
                    let found = trie.matches(from: start, tokens: buffer, into: &ends)
                    let got = ends[..<found].map { (end: $0.token, payloads: Array(trie.payloads(of: $0.node))) }
                    #expect(got.map(\.end) == expected.map(\.end))
                    #expect(got.map(\.payloads) == expected.map(\.payloads))
                    walks += 1
                    longest = max(longest, found)
                }
            }
        }
        // Walks that matched several entries, so that deep nodes were reached.
        #expect(walks == 12_000 && longest >= 3)
        #expect(!trie.starts(with: -1) && !trie.starts(with: base - 1) && !trie.starts(with: base + 24))
    }

    /// An entry's keys as numbers, the space flag counting from the second key on.
    static func signature(_ keys: [(id: Int32, spaceBefore: Bool)]) -> [Int64] {
        keys.enumerated().map { k, key in Int64(key.id) * 2 + (k > 0 && key.spaceBefore ? 1 : 0) }
    }

    /// The entries matching the tokens from `start`, shortest first, with their payloads in entry
    /// order: the tokens' signatures of every length, looked up among the entries'.
    static func matches(
        _ entries: [[Int64]: [Int32]], from start: Int, in tokens: UnsafeBufferPointer<Token>
    ) -> [(end: Int, payloads: [Int32])] {
        var result: [(end: Int, payloads: [Int32])] = []
        for length in 1...4 where start + length <= tokens.count {
            let keys = tokens[start..<(start + length)].map { (id: $0.id, spaceBefore: $0.spaceBefore) }
            if let payloads = entries[signature(keys)] { result.append((start + length - 1, payloads)) }
        }
        return result
    }

    /// Keys of every length around the 8-byte word, renumbered: each still finds its key, and the
    /// first tokens of entity entries, then of cue entries, are ranges of ids.
    @Test func renumberingKeepsEveryKeyAndRangesFirstTokens() {
        var random = SplitMix(seed: 7)
        let letters = Array("abcdefghij.,'\u{E9}".utf8)
        var builder = VocabularyBuilder()
        var keys: [[UInt8]] = []
        var ids: [Int32] = []
        for _ in 0..<5_000 {
            let key = (0..<(1 + Int(random.next() % 13))).map { _ in random.pick(letters) }
            let id = builder.intern(key)
            if Int(id) == keys.count {
                keys.append(key)
            }
            ids.append(id)
        }
        let count = builder.count
        #expect(count == keys.count && count > 3_000)
        func entries(_ n: Int) -> [Keys] {
            (0..<n).map { _ in
                (0..<(1 + Int(random.next() % 3))).map { _ in (Int32(random.next() % UInt64(count)), true) }
            }
        }
        let entity = entries(900)
        let cue = entries(300)
        // Ids a pass looks for besides first tokens (the apostrophe, the quotation mark).
        let alsoKnown = (0..<5).map { _ in Int32(random.next() % UInt64(count)) }
        let (newID, knownLimit) = CompiledRules.firstTokensFirst(
            entity: entity, cue: cue, count: count, alsoKnown: alsoKnown)
        #expect(Set(newID) == Set(0..<Int32(count)))
        // The ids below the limit are exactly the first tokens and those looked for.
        let passStarts = Set((entity + cue).map { $0[0].id } + alsoKnown)
        #expect(Set(newID.indices.filter { newID[$0] < knownLimit }.map(Int32.init)) == passStarts)
        builder.renumber(newID)
        // Keys interned after the renumbering take the next ids, and enough of them to grow the
        // table, which places every key again by its renumbered hash and seed.
        var later: [[UInt8]] = []
        while builder.count < 2 * count {
            let key = (0..<(14 + Int(random.next() % 6))).map { _ in random.pick(letters) }
            if Int(builder.intern(key)) == count + later.count { later.append(key) }
        }
        let vocabulary = Vocabulary(builder)
        let probe = VocabularyProbe(vocabulary)
        for (old, key) in keys.enumerated() {
            let found = key.withUnsafeBufferPointer { probe.id(of: $0, 0, $0.count) }
            #expect(found == newID[old], "\(key)")
            if key.count == 1 && key[0] < 0x80 { #expect(probe.id(ofASCII: key[0]) == newID[old]) }
        }
        for (k, key) in later.enumerated() {
            #expect(key.withUnsafeBufferPointer { probe.id(of: $0, 0, $0.count) } == Int32(count + k))
        }
        let absent = Array("kkkkkkkkkkkk".utf8)
        #expect(absent.withUnsafeBufferPointer { probe.id(of: $0, 0, $0.count) } == -1)
        // Entity first tokens are 0..<e; cue first tokens are one range after the entity-only ones.
        let entityFirst = Set(entity.map { newID[Int($0[0].id)] })
        let cueFirst = Set(cue.map { newID[Int($0[0].id)] })
        #expect(entityFirst == Set(0..<Int32(entityFirst.count)))
        let cueLow = cueFirst.min()!
        #expect(cueFirst == Set(cueLow..<(cueLow + Int32(cueFirst.count))))
        #expect(!entityFirst.isDisjoint(with: cueFirst))
    }
}
