import ArgumentParser
import Foundation
import StanceKit

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count mentions per entity and type, documents per entity, and stances holder × target.")

    @Argument(help: "The folder of native XML output.")
    var output: String

    @Flag(name: .long, help: "Print CSV tables (entities, then stances) instead of terminal tables.")
    var csv = false

    func run() throws {
        let statistics = CorpusStatistics(try AnnotatedFolders.loadOutput(output))
        let entityRows =
            [["entity", "type", "mentions", "documents"]]
            + statistics.entities.map { [$0.entity, $0.type, String($0.mentions), String($0.documents)] }
        let stanceRows =
            [["holder", "target", "favor", "against"]]
            + statistics.stances.map { [$0.holder, $0.target, String($0.favor), String($0.against)] }
        if csv {
            print(TextTable.csv(entityRows))
            print("")
            print(TextTable.csv(stanceRows))
            if !AnnotatedFolders.unreadable.isEmpty { throw ExitCode(1) }
            return
        }
        print("\(statistics.documents) documents")
        print("")
        print(
            TextTable.render(
                [["type", "mentions"]] + statistics.types.map { [$0.type, String($0.mentions)] }, rightAligned: [1]))
        print("")
        print(TextTable.render(entityRows, rightAligned: [2, 3]))
        print("")
        print(statistics.stances.isEmpty ? "no stances" : TextTable.render(stanceRows, rightAligned: [2, 3]))
        if !AnnotatedFolders.unreadable.isEmpty { throw ExitCode(1) }
    }
}
