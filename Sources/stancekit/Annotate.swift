import ArgumentParser
import Dispatch
import Foundation
import StanceKit
import StanceKitXML

struct Annotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Annotate every .txt file under the given folders (or the given files) and write standoff XML.",
        discussion: """
            The output folder mirrors the input tree: corpus/a/b.txt becomes OUT/a/b.xml (and, with \
            --format, OUT/a/b.gate.xml, OUT/a/b.xmi, OUT/a/b.tei.xml, OUT/a/b.txt and OUT/a/b.ann). Each file is \
            written atomically (a temporary file, then a rename). The rule file is checked first; \
            when it has an error nothing is written. A document that cannot be read or decoded is \
            reported by path with the reason, the others are still written, and the exit status is 1.
            """)

    @Argument(help: "Folders (searched recursively for .txt files) or files to annotate.")
    var paths: [String]

    @Option(name: .long, help: "The rule file (YAML).")
    var rules: String

    @Option(
        name: .customLong("out"),
        help:
            "The output folder, created when missing; - for JSON Lines on standard output (needed unless --no-output).")
    var outOption: String?

    /// The output folder (`-` for standard output; empty only with `--no-output`).
    var out: String { outOption ?? "" }

    @Option(name: .long, help: "The unit of every offset in the output: codepoint or utf16.")
    var offsets: OffsetChoice = .codepoint

    @Option(name: .long, help: "Documents annotated in parallel (default: every core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Comma-separated output formats: \(FormatOption.names) (default: native).")
    var format: String = "native"

    @Flag(name: .long, help: "Print every document warning, not only the first 20.")
    var verbose = false

    @Flag(
        name: .long, help: "Annotate again whenever the rule file (or a file it includes) is saved; stop with Ctrl-C.")
    var watch = false

    @Option(
        name: .long,
        help: "Annotate only shard I of N (I/N, counting from 0): documents are split by a hash of their id.")
    var shard: String?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "With JSON Lines input: write one native XML file per input (OUT/NAME.xml, a <corpus> of <document>s) instead of a file per document.",
            discussion:
                "For corpora of many short documents: thousands of times fewer files, written several times faster."))
    var bundle = false

    @Flag(name: .customLong("no-output"), help: "Annotate and count, but write nothing (for timing the engine).")
    var noOutput = false

    @Flag(
        name: .long,
        help: "Replace ill-formed UTF-8 by U+FFFD (recorded in the output) instead of refusing the document.")
    var lossy = false

    @Flag(
        name: .long,
        help: "Skip documents whose output is current (same text, same rules, same offsets) and finish the rest.")
    var resume = false

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
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard takes I/N with 0 <= I < N, such as 0/4, not '\(shard)'")
        }
        let streams = paths.filter(Annotate.isStream)
        if !streams.isEmpty && streams.count != paths.count {
            throw ValidationError("JSON Lines inputs (.jsonl or -) cannot be mixed with folders or .txt files")
        }
        if outOption == nil && !noOutput {
            throw ValidationError("give --out DIR (or --out - with JSON Lines input), or --no-output")
        }
        if out == "-" && streams.isEmpty {
            throw ValidationError("--out - (JSON Lines on standard output) needs JSON Lines input (.jsonl or -)")
        }
        if out == "-" && format != "native" {
            throw ValidationError("--out - writes JSON Lines; --format applies to output folders only")
        }
        if paths.isEmpty { throw ValidationError("give at least one folder or file to annotate") }
        if bundle {
            if streams.isEmpty {
                throw ValidationError("--bundle needs JSON Lines input (.jsonl or -); folders give a file per document")
            }
            if out == "-" { throw ValidationError("--bundle writes files into a folder; --out - writes JSON Lines") }
            if format != "native" { throw ValidationError("--bundle writes native XML only; leave out --format") }
            let names = paths.map { StreamBatch.bundlePath(of: $0, in: out, shard: nil) }
            if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
                throw ValidationError("two inputs would write the same bundle \(repeated); rename one of them")
            }
        }
        _ = try FormatOption.parse(format)
    }

    func run() throws {
        var failures: Int
        var ruleFiles = [rules]
        do {
            (failures, ruleFiles) = try runOnce()
        } catch let exit as ExitCode where watch && exit == ExitCode(1) {
            failures = 1
        }
        guard watch else {
            if failures > 0 { throw ExitCode(1) }
            return
        }
        Terminal.error("watching \(ruleFiles.joined(separator: ", ")); press Ctrl-C to stop")
        var stamp = RuleFileStamp(ruleFiles)
        while true {
            Thread.sleep(forTimeInterval: 0.3)
            let now = RuleFileStamp(ruleFiles)
            guard now != stamp else { continue }
            let changed = ruleFiles.filter { now.entries[$0] != stamp.entries[$0] }
            stamp = now
            Terminal.error("\(changed.joined(separator: ", ")) changed; annotating again")
            if let result = try? runOnce() {
                ruleFiles = result.ruleFiles
                stamp = RuleFileStamp(ruleFiles)
            }
        }
    }

    /// One complete run: check the rules, annotate, write, and report what changed since the
    /// previous run recorded in the output folder.
    /// - Returns: the number of failed documents and the rule files read (for --watch).
    /// Whether an input is JSON Lines: a `.jsonl` file or `-` (standard input).
    static func isStream(_ path: String) -> Bool { path == "-" || path.lowercased().hasSuffix(".jsonl") }

    func runOnce() throws -> (failures: Int, ruleFiles: [String]) {
        let compileStarted = DispatchTime.now()
        let loaded = try RuleLoading.load(rules)
        let compileSeconds = Double(DispatchTime.now().uptimeNanoseconds - compileStarted.uptimeNanoseconds) / 1e9
        // Throughput counts from here: the rules are checked and compiled.
        let started = DispatchTime.now()
        let unit: OffsetUnit = offsets == .utf16 ? .utf16 : .codepoint
        let ruleFiles = [rules] + loaded.compiled.rules.includes.map(\.path)
        if paths.allSatisfy(Annotate.isStream) {
            let destination: StreamBatch.Destination
            var rootFailures = 0
            if noOutput {
                destination = .nowhere
            } else if out == "-" {
                destination = .standardOutput
            } else if bundle {
                try Annotate.prepareOutputFolder(out)
                destination = .bundle(
                    out,
                    NativeXMLExporter(
                        offsetUnit: unit, rules: loaded.compiled.rules, generator: FormatOption.generator))
            } else {
                try Annotate.prepareOutputFolder(out)
                let exporter = try FormatOption.exporter(format, offsets: unit, rules: loaded.compiled.rules)
                destination = .folder(out, exporter)
                rootFailures = FormatOption.writeRootFiles(
                    of: exporter, mentionTypes: Set(loaded.compiled.targets.map(\.type)), to: out)
            }
            let batch = StreamBatch(
                sources: paths, rules: loaded.compiled,
                json: JSONLinesExporter(offsetUnit: unit, rules: loaded.compiled.rules), destination: destination,
                shard: shard.flatMap(Shard.init))
            let (jobs, verbose) = (jobs, verbose)
            let totals = Parallel.onOwnThread { batch.run(jobs: jobs, verbose: verbose) }
            let failures = totals.failures + rootFailures
            Annotate.printSummary(
                totals, failures: failures, ruleWarnings: loaded.warnings, since: started,
                compileSeconds: compileSeconds)
            return (failures, ruleFiles)
        }
        if !noOutput { try Annotate.prepareOutputFolder(out) }
        if resume {
            let removed = FileIO.removeStaleTemporaryFiles(under: out)
            if removed > 0 {
                Terminal.error("note: removed \(removed) temporary files an interrupted run left in \(out)")
            }
        }
        let previous = noOutput ? nil : RerunRecord.load(from: out)
        var (files, missing) = CorpusFiles.collect(paths, excluding: noOutput ? nil : out)
        if let shard = shard.flatMap(Shard.init) { files = files.filter { shard.contains($0.id) } }
        // Two inputs that would write the same output (x.txt and x.TXT): keep the first.
        var outputs: [String: String] = [:]
        files = files.filter { file in
            if let first = outputs[file.id] {
                missing.append(
                    CorpusFiles.Problem(path: file.path, reason: "its output would replace that of \(first)"))
                return false
            }
            outputs[file.id] = file.path
            return true
        }
        for problem in missing { Terminal.error("error: \(problem.path): \(problem.reason)") }
        if files.isEmpty && missing.isEmpty {
            Terminal.error("warning: no .txt files under \(paths.joined(separator: ", "))")
        }
        let exporter = try FormatOption.exporter(
            format, offsets: offsets == .utf16 ? .utf16 : .codepoint, rules: loaded.compiled.rules)
        let batch = Batch(
            files: files, rules: loaded.compiled, exporter: exporter, outFolder: out, compare: previous != nil,
            write: !noOutput, lossy: lossy, resume: resume ? ResumeCheck(rules: loaded.compiled.rules, unit: unit) : nil
        )
        let (jobs, verbose) = (jobs, verbose)
        var totals = Parallel.onOwnThread { batch.run(jobs: jobs, verbose: verbose) }
        if !noOutput {
            totals.failures += FormatOption.writeRootFiles(
                of: exporter, mentionTypes: Set(loaded.compiled.targets.map(\.type)), to: out)
        }
        let failures = totals.failures + missing.count
        Annotate.printSummary(
            totals, failures: failures, ruleWarnings: loaded.warnings, since: started, compileSeconds: compileSeconds)
        if resume { Terminal.error("--resume: \(totals.current) documents were current and kept") }
        if noOutput { return (failures, ruleFiles) }
        if let previous {
            let changes = totals.changes
            let newDocuments = totals.newDocuments > 0 ? "; \(totals.newDocuments) new documents" : ""
            if changes.byLayer.values.allSatisfy(\.isEmpty) {
                Terminal.error("since the previous run: no changes\(newDocuments)")
            } else {
                Terminal.error("since the previous run: \(changes.layers)\(newDocuments)")
                Terminal.error("by rule: \(changes.rules)")
            }
            if previous.rulesSHA256 == loaded.compiled.rules.sha256 && previous.rulesPath == rules
                && (previous.includeSHA256s ?? []) == loaded.compiled.rules.includes.map(\.sha256)
            {
                Terminal.error("note: the rule file and its includes are unchanged since the previous run")
            }
        }
        RerunRecord(
            rulesPath: rules, rulesSHA256: loaded.compiled.rules.sha256,
            includeSHA256s: loaded.compiled.rules.includes.map(\.sha256), finished: Date(), documents: totals.documents,
            mentions: totals.mentions, quotes: totals.quotes, stances: totals.stances
        ).save(to: out)
        return (failures, ruleFiles)
    }

    /// The one summary line of a run, on standard error: the time and MB/s count from the end of
    /// the rule compile, which is reported apart.
    static func printSummary(
        _ totals: Batch.Totals, failures: Int, ruleWarnings: Int, since started: DispatchTime, compileSeconds: Double
    ) {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let megabytes = Double(totals.bytes) / 1_000_000
        Terminal.error(
            "\(totals.documents) document\(totals.documents == 1 ? "" : "s"), \(totals.mentions) mentions, "
                + "\(totals.quotes) quotes, \(totals.stances) stances, \(totals.warnings + ruleWarnings) warnings, "
                + "\(failures) failures in \(String(format: "%.3f", seconds)) s "
                + "(\(String(format: "%.1f", seconds > 0 ? megabytes / seconds : 0)) MB/s); "
                + "rules compiled in \(String(format: "%.3f", compileSeconds)) s")
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
        /// Document warnings offered for printing; past ``Batch/shownWarnings`` only `--verbose`
        /// prints them.
        var printedWarnings = 0
        /// Changes since the previous run, over documents that had an earlier output.
        var changes = AnnotationDiff.Summary()
        var newDocuments = 0
        /// Documents skipped by --resume because their output was current.
        var current = 0
    }

    /// How many document warnings a run prints without `--verbose`.
    static let shownWarnings = 20

    /// At most this many files are annotated together before they are written, so that the
    /// SHA-256 digests of their texts are computed together (``SourceText/precomputeSHA256(of:)``,
    /// four lanes at a time); fewer when there are not 4 groups for each job.
    static let groupSize = 16

    /// The size of the groups `count` items are annotated in: `limit`, fewer when that would not
    /// give each of `jobs` workers 4 groups, at least 1.
    static func groupSize(of count: Int, limit: Int, jobs: Int) -> Int {
        max(1, min(limit, count / (4 * max(1, jobs))))
    }

    /// The note on document warnings that were counted but not printed, if any.
    static func noteHiddenWarnings(_ totals: Totals, verbose: Bool) {
        if !verbose && totals.printedWarnings > shownWarnings {
            Terminal.error(
                "note: \(totals.printedWarnings - shownWarnings) more document warnings not shown; use --verbose to see all"
            )
        }
    }

    let files: [CorpusFile]
    let rules: CompiledRules
    let exporter: MultiFormatExporter
    let outFolder: String
    /// Whether to compare each document with its previous output (there was a previous run).
    var compare = false
    /// Whether to write outputs at all (`--no-output` times the engine alone).
    var write = true
    /// Whether to replace ill-formed UTF-8 by U+FFFD instead of refusing the document.
    var lossy = false
    /// When resuming: what makes an output current.
    var resume: ResumeCheck?

    func run(jobs: Int, verbose: Bool) -> Totals {
        let totals = Locked(Totals())
        let progress = ProgressBar(total: files.count, label: "annotating")
        let size = Batch.groupSize(of: files.count, limit: Batch.groupSize, jobs: jobs)
        Parallel.forEach((files.count + size - 1) / size, jobs: jobs) { group in
            let files = Array(files[(group * size)..<min((group + 1) * size, files.count)])
            for (file, result) in zip(files, process(files)) { note(result, of: file) }
        }
        /// Adds the outcome of a file to the totals, printing its failure or warnings.
        @Sendable func note(_ result: Result<Outcome, Failure>, of file: CorpusFile) {
            totals.withLock { totals in
                switch result {
                case .success(let outcome) where outcome.current:
                    totals.current += 1
                case .success(let outcome):
                    totals.documents += 1
                    totals.mentions += outcome.mentions
                    totals.quotes += outcome.quotes
                    totals.stances += outcome.stances
                    totals.warnings += outcome.warnings.count
                    totals.bytes += outcome.bytes
                    if compare {
                        if let changes = outcome.changes {
                            totals.changes.add(changes)
                        } else {
                            totals.newDocuments += 1
                        }
                    }
                    for warning in outcome.warnings {
                        if verbose || totals.printedWarnings < Batch.shownWarnings {
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
        progress.finish()
        let result = totals.withLock { $0 }
        Batch.noteHiddenWarnings(result, verbose: verbose)
        return result
    }

    struct Outcome {
        var mentions: Int
        var quotes: Int
        var stances: Int
        var warnings: [String]
        var bytes: Int
        /// Changes since the previous output of this document; `nil` when it had none.
        var changes: [AnnotationDiff.Change]?
        /// Skipped by --resume: the output was current.
        var current = false
    }

    struct Failure: Error {
        var text: String
    }

    /// Annotates and writes a group of files: all are annotated, then their digests are computed
    /// together, then each is written.
    /// - Returns: the result of each file, in order.
    private func process(_ files: [CorpusFile]) -> [Result<Outcome, Failure>] {
        var results: [Result<Outcome, Failure>?] = Array(repeating: nil, count: files.count)
        var documents: [AnnotatedDocument] = []
        var annotated: [(index: Int, warnings: [String], bytes: Int)] = []
        for (index, file) in files.enumerated() {
            do {
                switch try annotate(file) {
                case .finished(let outcome):
                    results[index] = .success(outcome)
                case .annotated(let document, let warnings, let bytes):
                    documents.append(document)
                    annotated.append((index, warnings, bytes))
                }
            } catch {
                results[index] = .failure(Batch.failure(error))
            }
        }
        SourceText.precomputeSHA256(of: &documents)
        for (document, file) in zip(documents, annotated) {
            do {
                results[file.index] = .success(
                    try write(document, of: files[file.index], warnings: file.warnings, bytes: file.bytes))
            } catch {
                results[file.index] = .failure(Batch.failure(error))
            }
        }
        return results.map { $0! }
    }

    /// What annotating a file gives: an outcome already (current, or not to be written), or a
    /// document to write with its warnings and its size in bytes.
    private enum Annotated {
        case finished(Outcome)
        case annotated(AnnotatedDocument, warnings: [String], bytes: Int)
    }

    /// The failure that an error of ``annotate(_:)`` or ``write(_:of:warnings:bytes:)`` reports.
    private static func failure(_ error: any Error) -> Failure {
        switch error {
        case let error as Failure: error
        case let error as DocumentError: Failure(text: error.description)
        case let error as XMLError: Failure(text: "cannot write XML: \(error)")
        default: Failure(text: "\(error.localizedDescription)")
        }
    }

    private func annotate(_ file: CorpusFile) throws -> Annotated {
        let bytes = try FileIO.read(file.path)
        if let resume, resume.isCurrent(file.outputPath(in: outFolder, extension: "xml"), for: bytes),
            exporter.formats.allSatisfy({
                FileIO.exists(file.outputPath(in: outFolder, extension: $0.fileExtension))
            })
        {
            return .finished(
                Outcome(mentions: 0, quotes: 0, stances: 0, warnings: [], bytes: 0, changes: nil, current: true))
        }
        let source = try SourceText(id: file.id, path: file.path, bytes: bytes, lossy: lossy)
        let document = rules.annotate(source)
        let positions = LineIndex(bytes).positions(ofAscending: document.warnings.map(\.span.start))
        var warnings = zip(document.warnings, positions).map { warning, position in
            "\(file.path):\(position.line):\(position.column): warning: \(warning.message)"
        }
        if source.replacements.invalidUTF8 > 0 {
            warnings.append(
                "\(file.path): warning: \(source.replacements.invalidUTF8) ill-formed UTF-8 sequences "
                    + "replaced by U+FFFD (--lossy); offsets count the replaced text")
        }
        if let bad = XMLCharacters.firstDisallowed(in: source.text) {
            let count = source.text.unicodeScalars.filter { !XMLCharacters.isAllowed($0.value) }.count
            let (line, column) = LineIndex(bytes).position(of: bad.byteOffset)
            warnings.append(
                "\(file.path):\(line):\(column): warning: \(count) characters XML 1.0 cannot carry "
                    + "(first U+\(String(format: "%04X", bad.scalar))) are written as U+FFFD in XML; offsets are unchanged"
            )
        }
        guard write else {
            return .finished(
                Outcome(
                    mentions: document.mentions.count, quotes: document.quotes.count,
                    stances: document.stances.count, warnings: warnings, bytes: bytes.count, changes: nil))
        }
        return .annotated(document, warnings: warnings, bytes: bytes.count)
    }

    /// Writes the outputs of an annotated document.
    private func write(_ document: AnnotatedDocument, of file: CorpusFile, warnings: [String], bytes: Int) throws
        -> Outcome
    {
        let outputs = try exporter.files(for: document)
        let target = file.outputPath(in: outFolder, extension: "xml")
        let folder = CorpusFilesPath.parent(of: target)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(text: "cannot create the output folder \(folder): \(error.localizedDescription)")
        }
        let changes = compare ? RerunRecord.changes(since: target, to: document) : nil
        for output in outputs {
            try FileIO.writeAtomically(output.bytes, to: file.outputPath(in: outFolder, extension: output.name))
        }
        return Outcome(
            mentions: document.mentions.count, quotes: document.quotes.count, stances: document.stances.count,
            warnings: warnings, bytes: bytes, changes: changes)
    }
}

enum CorpusFilesPath {
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// What makes an existing output current for --resume: the same source text (SHA-256), the same
/// rule file and includes, and the same offset unit, read from the head of the native XML.
struct ResumeCheck: Sendable {
    let rulesSHA256: String
    let includeSHA256s: [String]
    let unit: OffsetUnit

    init(rules: RuleSet, unit: OffsetUnit) {
        rulesSHA256 = rules.sha256
        includeSHA256s = rules.includes.map(\.sha256)
        self.unit = unit
    }

    func isCurrent(_ output: String, for source: [UInt8]) -> Bool {
        guard let header = NativeXMLHeader.read(output) else { return false }
        return header.offsetUnit == unit.rawValue && header.rulesSHA256 == rulesSHA256
            && header.includeSHA256s == includeSHA256s && header.sourceSHA256 == SHA256.hex(of: source)
    }
}
