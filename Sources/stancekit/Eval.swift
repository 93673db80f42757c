import ArgumentParser
import Foundation
import StanceKit

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score annotations against gold: precision, recall and F1, strict and lenient.",
        discussion: """
            Gold is brat (.ann with .txt, the convention of Tests/Fixtures/gold) or native XML. Documents \
            pair by file name. Mentions (PERSON, ORG, GPE, … names and descriptors) match when type and \
            entity agree and the spans are identical (strict) or overlap (lenient). Stances match on \
            holder entity, target and polarity with overlapping cues.
            """)

    @Option(name: .long, help: "The gold folder (brat or native XML).")
    var gold: String

    @Argument(help: "The folder of native XML output to score.")
    var output: String

    @Option(name: .long, help: "'errors' lists every miss and false alarm with its context.")
    var show: Show?

    @Flag(name: .long, help: "Print the full report as JSON.")
    var json = false

    enum Show: String, ExpressibleByArgument { case errors }

    func run() throws {
        let (goldDocuments, format) = try AnnotatedFolders.loadGold(gold)
        let system = try AnnotatedFolders.loadOutput(output)
        let report = Evaluator().evaluate(gold: goldDocuments, system: system)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            var shown = report
            if show == nil { shown.errors = [] }
            print(String(decoding: try encoder.encode(shown), as: UTF8.self))
            if !AnnotatedFolders.unreadable.isEmpty { throw ExitCode(1) }
            return
        }
        print("eval: \(report.documents) documents; gold \(gold) (\(format)), output \(output)")
        for id in report.missingOutput { print("warning: no output for gold document \(id)") }
        var rows: [[String]] = [["", "strict P", "R", "F1", "lenient P", "R", "F1", "gold", "system"]]
        func row(_ label: String, _ strict: Evaluator.Score, _ lenient: Evaluator.Score) -> [String] {
            [
                label, strict.precision.score, strict.recall.score, strict.f1.score, lenient.precision.score,
                lenient.recall.score, lenient.f1.score, String(strict.gold), String(strict.system),
            ]
        }
        rows.append(row("mentions", report.strict, report.lenient))
        for type in report.strictByType.keys.sorted() {
            rows.append(row("  \(type)", report.strictByType[type]!, report.lenientByType[type]!))
        }
        for entity in report.strictByEntity.keys.sorted() {
            rows.append(row("  entity \(entity)", report.strictByEntity[entity]!, report.lenientByEntity[entity]!))
        }
        let s = report.stances
        rows.append([
            "stances", s.precision.score, s.recall.score, s.f1.score, "", "", "", String(s.gold), String(s.system),
        ])
        print(TextTable.render(rows, rightAligned: Set(1...8)))
        if show == .errors {
            print("")
            for error in report.errors {
                let kind = error.kind == .miss ? "MISS       " : "FALSE ALARM"
                let rule = error.rule.isEmpty ? "" : " (\(error.rule))"
                print(
                    "\(kind) \(error.document) \(error.layer) \(error.label) [\(error.start),\(error.end))\(rule)  \(error.context)"
                )
            }
            if report.errors.isEmpty { print("no errors") }
        }
        if !AnnotatedFolders.unreadable.isEmpty { throw ExitCode(1) }
    }
}
