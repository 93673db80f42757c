import Foundation
import StanceKit
import Testing

@Suite struct EvaluatorTests {
    static func seedDocuments() throws -> (gold: [EvaluationDocument], system: [EvaluationDocument]) {
        var gold: [EvaluationDocument] = []
        var system: [EvaluationDocument] = []
        for name in Project.seedNames {
            let text = Project.text("Tests/Fixtures/gold/\(name).txt")
            let ann = try BratAnnotations(parsing: Project.text("Tests/Fixtures/gold/\(name).ann"))
            gold.append(EvaluationDocument(brat: ann, text: text, id: name))
            let source = try SourceText(id: name, path: name, bytes: Array(Project.text("corpus/\(name).txt").utf8))
            system.append(EvaluationDocument(Project.summit.annotate(source)))
        }
        return (gold, system)
    }

    @Test func seedsReproduceTheCoreNumbers() throws {
        let (gold, system) = try Self.seedDocuments()
        let report = Evaluator().evaluate(gold: gold, system: system)
        #expect(report.strict.gold == 84 && report.strict.system == 84 && report.strict.truePositives == 84)
        #expect(report.lenient.truePositives == 84)
        #expect(report.stances.gold == 7 && report.stances.truePositives == 7 && report.stances.system == 7)
        #expect(report.errors.isEmpty)
        #expect(report.strictByType["PERSON"]?.gold == 46)
    }

    @Test func strictAndLenientDiffer() throws {
        let text = Project.text("Tests/Fixtures/eval/gold/meeting.txt")
        let gold = EvaluationDocument(
            brat: try BratAnnotations(parsing: Project.text("Tests/Fixtures/eval/gold/meeting.ann")), text: text,
            id: "meeting")
        let (rules, _) = RuleFileParser.load(path: Project.path("Tests/Fixtures/eval/rules.yaml"))
        let system = EvaluationDocument(
            CompiledRules(try #require(rules)).annotate(SourceText(id: "meeting", path: "meeting", text: text)))
        let report = Evaluator().evaluate(gold: [gold], system: [system])
        #expect(report.strict.truePositives == 2 && report.strict.gold == 3 && report.strict.system == 3)
        #expect(abs(report.strict.precision - 2.0 / 3.0) < 1e-9)
        #expect(report.lenient.truePositives == 3 && report.lenient.f1 == 1)
        #expect(
            report.errors.map { "\($0.kind.rawValue) \($0.label) \($0.start)-\($0.end)" } == [
                "miss PERSON trump 0-22", "false-alarm PERSON trump 10-22",
            ])
    }

    @Test func stancesNeedHolderTargetPolarityAndOverlappingCue() {
        func document(_ stances: [EvaluationDocument.Stance]) -> EvaluationDocument {
            EvaluationDocument(id: "d", text: String(repeating: "x", count: 40), mentions: [], stances: stances)
        }
        let gold = document([.init(holder: "a", target: "b", polarity: .favor, cue: 10..<15, rule: "")])
        let system = document([
            .init(holder: "a", target: "b", polarity: .favor, cue: 12..<20, rule: "c:word"),
            .init(holder: "a", target: "b", polarity: .against, cue: 10..<15, rule: "c:word"),
        ])
        let report = Evaluator().evaluate(gold: [gold], system: [system])
        #expect(report.stances.truePositives == 1 && report.stances.system == 2)
    }

    @Test func diffListsAddedRemovedAndChanged() {
        let text = String(repeating: "x", count: 30)
        func mention(_ range: Range<Int>, _ entity: String, _ rule: String) -> EvaluationDocument.Mention {
            .init(range: range, type: "GPE", entity: entity, kind: .name, rule: rule, line: 1)
        }
        let old = EvaluationDocument(
            id: "d", text: text, mentions: [mention(0..<2, "us", "us:alias"), mention(5..<9, "ru", "ru:name")],
            stances: [])
        let new = EvaluationDocument(
            id: "d", text: text,
            mentions: [mention(5..<9, "moscow", "moscow:name"), mention(12..<14, "eu", "eu:alias")],
            stances: [])
        let changes = AnnotationDiff.changes(old: old, new: new)
        #expect(
            changes.map { "\($0.kind.sign)\($0.start) \($0.rule)" } == [
                "-0 us:alias", "~5 moscow:name", "+12 eu:alias",
            ])
        var summary = AnnotationDiff.Summary()
        summary.add(changes)
        #expect(summary.rules == "+1 eu:alias, ~1 moscow:name, -1 us:alias")
        #expect(summary.layers == "mentions +1 -1 ~1, quotes +0 -0 ~0, stances +0 -0 ~0")
    }

    @Test func statisticsCountEntitiesDocumentsAndStances() throws {
        let (_, system) = try Self.seedDocuments()
        let statistics = CorpusStatistics(system)
        let trump = try #require(statistics.entities.first { $0.entity == "trump" })
        #expect(trump.documents == 2)
        #expect(statistics.entities.first?.entity == "trump")
        #expect(statistics.stances.contains { $0.holder == "zelenskyy" && $0.target == "russia" && $0.against == 1 })
        #expect(statistics.stances.map { $0.favor + $0.against }.reduce(0, +) == 7)
    }
}
