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

    /// Three entities share "Smith"; the first in the rule file sorts last by id.
    static let smiths = Project.compile(
        """
        version: 1
        entities:
          - {id: zeta-smith, type: PERSON, name: Jane Smith}
          - {id: alpha-smith, type: PERSON, name: Al Smith}
          - {id: beta-smith, type: ORG, name: Beta Smith Holdings, aliases: [Smith]}
          - {id: gov-office, type: ORG, name: Governor's Office, aliases: [Governor]}
          - {id: jeb-bush, type: PERSON, name: Jeb Bush, descriptors: [Governor]}
          - {id: ukraine, type: GPE, name: Ukraine, aliases: [Republic of Ukraine]}
        topics:
          - {id: ukraine-war, names: [Ukraine]}
        """)

    @Test func anAmbiguousMentionListsOnlyTheEntitiesNamedAndTakesTheFirstInRuleFileOrder() {
        let document = Self.smiths.annotate("Jane Smith met Beta Smith Holdings. Smith said so.")
        let last = document.mentions.last
        #expect(last?.candidates == ["beta-smith", "zeta-smith"])
        #expect(last?.entity == nil)
        #expect(last?.kind == .name)
        // The first candidate in the rule file's order gives the type and the rule.
        #expect(last?.type == "PERSON")
        #expect(last?.rule.id == "zeta-smith")
        #expect(
            document.warnings.map(\.message) == [
                "ambiguous name 'Smith': could be beta-smith, zeta-smith; all of them named before"
            ])
    }

    @Test func theOneNameAtANodeWinsOverADescriptorThere() {
        let document = Self.smiths.annotate("Jeb Bush spoke. Governor said so.")
        #expect(document.found == ["Jeb Bush=jeb-bush", "Governor=gov-office"])
        #expect(document.mentions.map(\.kind) == [.name, .name])
    }

    @Test func aTopicSharingANameIsNeverNamedAndMakesTheNameAmbiguous() {
        let ambiguous = Self.smiths.annotate("Ukraine said so.")
        #expect(ambiguous.found == ["Ukraine=?ukraine|ukraine-war"])
        // An ambiguous mention is a name, even with a topic among its candidates.
        #expect(ambiguous.mentions.first?.kind == .name)
        #expect(ambiguous.mentions.first?.type == "GPE")
        let resolved = Self.smiths.annotate("The Republic of Ukraine spoke. Ukraine said so.")
        #expect(resolved.found == ["Republic of Ukraine=ukraine", "Ukraine=ukraine"])
        #expect(resolved.warnings.isEmpty)
    }
}
