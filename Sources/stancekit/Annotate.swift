import ArgumentParser
import Dispatch
import Foundation
import StanceKit
import StanceKitXML
import Synchronization

struct Annotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Annotate every .txt file under the given folders (or the given files) and write standoff XML.",
        discussion: """
            The output folder mirrors the input tree: corpus/a/b.txt becomes OUT/a/b.xml. Each file is \
            written atomically (a temporary file, then a rename). The rule file is checked first; \
            when it has an error nothing is written. A document that cannot be read or decoded is \
            reported by path with the reason, the others are still written, and the exit status is 1.
            """)

    @Argument(help: "Folders (searched recursively for .txt files) or files to annotate.")
    var paths: [String]

    @Option(name: .long, help: "The rule file (YAML).")
    var rules: String

    @Option(name: .long, help: "The output folder; created when missing.")
    var out: String

    @Option(name: .long, help: "The unit of every offset in the output: codepoint or utf16.")
    var offsets: OffsetChoice = .codepoint

    @Option(name: .long, help: "Documents annotated in parallel (default: every core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Print every document warning, not only the first 20.")
    var verbose = false

    enum OffsetChoice: String, ExpressibleByArgument, CaseIterable {
        case codepoint, utf16
    }

    /// Creates the output folder, or explains why it cannot be used, before any work starts.
    static func prepareOutputFolder(_ folder: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                Terminal.error("error: --out \(folder) is a file, not a folder; nothing was written")
                throw ExitCode(1)
            }
            guard FileManager.default.isWritableFile(atPath: folder) else {
                Terminal.error("error: cannot write into the output folder \(folder): permission denied")
                throw ExitCode(1)
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            Terminal.error("error: cannot create the output folder \(folder): \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if paths.isEmpty { throw ValidationError("give at least one folder or file to annotate") }
    }

    func run() throws {
        let started = DispatchTime.now()
        let loaded = try RuleLoading.load(rules)
        try Annotate.prepareOutputFolder(out)
        let (files, missing) = CorpusFiles.collect(paths)
        for problem in missing { Terminal.error("error: \(problem.path): \(problem.reason)") }
        if files.isEmpty && missing.isEmpty {
            Terminal.error("warning: no .txt files under \(paths.joined(separator: ", "))")
        }
        let exporter = NativeXMLExporter(
            offsetUnit: offsets == .utf16 ? .utf16 : .codepoint, rules: loaded.compiled.rules,
            generator: "stancekit \(StanceKitCommand.version)")
        let batch = Batch(files: files, rules: loaded.compiled, exporter: exporter, outFolder: out)
        let totals = batch.run(jobs: jobs, verbose: verbose)

        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let failures = totals.failures + missing.count
        let megabytes = Double(totals.bytes) / 1_000_000
        Terminal.error(
            "\(totals.documents) document\(totals.documents == 1 ? "" : "s"), \(totals.mentions) mentions, \(totals.quotes) quotes, \(totals.stances) stances, \(totals.warnings + loaded.warnings) warnings, "
                + "\(failures) failures in \(String(format: "%.2f", seconds)) s "
                + "(\(String(format: "%.1f", seconds > 0 ? megabytes / seconds : 0)) MB/s)")
        if failures > 0 { throw ExitCode(1) }
    }
}

/// Annotates and writes a list of files on several threads, pulling the next file from a shared
/// counter so that slow documents do not hold up the rest.
struct Batch: Sendable {
    struct Totals: Sendable {
        var documents = 0
        var mentions = 0
        var quotes = 0
        var stances = 0
        var warnings = 0
        var failures = 0
        var bytes = 0
        var printedWarnings = 0
    }

    let files: [CorpusFile]
    let rules: CompiledRules
    let exporter: NativeXMLExporter
    let outFolder: String

    func run(jobs: Int, verbose: Bool) -> Totals {
        let next = Atomic<Int>(0)
        let totals = Mutex(Totals())
        let progress = ProgressBar(total: files.count, label: "annotating")
        let workers = max(1, min(jobs, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < files.count else { break }
                let file = files[index]
                let result = process(file)
                totals.withLock { totals in
                    switch result {
                    case .success(let outcome):
                        totals.documents += 1
                        totals.mentions += outcome.mentions
                        totals.quotes += outcome.quotes
                        totals.stances += outcome.stances
                        totals.warnings += outcome.warnings.count
                        totals.bytes += outcome.bytes
                        for warning in outcome.warnings {
                            if verbose || totals.printedWarnings < 20 {
                                Terminal.error(warning)
                            }
                            totals.printedWarnings += 1
                        }
                    case .failure(let message):
                        totals.failures += 1
                        Terminal.error("error: \(file.path): \(message.text)")
                    }
                }
                progress.advance()
            }
        }
        progress.finish()
        let result = totals.withLock { $0 }
        if !verbose && result.printedWarnings > 20 {
            Terminal.error(
                "note: \(result.printedWarnings - 20) more document warnings not shown; use --verbose to see all")
        }
        return result
    }

    struct Outcome {
        var mentions: Int
        var quotes: Int
        var stances: Int
        var warnings: [String]
        var bytes: Int
    }

    struct Failure: Error {
        var text: String
    }

    private func process(_ file: CorpusFile) -> Result<Outcome, Failure> {
        do {
            let bytes = try FileIO.read(file.path)
            let source = try SourceText(id: file.id, path: file.path, bytes: bytes)
            let document = rules.annotate(source)
            let xml = try exporter.export(document)
            let target = file.outputPath(in: outFolder, extension: "xml")
            let folder = CorpusFilesPath.parent(of: target)
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                return .failure(
                    Failure(text: "cannot create the output folder \(folder): \(error.localizedDescription)"))
            }
            try FileIO.writeAtomically(xml, to: target)
            let positions = LineIndex(bytes).positions(ofAscending: document.warnings.map(\.span.start))
            let warnings = zip(document.warnings, positions).map { warning, position in
                "\(file.path):\(position.line):\(position.column): warning: \(warning.message)"
            }
            return .success(
                Outcome(
                    mentions: document.mentions.count, quotes: document.quotes.count, stances: document.stances.count,
                    warnings: warnings, bytes: bytes.count))
        } catch let error as DocumentError {
            return .failure(Failure(text: error.description))
        } catch let error as XMLError {
            return .failure(Failure(text: "cannot write XML: \(error)"))
        } catch {
            return .failure(Failure(text: "\(error.localizedDescription)"))
        }
    }
}

enum CorpusFilesPath {
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
