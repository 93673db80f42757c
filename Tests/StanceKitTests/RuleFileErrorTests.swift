import StanceKit
import Testing

/// Rule-file problems: exact message, line and column, all reported at once.
@Suite struct RuleFileErrorTests {
    static func diagnostics(_ yaml: String) -> [String] { Project.diagnostics(yaml) }

    @Test func everyProblemOfAFileIsListedWithItsLocation() {
        let yaml = """
            version: 2
            entitys: []
            entities:
              - id: lavrov
                type: PERSON
                name: Sergey Lavrov
                titels: [Foreign Minister]
              - id: lavrov
                type: PERSON
                name: ""
              - type: GPE
                name: Russia
                aliases: {a: b}
              - id: "bad id"
                type: 9GPE
                name: X
                given: [Sergei, [x]]
              - just a string
            """
        #expect(
            Self.diagnostics(yaml) == [
                "r.yaml:1:10: error: unsupported version 2; this StanceKit reads version 1",
                "r.yaml:2:1: error: unknown key 'entitys' in the rule file; did you mean 'entities'?",
                "r.yaml:7:5: error: unknown key 'titels' in entity; did you mean 'titles'?",
                "r.yaml:8:9: error: duplicate id 'lavrov' (first defined at line 4)",
                "r.yaml:10:11: error: 'name' must not be empty",
                "r.yaml:11:5: error: entity is missing required key 'id'",
                "r.yaml:13:14: error: 'aliases' must be a list of strings, not a mapping",
                "r.yaml:14:9: error: entity id 'bad id' may use only letters, digits, '-', '_' and '.', and must start with a letter or digit",
                "r.yaml:15:11: error: entity type '9GPE' may use only letters, digits, '-' and '_', and must start with a letter",
                "r.yaml:17:21: error: items of 'given' must be strings, not a list",
                "r.yaml:18:5: error: each entity must be a mapping with 'id', 'type' and 'name', not a scalar",
            ])
    }

    @Test(arguments: [
        (
            "version: 1\nentities:\n  - id: [x\n",
            "r.yaml:4:1: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)"
        ),
        (
            "version: 1\nentities:\n  - id: x\n    name: A\n    name: B\n",
            "r.yaml:5:5: error: duplicate key 'name' (first at line 4); each key may appear once in a mapping, and other problems of this file show once it is fixed"
        ),
        (
            "version: 1\nentities:\n  - id: x\n    type: GPE\n",
            "r.yaml:3:5: error: entity 'x' is missing required key 'name'"
        ),
        ("version: 1\nentities: lots\n", "r.yaml:2:11: error: 'entities' must be a list of entities, not a scalar"),
        ("- a\n- b\n", "r.yaml:1:1: error: a rule file must be a mapping with 'version' and 'entities', not a list"),
        ("", "r.yaml:1:1: error: rule file is empty; it needs 'version: 1' and 'entities:'"),
        ("version: one\nentities: []\n", "r.yaml:1:10: error: 'version' must be the number 1"),
        (
            "version: 1\nentities:\n  - {id: x, name: A, type: GPE, name: B}\n",
            "r.yaml:3:33: error: duplicate key 'name' (first at line 3); each key may appear once in a mapping, and other problems of this file show once it is fixed"
        ),
        (
            "\u{FEFF}version: 1\nentities:\n  - {id: x, type: GPE, name: X}\n  - {id: x, type: GPE, name: Y}\n",
            "r.yaml:4:10: error: duplicate id 'x' (first defined at line 3)"
        ),
        ("version: 1\n", "r.yaml:1:1: warning: the rules define no entities and no topics; annotate will find nothing"),
        (
            "version: 1\nentities:\n  - {id: x, type: GPE, name: X, aliases: [\"a\\tb\"]}\n",
            "r.yaml:3:43: error: 'aliases' may not contain tabs, line breaks or other control characters"
        ),
        (
            "version: 1\nentities:\n  - id: x\n    type: GPE\n    name: X\n    qqq: 1\n",
            "r.yaml:6:5: error: unknown key 'qqq' in entity; expected one of: id, type, name, given, family, titles, aliases, descriptors"
        ),
    ])
    func singleProblem(_ yaml: String, _ expected: String) {
        #expect(Self.diagnostics(yaml) == [expected])
    }

    @Test func warningsDoNotStopLoading() {
        let yaml = """
            entities:
              - id: moscow
                type: GPE
                name: Moscow
                titles: [Mayor]
              - id: moscow-idaho
                type: GPE
                name: Moscow
            """
        let (rules, _) = RuleFileParser.parse(yaml, path: "r.yaml")
        #expect(rules != nil)
        #expect(
            Self.diagnostics(yaml) == [
                "r.yaml:1:1: warning: missing 'version: 1'; assuming version 1",
                "r.yaml:5:13: warning: 'titles' applies to PERSON entities only; ignored for GPE 'moscow'",
                "r.yaml:8:11: warning: surface form 'Moscow' of 'moscow-idaho' is also a form of 'moscow' (line 4); a document resolves it to the entity it named in full first, otherwise marks it ambiguous",
            ])
    }

    @Test func shippedRulesHaveNoProblems() {
        let (rules, diagnostics) = RuleFileParser.load(path: Project.path("rules/summit.yaml"))
        #expect(rules != nil)
        #expect(diagnostics.isEmpty)
        #expect(Project.summit.diagnostics.isEmpty)
    }
}
