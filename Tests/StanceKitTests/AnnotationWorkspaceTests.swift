import Testing

@testable import StanceKit

/// A workspace carries memory, never results, from one document to the next.
@Suite struct AnnotationWorkspaceTests {
    /// Long and short texts in turn, with quotes, attribution and stance cues, so that every array
    /// the workspace keeps comes back longer than the next document needs.
    @Test func aReusedWorkspaceGivesWhatAFreshOneGives() {
        let rules = Project.summit
        let seeds = Project.seedNames.map { Project.text("corpus/\($0).txt") }
        #expect(seeds.allSatisfy { $0.utf8.count > 1_000 })
        let texts =
            seeds + [
                "", "Lavrov said.", seeds[0], "\u{201C}We will not,\u{201D} Lavrov told reporters on Tuesday.",
                String(seeds[1].prefix(300)), seeds[1], "Blinken urged Lavrov to talk.",
                // A descriptor counts only after its entity's name, in the same document.
                "Sergei Lavrov arrived.", "Russia's top diplomat arrived.",
            ]
        let workspace = AnnotationWorkspace()
        var found = 0
        for (k, text) in texts.enumerated() {
            let source = SourceText(id: "d\(k)", path: "d\(k).txt", text: text)
            let reused = rules.annotate(source, in: workspace)
            #expect(reused == rules.annotate(source), "document \(k)")
            found += reused.mentions.count + reused.quotes.count + reused.stances.count
        }
        #expect(found > 20)
    }
}
