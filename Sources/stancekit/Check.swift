import ArgumentParser
import StanceKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a rule file and list every problem as FILE:LINE:COL: error|warning: message.",
        discussion: "Exits with status 1 when the file has an error; warnings alone exit 0.")

    @Argument(help: "The rule file (YAML).")
    var rules: String

    func run() throws {
        let (ruleSet, diagnostics) = RuleFileParser.load(path: rules)
        var all = diagnostics
        var formCount = 0
        var cueFormCount = 0
        if let ruleSet {
            let compiled = CompiledRules(ruleSet)
            all += compiled.diagnostics
            formCount = compiled.forms.count
            cueFormCount = compiled.cueForms.count
        }
        for diagnostic in all.sorted(by: { $0.location < $1.location }) {
            Terminal.error(diagnostic.description)
        }
        let errors = all.filter { $0.severity == .error }.count
        let warnings = all.count - errors
        let entities = ruleSet?.entities.count ?? 0
        let topics = ruleSet?.topics.count ?? 0
        let cues = ruleSet?.cues.count ?? 0
        Terminal.error(
            "\(rules): \(entities) entities, \(topics) topics, \(cues) cues, \(formCount) surface forms, "
                + "\(cueFormCount) cue forms; \(errors) error\(errors == 1 ? "" : "s"), "
                + "\(warnings) warning\(warnings == 1 ? "" : "s")")
        if errors > 0 { throw ExitCode(1) }
    }
}
