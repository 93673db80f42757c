import ArgumentParser
import StanceKit

struct Variants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Print every generated surface form (entities, topics, cues) as TSV: surface, entity, type, rule, line.",
        discussion:
            "The first line is a header. `rule` is ENTITY:VARIANT; `line` is the rule-file line that produced it.")

    @Argument(help: "The rule file (YAML).")
    var rules: String

    func run() throws {
        let compiled = try RuleLoading.load(rules, quietWarnings: true).compiled
        var out = "surface\tentity\ttype\trule\tline\n"
        for form in compiled.forms {
            let target = compiled.targets[form.entityIndex]
            out += "\(form.surface)\t\(target.id)\t\(target.type)\t\(target.id):\(form.variant)\t\(form.line)\n"
        }
        for form in compiled.cueForms {
            let (id, type): (String, String)
            switch form.role {
            case .cue(let index):
                let cue = compiled.rules.cues[index]
                (id, type) = (cue.id.value, "CUE:\(cue.polarity.value.rawValue)")
            case .attribution: (id, type) = ("attribution", "ATTRIBUTION")
            case .negator: (id, type) = ("negator", "NEGATOR")
            }
            out += "\(form.surface)\t\(id)\t\(type)\t\(id):\(form.variant)\t\(form.line)\n"
        }
        print(out, terminator: "")
    }
}
