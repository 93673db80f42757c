import StanceKit
import Testing

/// Table tests of generated surface forms, run through the engine on short texts.
@Suite struct VariantGenerationTests {
    static let rules = Project.compile(
        """
        version: 1
        entities:
          - id: lavrov
            type: PERSON
            name: Sergey Lavrov
            given: [Sergei]
            titles: [Foreign Minister, Russian Foreign Minister]
            descriptors: [Russia's top diplomat]
          - id: rubio
            type: PERSON
            name: Marco Rubio
            titles: [Secretary of State, Secretary]
          - id: zelenskyy
            type: PERSON
            name: Volodymyr Zelenskyy
            family: [Zelensky, Zelenskiy]
            descriptors: [Ukrainian leader]
          - id: george-bush
            type: PERSON
            name: George W. Bush
          - id: jeb-bush
            type: PERSON
            name: Jeb Bush
          - id: united-states
            type: GPE
            name: United States
            aliases: [U.S., US]
          - id: russia
            type: GPE
            name: Russia
          - {id: mlk, type: PERSON, name: Martin Luther King Jr.}
          - {id: vdl, type: PERSON, name: Ursula von der Leyen, family: [von der Leyen]}
          - {id: xi, type: PERSON, name: Xi Jinping, family: [Xi], titles: [Chinese President]}
          - {id: cafe, type: ORG, name: "Café Müller"}
          - {id: ngo, type: ORG, name: "Sa\\u0301nchez Foundation"}
        """)

    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: [String]
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(text: "Sergei Lavrov arrived.", expected: ["Sergei Lavrov=lavrov"]),
        Case(text: "Sergey Lavrov arrived.", expected: ["Sergey Lavrov=lavrov"]),
        Case(text: "Then Foreign Minister Lavrov spoke.", expected: ["Foreign Minister Lavrov=lavrov"]),
        Case(text: "He met foreign minister Sergey Lavrov.", expected: ["foreign minister Sergey Lavrov=lavrov"]),
        Case(
            text: "Russian Foreign Minister Sergei Lavrov said",
            expected: ["Russian Foreign Minister Sergei Lavrov=lavrov"]),
        Case(text: "Lavrov's remarks", expected: ["Lavrov=lavrov"]),
        Case(text: "Lavrov\u{2019}s remarks", expected: ["Lavrov=lavrov"]),
        Case(text: "the Rubio-Lavrov call", expected: ["Rubio=rubio", "Lavrov=lavrov"]),
        Case(text: "President Zelenskiy said", expected: ["Zelenskiy=zelenskyy"]),
        Case(text: "Zelensky and Zelenskyy", expected: ["Zelensky=zelenskyy", "Zelenskyy=zelenskyy"]),
        Case(
            text: "Secretary of State Marco Rubio and Secretary Rubio",
            expected: ["Secretary of State Marco Rubio=rubio", "Secretary Rubio=rubio"]),
        // Possessive inside a descriptor, both apostrophes.
        Case(text: "Lavrov, Russia's top diplomat, said", expected: ["Lavrov=lavrov", "Russia's top diplomat=lavrov"]),
        Case(
            text: "Lavrov, Russia\u{2019}s top diplomat, said",
            expected: ["Lavrov=lavrov", "Russia\u{2019}s top diplomat=lavrov"]),
        // A descriptor counts only once its entity was named.
        Case(text: "The Ukrainian leader arrived. Zelenskyy spoke.", expected: ["Zelenskyy=zelenskyy"]),
        Case(
            text: "Zelenskyy arrived. The Ukrainian leader spoke.",
            expected: ["Zelenskyy=zelenskyy", "Ukrainian leader=zelenskyy"]),
        // A shared family name: resolved by an earlier full mention, else ambiguous.
        Case(text: "Bush spoke.", expected: ["Bush=?george-bush|jeb-bush"]),
        Case(text: "Jeb Bush arrived. Later Bush spoke.", expected: ["Jeb Bush=jeb-bush", "Bush=jeb-bush"]),
        Case(
            text: "George W. Bush arrived. Bush spoke.", expected: ["George W. Bush=george-bush", "Bush=george-bush"]),
        Case(
            text: "Bush spoke before Jeb Bush arrived.", expected: ["Bush=?george-bush|jeb-bush", "Jeb Bush=jeb-bush"]),
        // Aliases are case-sensitive and need their periods.
        Case(text: "the U.S. and the US but not us", expected: ["U.S.=united-states", "US=united-states"]),
        // Words are whole tokens: no match inside a longer word.
        Case(text: "Russian Russians Russia", expected: ["Russia=russia"]),
        // Lower-case title styles keep a leading nationality; sentence-initial titles match.
        Case(
            text: "Russian foreign minister Sergei Lavrov spoke.",
            expected: ["Russian foreign minister Sergei Lavrov=lavrov"]),
        Case(text: "Foreign minister Sergei Lavrov spoke.", expected: ["Foreign minister Sergei Lavrov=lavrov"]),
        // Family names: generational suffixes, several words, family first.
        Case(
            text: "Martin Luther King Jr. and King and Martin Luther King",
            expected: ["Martin Luther King Jr.=mlk", "King=mlk", "Martin Luther King=mlk"]),
        Case(text: "Donald Trump Jr. spoke.", expected: []),
        Case(
            text: "Ursula von der Leyen, then von der Leyen",
            expected: ["Ursula von der Leyen=vdl", "von der Leyen=vdl"]),
        Case(text: "Chinese President Xi Jinping, then Xi", expected: ["Chinese President Xi Jinping=xi", "Xi=xi"]),
        // NFC and NFD spellings match either way; the surface is the text's own.
        Case(text: "at Cafe\u{301} Mu\u{308}ller today", expected: ["Cafe\u{301} Mu\u{308}ller=cafe"]),
        Case(text: "at Caf\u{E9} M\u{FC}ller today", expected: ["Caf\u{E9} M\u{FC}ller=cafe"]),
        Case(text: "the S\u{E1}nchez Foundation", expected: ["S\u{E1}nchez Foundation=ngo"]),
        // Longest match wins and mentions never overlap.
        Case(text: "United States", expected: ["United States=united-states"]),
    ]

    @Test(arguments: cases)
    func variant(_ testCase: Case) {
        #expect(Self.rules.annotate(testCase.text).found == testCase.expected)
    }

    @Test func ambiguousMentionIsAWarningNotAGuess() {
        let document = Self.rules.annotate("Bush spoke.")
        #expect(document.mentions.first?.entity == nil)
        #expect(document.mentions.first?.candidates == ["george-bush", "jeb-bush"])
        #expect(
            document.warnings.map(\.message) == [
                "ambiguous name 'Bush': could be george-bush, jeb-bush; none of them named before"
            ])
    }

    @Test func generatedFormsIncludeEveryCombination() {
        let surfaces = Set(
            Self.rules.forms.filter { Self.rules.rules.entities[$0.entityIndex].id.value == "lavrov" }.map(\.surface))
        for expected in [
            "Sergey Lavrov", "Sergei Lavrov", "Lavrov", "Foreign Minister Lavrov", "foreign minister Lavrov",
            "Foreign Minister Sergey Lavrov", "Russian Foreign Minister Sergei Lavrov",
            "russian foreign minister Lavrov",
            "Russia's top diplomat", "Russia\u{2019}s top diplomat",
        ] {
            #expect(surfaces.contains(expected), "\(expected)")
        }
    }

    @Test func mentionRecordsItsRuleAndLine() throws {
        let mention = try #require(Self.rules.annotate("Foreign Minister Lavrov").mentions.first)
        #expect(mention.rule == RuleReference(id: "lavrov", variant: "title+family", line: 7))
        #expect(mention.kind == .name)
        #expect(mention.type == "PERSON")
    }

    @Test func sharedSurfaceFormIsACheckWarning() {
        let warnings = Self.rules.diagnostics.map(\.description)
        #expect(
            warnings.contains {
                $0.hasPrefix(
                    "test.yaml:23:11: warning: surface form 'Bush' of 'jeb-bush' is also a form of 'george-bush' (line 20)"
                )
            })
    }
}
