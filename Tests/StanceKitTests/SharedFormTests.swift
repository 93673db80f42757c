import StanceKit
import Testing

/// Names and descriptors that several entities share: a document resolves one to the entity it
/// named before, and otherwise marks it ambiguous, with a warning.
@Suite struct SharedFormTests {
    static let rules = Project.compile(
        """
        version: 1
        entities:
          - id: george-bush
            type: PERSON
            name: George W. Bush
            descriptors: [former governor]
          - id: jeb-bush
            type: PERSON
            name: Jeb Bush
            descriptors: [former governor]
        """)

    @Test func aSharedNameResolvesToTheOneEntityNamedBefore() {
        let document = Self.rules.annotate("Jeb Bush spoke. Bush said so.")
        #expect(document.found == ["Jeb Bush=jeb-bush", "Bush=jeb-bush"])
        #expect(document.mentions.map(\.kind) == [.name, .name])
        #expect(document.warnings.isEmpty)
    }

    @Test func aSharedNameIsAmbiguousWhenEveryEntityWasNamed() {
        let document = Self.rules.annotate("George W. Bush met Jeb Bush. Bush said so.")
        #expect(document.found == ["George W. Bush=george-bush", "Jeb Bush=jeb-bush", "Bush=?george-bush|jeb-bush"])
        // The first candidate gives the mention's rule.
        #expect(document.mentions.last?.rule.id == "george-bush")
        #expect(
            document.warnings.map(\.message) == [
                "ambiguous name 'Bush': could be george-bush, jeb-bush; all of them named before"
            ])
    }

    @Test func aSharedDescriptorCountsOnlyForAnEntityNamedBefore() {
        #expect(Self.rules.annotate("The former governor said so.").mentions.isEmpty)
        let document = Self.rules.annotate("Jeb Bush spoke. The former governor said so.")
        #expect(document.found == ["Jeb Bush=jeb-bush", "former governor=jeb-bush"])
        #expect(document.mentions.map(\.kind) == [.name, .descriptor])
        #expect(document.warnings.isEmpty)
    }

    @Test func aSharedDescriptorIsAmbiguousWhenEveryEntityWasNamed() {
        let document = Self.rules.annotate("George W. Bush met Jeb Bush. The former governor said so.")
        #expect(
            document.found == [
                "George W. Bush=george-bush", "Jeb Bush=jeb-bush", "former governor=?george-bush|jeb-bush",
            ])
        #expect(document.mentions.last?.kind == .descriptor)
        #expect(
            document.warnings.map(\.message) == [
                "ambiguous descriptor 'former governor': could be george-bush, jeb-bush; all of them named before"
            ])
    }
}
