import ArgumentParser
import Dispatch
import Foundation
import StanceKit
import StanceKitXML

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert standoff XML written by annotate into GATE XML, UIMA CAS XMI, TEI or brat.",
        discussion: """
            Reads every native XML file under the given folders (NAME.xml; GATE and TEI exports and \
            TypeSystem.xml are skipped) and writes the chosen formats under --out, mirroring the \
            folder tree: NAME.gate.xml, NAME.xmi (with TypeSystem.xml in the output root), \
            NAME.tei.xml, NAME.txt with NAME.ann (with annotation.conf in the output root), or \
            NAME.xml again. Nothing is annotated again: the rules recorded in each file are kept as \
            its provenance. A file that cannot be read is reported with the reason, the others are \
            still written, and the exit status is 1.
            """)

    @Argument(help: "Folders of native XML written by annotate (searched recursively), or single files.")
    var paths: [String]

    @Option(name: .long, help: "Comma-separated output formats: \(FormatOption.names).")
    var format: String

    @Option(name: .long, help: "The output folder; created when missing.")
    var out: String

    @Option(name: .long, help: "The offset unit of native XML written again (--format native): codepoint or utf16.")
    var offsets: Annotate.OffsetChoice = .codepoint

    @Option(name: .long, help: "Documents converted in parallel (default: every core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if paths.isEmpty { throw ValidationError("give at least one folder or file to export") }
        _ = try FormatOption.parse(format)
    }

    func run() throws {
        let started = DispatchTime.now()
        let formats = try FormatOption.parse(format)
        var inputs: [(id: String, path: String)] = []
        var failures = 0
        for path in paths {
            do {
                inputs += try AnnotatedFolders.nativeFiles(in: path)
            } catch {
                Terminal.error("error: \(error)")
                failures += 1
            }
        }
        var seen: [String: String] = [:]
        inputs = inputs.filter { input in
            if let first = seen[input.id] {
                Terminal.error("error: \(input.path): same output name as \(first); skipped")
                failures += 1
                return false
            }
            seen[input.id] = input.path
            return true
        }
        if inputs.isEmpty && failures == 0 {
            Terminal.error("warning: no native XML files under \(paths.joined(separator: ", "))")
        }
        try Annotate.prepareOutputFolder(out)

        let conversion = Conversion(
            inputs: inputs, formats: formats, offsetUnit: offsets == .utf16 ? .utf16 : .codepoint, outFolder: out)
        let totals = conversion.run(jobs: jobs)
        failures += totals.failures
        let rootExporter = MultiFormatExporter(
            formats: formats, offsetUnit: .codepoint,
            provenance: ExportProvenance(rulesPath: "", rulesSHA256: "", generator: Conversion.generator))
        failures += FormatOption.writeRootFiles(of: rootExporter, mentionTypes: totals.mentionTypes, to: out)

        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        Terminal.error(
            "\(totals.documents) document\(totals.documents == 1 ? "" : "s"), \(totals.mentions) mentions, "
                + "\(totals.quotes) quotes, \(totals.stances) stances, \(failures) failures "
                + "in \(String(format: "%.2f", seconds)) s")
        if failures > 0 { throw ExitCode(1) }
    }
}

/// Reads native XML files and writes them in other formats on several threads.
struct Conversion: Sendable {
    static let generator = "stancekit \(StanceKitCommand.version)"

    struct Totals: Sendable {
        var documents = 0
        var mentions = 0
        var quotes = 0
        var stances = 0
        var failures = 0
        var mentionTypes: Set<String> = []
    }

    let inputs: [(id: String, path: String)]
    let formats: [ExportFormat]
    let offsetUnit: OffsetUnit
    let outFolder: String

    func run(jobs: Int) -> Totals {
        let totals = Locked(Totals())
        let progress = ProgressBar(total: inputs.count, label: "exporting")
        Parallel.forEach(inputs.count, jobs: jobs) { index in
            let input = inputs[index]
            let result = convert(input)
            totals.withLock { totals in
                switch result {
                case .success(let documents):
                    for document in documents {
                        totals.documents += 1
                        totals.mentions += document.mentions.count
                        totals.quotes += document.quotes.count
                        totals.stances += document.stances.count
                        totals.mentionTypes.formUnion(document.mentions.map(\.type))
                    }
                case .failure(let failure):
                    totals.failures += 1
                    Terminal.error("error: \(input.path): \(failure.text)")
                }
            }
            progress.advance()
        }
        progress.finish()
        return totals.withLock { $0 }
    }

    struct Failure: Error {
        var text: String
    }

    /// Reads one native XML file and writes every format for each of its documents (a bundle's
    /// by their ids); returns the documents read.
    private func convert(_ input: (id: String, path: String)) -> Result<[AnnotatedDocument], Failure> {
        do {
            let (imported, isBundle) = try NativeXMLImporter.readAll(try FileIO.read(input.path), name: input.path)
            for member in imported {
                let exporter = MultiFormatExporter(
                    formats: formats, offsetUnit: offsetUnit,
                    provenance: ExportProvenance(
                        rulesPath: member.rulesPath, rulesSHA256: member.rulesSHA256, generator: Self.generator))
                let files = try exporter.files(for: member.document)
                let id = isBundle ? member.document.source.id : input.id
                guard StreamBatch.isSafe(id) else {
                    throw DocumentError.unreadable(
                        reason: "the id '\(id)' cannot name a file (empty, absolute, or with '..')")
                }
                let base = "\(outFolder)/\(id)"
                try FileManager.default.createDirectory(
                    atPath: CorpusFilesPath.parent(of: base), withIntermediateDirectories: true)
                for file in files { try FileIO.writeAtomically(file.bytes, to: "\(base).\(file.name)") }
            }
            return .success(imported.map(\.document))
        } catch let error as DocumentError {
            return .failure(Failure(text: error.description))
        } catch let error as XMLError {
            return .failure(Failure(text: "\(error)"))
        } catch {
            return .failure(Failure(text: error.localizedDescription))
        }
    }
}
