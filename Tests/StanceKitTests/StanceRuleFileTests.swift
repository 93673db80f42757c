import Foundation
import StanceKit
import Testing

/// The topics and stance sections of a rule file, and includes: errors with line and column.
@Suite struct StanceRuleFileTests {
    static func diagnostics(_ yaml: String) -> [String] { Project.diagnostics(yaml) }

    @Test func badCuesAndPatternsAreLocated() {
        let yaml = """
            version: 1
            stance:
              cues:
                - id: reject
                  words: [reject]
                  polarity: agianst
                - id: urge
                  word: [urge]
                  polarity: favor
                - id: praise
                  words: [praise]
                  polarity: favor
                  negation: reverse
                  patterns:
                    - "{holder} praise ... {targte}"
                    - "{holder} hails {target}"
                    - "... praise {target}"
                    - "{holder} praise ...20 {target}"
                    - praise
                    - "{holder} praise ... to ... for ... with ... {target}"
                - id: reject
                  phrases: [turn down]
                  polarity: against
              negators: not
              extra: 1
            topics:
              - id: ceasefire
              - names: [truce]
            """
        #expect(
            Self.diagnostics(yaml) == [
                "r.yaml:6:17: error: 'polarity' must be 'favor' or 'against', not 'agianst'; did you mean 'against'?",
                "r.yaml:7:7: error: cue 'urge' needs 'words' or 'phrases'",
                "r.yaml:8:7: error: unknown key 'word' in cue; did you mean 'words'?",
                "r.yaml:13:17: error: 'negation' must be 'flip' or 'cancel', not 'reverse'",
                "r.yaml:15:32: error: unknown slot '{targte}' in pattern; use {holder} or {target}",
                "r.yaml:16:12: error: pattern of cue 'praise' must contain one of its words or phrases",
                "r.yaml:17:12: error: a pattern may not start with a gap",
                "r.yaml:18:28: error: a gap is '...' (up to 4 tokens) or '...N' with N from 1 to 12, not '...20'",
                "r.yaml:19:11: error: a pattern needs a {holder} or a {target} slot",
                "r.yaml:20:12: error: a pattern may have at most 3 gaps",
                "r.yaml:21:11: error: duplicate cue id 'reject' (first defined at line 4)",
                "r.yaml:25:3: error: unknown key 'extra' in stance; expected one of: negators, attribution, cues",
                "r.yaml:27:5: error: topic 'ceasefire' is missing required key 'names'",
                "r.yaml:28:5: error: topic is missing required key 'id'",
            ])
    }

    @Test func includesMergeAndReportTheirOwnFile() throws {
        let folder = NSTemporaryDirectory() + "stancekit-include-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: "\(folder)/lex", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "version: 1\ninclude: [lex/cues.yaml]\nentities:\n  - {id: x, type: GPE, name: Xland}\n".write(
            toFile: "\(folder)/main.yaml", atomically: true, encoding: .utf8)
        try
            "stance:\n  cues:\n    - {id: hail, words: [hail], polarity: favour}\n    - {id: ok, words: [back], polarity: favor}\n"
            .write(toFile: "\(folder)/lex/cues.yaml", atomically: true, encoding: .utf8)
        let (rules, diagnostics) = RuleFileParser.load(path: "\(folder)/main.yaml")
        #expect(rules == nil)
        #expect(
            diagnostics.map(\.description) == [
                "\(folder)/lex/cues.yaml:3:43: error: 'polarity' must be 'favor' or 'against', not 'favour'; did you mean 'favor'?"
            ])

        try "stance:\n  cues:\n    - {id: ok, words: [back], polarity: favor}\n".write(
            toFile: "\(folder)/lex/cues.yaml", atomically: true, encoding: .utf8)
        let (merged, _) = RuleFileParser.load(path: "\(folder)/main.yaml")
        let loaded = try #require(merged)
        #expect(loaded.cues.map(\.id.value) == ["ok"])
        #expect(loaded.entities.map(\.id.value) == ["x"])
        #expect(loaded.includes.map(\.path) == ["\(folder)/lex/cues.yaml"])
    }

    @Test func includeCyclesAndMissingFilesAreErrors() throws {
        let folder = NSTemporaryDirectory() + "stancekit-cycle-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "version: 1\ninclude: [b.yaml, missing.yaml]\n".write(
            toFile: "\(folder)/a.yaml", atomically: true, encoding: .utf8)
        try "include: [a.yaml]\n".write(toFile: "\(folder)/b.yaml", atomically: true, encoding: .utf8)
        let (_, diagnostics) = RuleFileParser.load(path: "\(folder)/a.yaml")
        #expect(
            diagnostics.map(\.description) == [
                "\(folder)/a.yaml:2:19: error: cannot read included file 'missing.yaml': No such file or directory",
                "\(folder)/b.yaml:1:11: error: include cycle: a.yaml → b.yaml → a.yaml",
            ])
    }

    @Test func shippedLexiconLoadsAsAnInclude() throws {
        let (rules, diagnostics) = RuleFileParser.parse(
            "version: 1\ninclude: [english-cues.yaml]\nentities: [{id: x, type: GPE, name: X}]\n",
            path: Project.path("rules/inline.yaml"))
        #expect(diagnostics.isEmpty)
        let cues = try #require(rules).cues
        #expect(cues.map(\.id.value) == ["english-favor", "english-against"])
        #expect(cues[0].words.count > 2000 && cues[1].words.count > 2000)
    }

    @Test(arguments: [
        ("urge", ["urge", "urges", "urged", "urging"]),
        ("deny", ["deny", "denies", "denied", "denying"]),
        ("stop", ["stop", "stops", "stopped", "stopping"]),
        ("criticize", ["criticize", "criticizes", "criticized", "criticizing"]),
        ("say", ["say", "says", "saying", "said"]),
        ("dismiss", ["dismiss", "dismisses", "dismissed", "dismissing"]),
    ])
    func cueWordsMatchTheirInflections(_ word: String, _ expected: [String]) {
        let rules = Project.compile(
            "version: 1\nentities: []\nstance:\n  cues:\n    - {id: c, words: [\(word)], polarity: favor}\n")
        let surfaces = Set(rules.cueForms.map(\.surface))
        for form in expected { #expect(surfaces.contains(form), "\(form)") }
    }
}
