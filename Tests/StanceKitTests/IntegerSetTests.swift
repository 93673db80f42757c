import StanceKit
import Testing

@Suite struct IntegerSetTests {
    @Test func emptySetHoldsNothing() {
        let set = IntegerSet()
        #expect(!set.contains(0))
        #expect(!set.contains(12))
    }

    /// Agrees with `Set<Int>` over inserts that repeat members, collide and grow the table
    /// several times (32 slots, then 64, 128, …).
    @Test func agreesWithSetThroughGrowth() {
        var set = IntegerSet()
        var reference = Set<Int>()
        var generator = SystemRandomNumberGenerator()
        for step in 0..<2_000 {
            let value = step % 3 == 0 ? Int.random(in: 0..<50, using: &generator) : step * 4_099 % 70_001
            set.insert(value)
            reference.insert(value)
            if step % 97 == 0 {
                for probe in 0..<300 { #expect(set.contains(probe) == reference.contains(probe)) }
            }
        }
        for value in reference { #expect(set.contains(value)) }
        #expect(set.contains(Int(Int32.max)) == false)
        set.insert(Int(Int32.max))
        #expect(set.contains(Int(Int32.max)))
    }
}
