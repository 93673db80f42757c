import ArgumentParser
import Foundation
import StanceKit

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show added, removed and changed annotations between two output folders.",
        discussion: """
            Documents pair by file name. Mentions and quotes match by span, stances by cue; a pair whose \
            entity, type, kind, rule, speaker, holder, target or polarity differ is a change. Offsets are \
            code points. Exit status: 0 when nothing changed, 1 when something did, 2 when a file \
            could not be read (like diff(1)).
            """)

    @Argument(help: "The earlier output folder.")
    var old: String

    @Argument(help: "The later output folder.")
    var new: String

    @Flag(name: .long, help: "Print the changes as JSON.")
    var json = false

    func run() throws {
        let before = Dictionary(
            try AnnotatedFolders.loadOutput(old).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(
            try AnnotatedFolders.loadOutput(new).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var summary = AnnotationDiff.Summary()
        var all: [String: [AnnotationDiff.Change]] = [:]
        for id in Set(before.keys).union(after.keys).subtracting(AnnotatedFolders.unreadable).sorted() {
            let changes = AnnotationDiff.changes(old: before[id], new: after[id])
            summary.add(changes)
            if changes.isEmpty { continue }
            all[id] = changes
            if json { continue }
            let state = before[id] == nil ? " (new document)" : after[id] == nil ? " (document removed)" : ""
            print("\(id)\(state)")
            for change in changes {
                print(
                    "  \(change.kind.sign) \(change.layer) [\(change.start),\(change.end)) \(change.label)  \(change.context)"
                )
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(all), as: UTF8.self))
        } else {
            if !summary.rules.isEmpty { print("by rule: \(summary.rules)") }
            print("diff: \(summary.changedDocuments) of \(summary.documents) documents changed; \(summary.layers)")
        }
        if !AnnotatedFolders.unreadable.isEmpty {
            Terminal.error(
                "error: \(AnnotatedFolders.unreadable.count) files could not be read; they were not compared")
            throw ExitCode(2)
        }
        if summary.changedDocuments > 0 { throw ExitCode(1) }
    }
}
