import ArgumentParser
import StanceKit

struct Variants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every generated surface form as TSV: surface, entity, type, rule, line.",
        discussion:
            "The first line is a header. `rule` is ENTITY:VARIANT; `line` is the rule-file line that produced it.")

    @Argument(help: "The rule file (YAML).")
    var rules: String

    func run() throws {
        let loaded = try RuleLoading.load(rules, quietWarnings: true)
        let ruleSet = loaded.compiled.rules
        var out = "surface\tentity\ttype\trule\tline\n"
        for form in loaded.compiled.forms {
            let entity = ruleSet.entities[form.entityIndex]
            out +=
                "\(form.surface)\t\(entity.id.value)\t\(entity.type.value)\t\(entity.id.value):\(form.variant)\t\(form.line)\n"
        }
        print(out, terminator: "")
    }
}
