import StanceKit
import Testing

/// Short sentences of our own (none from the seeds), one behaviour each.
@Suite struct StanceTableTests {
    static let rules = Project.compile(
        """
        version: 1
        entities:
          - {id: merkel, type: PERSON, name: Angela Merkel}
          - {id: macron, type: PERSON, name: Emmanuel Macron}
          - {id: nato, type: ORG, name: NATO}
          - {id: eu, type: ORG, name: European Union, aliases: [EU]}
          - {id: france, type: GPE, name: France}
          - {id: germany, type: GPE, name: Germany}
          - {id: china, type: GPE, name: China}
          - {id: brazil, type: GPE, name: Brazil}
        topics:
          - {id: sanctions, names: [sanctions]}
          - {id: tariffs, names: [tariffs]}
          - {id: climate-deal, names: [climate deal]}
        stance:
          cues:
            - {id: support, words: [support, accept, welcome, praise], polarity: favor}
            - {id: reject, words: [reject, oppose, criticize], polarity: against}
            - id: urge
              words: [urge]
              polarity: favor
              patterns: ["{holder} urge ... to ... {target}"]
            - {id: meet, phrases: [plans to meet], polarity: favor, negation: cancel}
            - {id: frustration, phrases: [frustration with], polarity: against}
            - {id: obstruction, phrases: [avoid diplomacy, blocking progress], polarity: against}
        """)

    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        /// "holder polarity target" for every stance, in text order.
        var stances: [String]
        /// Speaker entity of every quote in text order ("-" for none), when checked.
        var speakers: [String]? = nil
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        // A semicolon stops the search for a subject; U+037E GREEK QUESTION MARK is canonically a
        // semicolon and must stop it too.
        Case(text: "Merkel arrived, rejected the tariffs.", stances: ["merkel against tariffs"]),
        Case(text: "Merkel arrived; rejected the tariffs.", stances: []),
        Case(text: "Merkel arrived\u{037E} rejected the tariffs.", stances: []),
        // Attribution forms.
        Case(
            text: "\"We support the sanctions,\" Merkel said.", stances: ["merkel favor sanctions"],
            speakers: ["merkel"]),
        Case(
            text: "Merkel said: \"We reject the tariffs.\"", stances: ["merkel against tariffs"], speakers: ["merkel"]),
        Case(
            text: "\"We reject the tariffs,\" said Macron.", stances: ["macron against tariffs"], speakers: ["macron"]),
        Case(
            text: "Macron said \"France supports the climate deal.\"", stances: ["france favor climate-deal"],
            speakers: ["macron"]),
        Case(
            text: "\"China supports the tariffs,\" Macron wrote.", stances: ["china favor tariffs"],
            speakers: ["macron"]),
        Case(
            text: "Merkel told reporters that Germany rejected the tariffs.", stances: ["germany against tariffs"],
            speakers: ["merkel"]),
        Case(
            text: "Macron told reporters Tuesday that France would support the sanctions.",
            stances: ["france favor sanctions"], speakers: ["macron"]),
        Case(
            text: "According to Macron, Germany opposes the tariffs.", stances: ["germany against tariffs"],
            speakers: ["macron"]),
        Case(
            text: "Germany opposes the tariffs, according to Macron.", stances: ["germany against tariffs"],
            speakers: ["macron"]),
        Case(text: "\"We oppose the sanctions,\" the official said.", stances: [], speakers: ["-"]),
        Case(text: "\"We reject the tariffs,\" a Merkel spokesman said.", stances: [], speakers: ["-"]),
        // Curly quotes.
        Case(
            text: "\u{201C}We will never accept the sanctions,\u{201D} Merkel told reporters.",
            stances: ["merkel against sanctions"], speakers: ["merkel"]),
        Case(
            text: "Macron said: \u{201C}Germany rejected the tariffs.\u{201D}", stances: ["germany against tariffs"],
            speakers: ["macron"]),
        Case(
            text: "\u{201C}Brazil is blocking progress,\u{201D} Merkel wrote.", stances: ["merkel against brazil"],
            speakers: ["merkel"]),
        // Pronoun speakers and holders.
        Case(
            text: "Merkel spoke on Monday. \"We welcome the climate deal,\" she said.",
            stances: ["merkel favor climate-deal"], speakers: ["merkel"]),
        Case(
            text: "Macron arrived late. \"NATO is again doing everything to avoid diplomacy,\" he said.",
            stances: ["macron against nato"], speakers: ["macron"]),
        Case(
            text: "Merkel told reporters she supports the sanctions.", stances: ["merkel favor sanctions"],
            speakers: ["merkel"]),
        Case(text: "Macron spoke. He rejected the tariffs.", stances: ["macron against tariffs"]),
        Case(text: "Merkel met Macron in Paris. She praised France.", stances: ["merkel favor france"]),
        Case(text: "Macron spoke. He urged Germany to adopt the climate deal.", stances: ["macron favor climate-deal"]),
        // Negation flips or cancels.
        Case(text: "Germany did not support the sanctions.", stances: ["germany against sanctions"]),
        Case(text: "France never accepted the tariffs.", stances: ["france against tariffs"]),
        Case(text: "Brazil didn't reject the climate deal.", stances: ["brazil favor climate-deal"]),
        Case(text: "Brazil didn\u{2019}t reject the climate deal.", stances: ["brazil favor climate-deal"]),
        Case(text: "Brazil cannot accept the tariffs.", stances: ["brazil against tariffs"]),
        Case(text: "China refused to support the sanctions.", stances: ["china against sanctions"]),
        Case(text: "Merkel has no plans to meet Macron.", stances: []),
        Case(text: "Merkel plans to meet Macron.", stances: ["merkel favor macron"]),
        // Patterns with gaps.
        Case(
            text: "Merkel urged the European Union to adopt the climate deal.", stances: ["merkel favor climate-deal"]),
        Case(
            text: "Merkel urged the EU and France to quickly adopt the climate deal.",
            stances: ["merkel favor climate-deal"]),
        Case(
            text: "Merkel urged the leaders of the many small and large member countries to adopt the climate deal.",
            stances: []),
        // Passive voice.
        Case(text: "The climate deal was rejected by Brazil.", stances: ["brazil against climate-deal"]),
        Case(text: "The sanctions were strongly criticized by Macron.", stances: ["macron against sanctions"]),
        Case(text: "The tariffs were rejected.", stances: []),
        // Two stances in one sentence.
        Case(
            text: "Merkel praised France but criticized China.",
            stances: ["merkel favor france", "merkel against china"]),
        Case(
            text: "Germany supports the sanctions and France opposes the tariffs.",
            stances: ["germany favor sanctions", "france against tariffs"]),
        // A cue with no entity gives no stance.
        Case(text: "Many people reject the idea.", stances: []),
        Case(text: "The proposal was welcomed.", stances: []),
        // Targets: possessors, antecedents, plain objects.
        Case(text: "Brazil accepted Germany's climate deal.", stances: ["brazil favor climate-deal"]),
        Case(
            text: "Germany proposed the climate deal, but China rejected it.", stances: ["china against climate-deal"]),
        Case(text: "Germany criticized China.", stances: ["germany against china"]),
        Case(text: "Germany rejected the EU climate deal.", stances: ["germany against climate-deal"]),
        Case(text: "NATO welcomed the climate deal.", stances: ["nato favor climate-deal"]),
        Case(text: "Macron expressed frustration with China.", stances: ["macron against china"]),
        // Unbalanced quotes neither crash nor swallow the rest.
        Case(
            text: "\"We reject the tariffs, Merkel said. France supports the sanctions.",
            stances: ["france favor sanctions"], speakers: []),
        Case(
            text: "Merkel said: \"We reject the tariffs.\nFrance opposes the sanctions.",
            stances: ["france against sanctions"], speakers: []),
        Case(
            text: "France supports the sanctions.\u{201D} Germany criticized China.",
            stances: ["france favor sanctions", "germany against china"], speakers: []),
    ]

    @Test(arguments: cases)
    func stance(_ testCase: Case) {
        let document = Self.rules.annotate(testCase.text)
        let found = document.stances.map { stance in
            "\(document.mentions[stance.holder].entity ?? "?") \(stance.polarity.rawValue) \(document.mentions[stance.target].entity ?? "?")"
        }
        #expect(found == testCase.stances)
        if let speakers = testCase.speakers {
            #expect(document.quotes.map { $0.speaker.map { document.mentions[$0].entity ?? "?" } ?? "-" } == speakers)
        }
    }

    @Test func tableHasAtLeastFortySentences() {
        #expect(Self.cases.count >= 40)
    }

    @Test func pronounHolderIsAMentionOfItsOwn() throws {
        let document = Self.rules.annotate("Macron spoke. He rejected the tariffs.")
        let stance = try #require(document.stances.first)
        let holder = document.mentions[stance.holder]
        #expect(holder.kind == .pronoun)
        #expect(document.source.surface(holder.span) == "He")
        #expect(stance.holderSource == .pronoun)
    }

    @Test func negatedStanceIsMarked() throws {
        let stance = try #require(Self.rules.annotate("France never accepted the tariffs.").stances.first)
        #expect(stance.negated)
        #expect(stance.rule == RuleReference(id: "support", variant: "word", line: 17))
    }
}
