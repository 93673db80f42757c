import ArgumentParser

@main
struct StanceKitCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "stancekit",
        abstract: "Rule-based entity and stance annotation of news text, exported as standoff XML.",
        discussion: """
            Write the entities you study in a YAML rule file, check it, then annotate a corpus:

              stancekit check rules/summit.yaml
              stancekit annotate corpus --rules rules/summit.yaml --out out
            """,
        version: version,
        subcommands: [
            Annotate.self, Export.self, Check.self, Variants.self, Eval.self, Diff.self, Explain.self, Stats.self,
        ]
    )
}
