import ArgumentParser
import StanceKit

/// Loads, checks and compiles a rule file, printing every diagnostic as `file:line:col: …`.
enum RuleLoading {
    struct Loaded {
        var compiled: CompiledRules
        var warnings: Int
    }

    /// - Throws: `ExitCode(1)` after printing the errors, when the file has any.
    static func load(_ path: String, quietWarnings: Bool = false) throws -> Loaded {
        let (rules, diagnostics) = RuleFileParser.load(path: path)
        var all = diagnostics
        var compiled: CompiledRules?
        if let rules {
            let result = CompiledRules(rules)
            all += result.diagnostics
            compiled = result
        }
        // Every error; the first 20 warnings (`check` lists them all).
        var shownWarnings = 0
        for diagnostic in all.sorted(by: { $0.location < $1.location }) {
            if diagnostic.severity == .error {
                Terminal.error(diagnostic.description)
            } else if !quietWarnings {
                if shownWarnings < 20 { Terminal.error(diagnostic.description) }
                shownWarnings += 1
            }
        }
        if shownWarnings > 20 {
            Terminal.error(
                "note: \(shownWarnings - 20) more rule-file warnings; `stancekit check \(path)` lists them all")
        }
        let errors = all.filter { $0.severity == .error }.count
        guard let compiled, errors == 0 else {
            Terminal.error("\(path): \(errors) error\(errors == 1 ? "" : "s"); nothing was written")
            throw ExitCode(1)
        }
        return Loaded(compiled: compiled, warnings: all.count)
    }
}
