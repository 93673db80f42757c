import ArgumentParser
import StanceKit
import StanceKitXML

/// The `--format` option of `annotate` and `export`: a comma-separated list of output formats.
enum FormatOption {
    /// Written as the generator of every output.
    static let generator = "stancekit \(StanceKitCommand.version)"

    /// Every format name, for help texts.
    static let names = ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")

    /// - Throws: `ValidationError` naming the first unknown format.
    static func parse(_ text: String) throws -> [ExportFormat] {
        switch ExportFormat.list(text) {
        case .success(let formats): return formats
        case .failure(let unknown): throw ValidationError("--format: \(unknown)")
        }
    }

    /// The exporter of `annotate`: every chosen format, with the rules recorded as provenance.
    static func exporter(_ text: String, offsets: OffsetUnit, rules: RuleSet) throws -> MultiFormatExporter {
        MultiFormatExporter(
            formats: try parse(text), offsetUnit: offsets,
            provenance: ExportProvenance(
                rulesPath: rules.path, rulesSHA256: rules.sha256, generator: FormatOption.generator,
                includes: rules.includes))
    }

    /// Writes the files of the output root (`TypeSystem.xml`, `annotation.conf`) atomically.
    /// - Returns: the number of files that could not be written (each reported on standard error).
    static func writeRootFiles(of exporter: MultiFormatExporter, mentionTypes: Set<String>, to folder: String) -> Int {
        do {
            var failures = 0
            for file in try exporter.rootFiles(mentionTypes: mentionTypes) {
                do {
                    try FileIO.writeAtomically(file.bytes, to: "\(folder)/\(file.name)")
                } catch {
                    Terminal.error("error: \(folder)/\(file.name): \(error)")
                    failures += 1
                }
            }
            return failures
        } catch {
            Terminal.error("error: cannot write the files of \(folder): \(error)")
            return 1
        }
    }
}
