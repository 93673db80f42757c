import StanceKit
import Testing

/// A document and the rules to annotate it with: the inputs every exporter test runs on.
struct ExportInput: Sendable, CustomTestStringConvertible {
    var document: String
    var rules: String
    var testDescription: String { document }

    /// The two seeds with the project's rules, and the CRLF, BOM and emoji fixture with its own.
    static let all = [
        ExportInput(document: Project.seeds[0], rules: "rules/summit.yaml"),
        ExportInput(document: Project.seeds[1], rules: "rules/summit.yaml"),
        ExportInput(document: "Tests/Fixtures/unicode/crlf-bom-emoji.txt", rules: "Tests/Fixtures/unicode/rules.yaml"),
    ]

    /// The document annotated (its id is `doc`).
    func annotate() throws -> AnnotatedDocument {
        let source = try SourceText(id: "doc", path: document, bytes: Project.bytes(document))
        return Project.compile(rules).annotate(source)
    }
}
