import StanceKit
import Testing

/// ``IDSet`` against `Set<String>`: the same answers for every insert, across its doublings.
@Suite struct IDSetTests {
    @Test func answersLikeASetOfStringsAcrossDoublings() {
        var random = SplitMix(seed: 20_261_121)
        // With the scalars that canonically decompose to ASCII ("\u{212A}" == "K") and an ASCII
        // letter with a combining mark (which is not ASCII any more).
        let pieces = [
            "reut-", "d", "0", "7", "\u{E9}", "\u{1F600}", "e\u{0301}", "/", "long-id-of-many-bytes-", "", "K",
            "\u{212A}", ";", "\u{037E}", "`", "\u{1FEF}", "K\u{0301}", "\u{1E30}",
        ]
        var ids = IDSet()
        var reference: Set<String> = []
        var repeats = 0
        for _ in 0..<50_000 {
            let id =
                (0..<Int(random.next() % 3)).map { _ in random.pick(pieces) }.joined()
                + String(random.next() % 3_000)
            let isNew = ids.insert(id)
            #expect(isNew == reference.insert(id).inserted, "\(id.debugDescription)")
            if !isNew { repeats += 1 }
        }
        #expect(ids.count == reference.count)
        // Many ids came again, so both answers were exercised.
        #expect(repeats > 5_000 && reference.count > 10_000)
        // The empty id and ids that differ only past their first 8 bytes.
        var edge = IDSet()
        #expect(edge.insert("") && !edge.insert(""))
        #expect(edge.insert("abcdefgh-1") && edge.insert("abcdefgh-2") && !edge.insert("abcdefgh-1"))
    }
}
