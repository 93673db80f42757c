import Dispatch
import Foundation
import StanceKit
import StanceKitXML

/// Annotates documents read from JSON Lines (one object a line with `id` and `text`), in chunks:
/// memory stays bounded by the chunk, whatever the size of the input. Results go to standard
/// output as JSON Lines (`--out -`), to an output folder as a file per document, to one bundle file
/// per input (`--bundle`), or nowhere (`--no-output`).
struct StreamBatch {
    /// Where results go.
    enum Destination {
        case standardOutput
        case folder(String, MultiFormatExporter)
        /// One native XML file per input in this folder: ``bundlePath(of:in:shard:)``.
        case bundle(String, NativeXMLExporter)
        case nowhere
    }

    /// With 2 jobs or more, a chunk ends at this many documents at most (fewer at the start of an
    /// input: ``firstChunkSize``) or at ``chunkBytes`` of input, whichever comes first.
    /// Memory holds at most three chunks with their results: one being read, one being annotated
    /// and one being written.
    static let chunkSize = 4096
    static let chunkBytes = 4 << 20
    /// With 2 jobs or more, an input's first chunk ends at this many documents, and each next one
    /// may hold twice as many as the one before, up to ``chunkSize``: the workers start after a
    /// short read instead of waiting for a whole chunk.
    static let firstChunkSize = 128
    /// With 1 job, a chunk ends at this many documents (or at ``chunkBytes``): nothing overlaps, so
    /// a large chunk buys nothing and costs memory. A chunk's outputs stay in memory until it is
    /// written, and 4,096 documents' worth (7 MB of XML for Reuters-21578) grew the batch thread's
    /// heap and gave it back at every chunk: 13,228 page faults in a Reuters XML bundle run
    /// against 3,650 with chunks of 256 (best of 12 taking turns: 42.0 -> 51.1 MB/s).
    static let singleJobChunkSize = 256
    /// At most this many lines are annotated together before they are exported, so that their
    /// texts' SHA-256 digests are computed together (``SourceText/precomputeSHA256(of:)``, four
    /// lanes at a time): the more texts, the fewer blocks a lane hashes alone at the end.
    static let groupSize = 64
    /// The members a line's document is read from.
    static let documentMembers = JSONLine.Members(["id", "text"])

    let sources: [String]
    let rules: CompiledRules
    let json: JSONLinesExporter
    let destination: Destination
    let shard: Shard?

    func run(jobs: Int, verbose: Bool) -> Batch.Totals {
        var totals = Batch.Totals()
        var seen = IDSet()
        for source in sources {
            let reader: LineReader
            var bundle: (file: AtomicFileWriter, tail: [UInt8])?
            do {
                reader = try LineReader(path: source)
                if case .bundle(let folder, let exporter) = destination {
                    let file = try AtomicFileWriter(path: StreamBatch.bundlePath(of: source, in: folder, shard: shard))
                    let (head, tail) = try exporter.bundle(source: source, shard: shard?.description)
                    try file.write(head)
                    bundle = (file, tail)
                }
            } catch {
                Terminal.error("error: \(source): \(error.readReason)")
                totals.failures += 1
                continue
            }
            /// Where this input's results go; a bundle that cannot be written stops its input.
            func emit(_ output: [UInt8]) -> Bool {
                guard !output.isEmpty else { return true }
                guard let bundle else {
                    FileHandle.standardOutput.write(Data(output))
                    return true
                }
                do {
                    try bundle.file.write(output)
                    return true
                } catch {
                    Terminal.error("error: \(bundle.file.path): \(error.readReason); nothing was written for \(source)")
                    totals.failures += 1
                    return false
                }
            }
            /// "SOURCE:", which every line's location starts with.
            let prefix = Array("\(source):".utf8)
            var failed = false
            var lines: [(number: Int, line: ArraySlice<UInt8>)] = []
            var lineBytes = 0
            var chunkSize = jobs <= 1 ? StreamBatch.singleJobChunkSize : StreamBatch.firstChunkSize
            /// With 2 jobs or more, the chunk on the worker threads while this thread reads the next
            /// one and writes the one before: reading and writing overlap the annotation.
            var running: (chunk: Chunk, group: DispatchGroup)?
            var atEnd = false
            while !atEnd {
                var next: ArraySlice<UInt8>?
                do {
                    next = try reader.next()
                } catch {
                    // What was read before the error is still annotated and written.
                    Terminal.error("error: \(source): \(error.readReason)")
                    totals.failures += 1
                    next = nil
                }
                atEnd = next == nil
                if let line = next, !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    lines.append((reader.lineNumber, line))
                    lineBytes += line.count
                }
                guard
                    lines.count == chunkSize || lineBytes >= StreamBatch.chunkBytes
                        || (atEnd && !lines.isEmpty)
                else { continue }
                if jobs > 1 { chunkSize = min(2 * chunkSize, StreamBatch.chunkSize) }
                let chunk = Chunk(lines, prefix: prefix, jobs: jobs)
                lines = []
                lineBytes = 0
                if jobs <= 1 {
                    for group in 0..<chunk.groups { annotate(chunk, group: group) }
                    guard emit(collect(chunk, verbose: verbose, seen: &seen, into: &totals)) else {
                        failed = true
                        break
                    }
                    continue
                }
                let group = Parallel.start(chunk.groups, jobs: jobs) { annotate(chunk, group: $0) }
                if let previous = running {
                    previous.group.wait()
                    guard emit(collect(previous.chunk, verbose: verbose, seen: &seen, into: &totals)) else {
                        group.wait()
                        running = nil
                        failed = true
                        break
                    }
                }
                running = (chunk, group)
            }
            if let running, !failed {
                running.group.wait()
                failed = !emit(collect(running.chunk, verbose: verbose, seen: &seen, into: &totals))
            }
            if let bundle, !failed, emit(bundle.tail) {
                do {
                    try bundle.file.commit()
                } catch {
                    Terminal.error("error: \(bundle.file.path): \(error.readReason)")
                    totals.failures += 1
                }
            }
        }
        Batch.noteHiddenWarnings(totals, verbose: verbose)
        return totals
    }

    /// "SOURCE:LINE", a line's location, from `prefix` ("SOURCE:"): one allocation, where string
    /// interpolation cost about 2,000 instructions a line.
    static func location(_ prefix: [UInt8], line: Int) -> String {
        precondition(line >= 0)
        var digits = 1
        var rest = line
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return String(unsafeUninitializedCapacity: prefix.count + digits) { buffer in
            _ = buffer.initialize(from: prefix)
            var value = line
            for k in stride(from: prefix.count + digits - 1, through: prefix.count, by: -1) {
                buffer[k] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            return prefix.count + digits
        }
    }

    /// The bundle file of a JSON Lines input: `FOLDER/NAME.xml` for `NAME.jsonl` (`stdin.xml` for
    /// standard input), `NAME.shard-I-of-N.xml` when only a shard is written.
    static func bundlePath(of source: String, in folder: String, shard: Shard?) -> String {
        var name = source == "-" ? "stdin" : String(source.split(separator: "/").last ?? "input")
        if name.lowercased().hasSuffix(".jsonl") { name.removeLast(6) }
        if let shard { name += ".shard-\(shard.index)-of-\(shard.count)" }
        return "\(folder)/\(name).xml"
    }

    /// What the totals and the terminal need of an annotated document. The document itself is
    /// freed on the worker thread that made it, where its memory came from.
    private struct Summary {
        var id: String
        var mentions: Int
        var quotes: Int
        var stances: Int
        /// The warnings; each builds its message only when printed, which costs more than
        /// annotating a short document.
        var warnings: [DocumentWarning]

        init(_ document: AnnotatedDocument) {
            id = document.source.id
            mentions = document.mentions.count
            quotes = document.quotes.count
            stances = document.stances.count
            warnings = document.warnings
        }
    }

    private enum Outcome {
        case skipped
        case failed(String)
        case done(document: Summary, bytes: Int, output: [UInt8])
    }

    /// Input lines and, once annotated, their outcomes, which worker threads fill in by index.
    private final class Chunk: Sendable {
        /// The lines, with their 1-based numbers in the input.
        let lines: [(number: Int, line: ArraySlice<UInt8>)]
        /// "SOURCE:", which every line's location starts with.
        let prefix: [UInt8]
        /// One a line, `.skipped` until the line's group is annotated.
        let outcomes: Locked<[Outcome]>

        /// Lines in a group: ``StreamBatch/groupSize``, fewer when the chunk is too small to give
        /// each job 4 groups.
        let groupSize: Int

        init(_ lines: [(number: Int, line: ArraySlice<UInt8>)], prefix: [UInt8], jobs: Int) {
            self.lines = lines
            self.prefix = prefix
            outcomes = Locked([Outcome](repeating: .skipped, count: lines.count))
            groupSize = Batch.groupSize(of: lines.count, limit: StreamBatch.groupSize, jobs: jobs)
        }

        /// The groups of ``groupSize`` lines (the last one may be shorter).
        var groups: Int { (lines.count + groupSize - 1) / groupSize }

        /// "SOURCE:LINE", the location of line `index`: made only where something shows it (a
        /// document's path, a message), which saved one string a line with no output.
        func location(of index: Int) -> String { StreamBatch.location(prefix, line: lines[index].number) }
    }

    /// Annotates group `group` of `chunk` (lines `group * chunk.groupSize` on), computes the
    /// SHA-256 digests of its texts together, then exports each document and stores its outcome;
    /// called on worker threads. With no output, each document gives its summary as soon as it
    /// is made and is freed then: nothing is exported, and no digest is needed.
    private func annotate(_ chunk: Chunk, group: Int) {
        let lines = (group * chunk.groupSize)..<min((group + 1) * chunk.groupSize, chunk.lines.count)
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(lines.count)
        let workspace = AnnotationWorkspace()
        var noOutput = false
        if case .nowhere = destination { noOutput = true }
        var documents: [AnnotatedDocument] = []
        /// For each document kept for export, its index in `outcomes`.
        var slots: [Int] = []
        for index in lines {
            // With no output nothing reads a document's path: it is left empty.
            let location = noOutput ? "" : chunk.location(of: index)
            switch annotate(chunk.lines[index].line, at: location, in: workspace) {
            case .document(let document) where noOutput:
                outcomes.append(export(document))
            case .document(let document):
                documents.append(document)
                slots.append(outcomes.count)
                outcomes.append(.skipped)
            case .finished(let outcome):
                outcomes.append(outcome)
            }
        }
        if !documents.isEmpty {
            SourceText.precomputeSHA256(of: &documents)
            // By index: iterating the documents would copy each (its arrays and strings retained).
            for k in documents.indices { outcomes[slots[k]] = export(documents[k]) }
        }
        chunk.outcomes.withLock { all in
            // Swapped in, not copied: the chunk's `.skipped` placeholders go back with `outcomes`.
            for (k, index) in lines.enumerated() { swap(&all[index], &outcomes[k]) }
        }
    }

    /// What annotating a line gives: a document to export, or the outcome of a line that gives
    /// none (skipped or failed).
    private enum Annotated {
        case document(AnnotatedDocument)
        case finished(Outcome)
    }

    /// Adds an annotated chunk to `totals`, reporting its failures and warnings.
    /// - Returns: the chunk's output, in input order (JSON Lines or bundle members).
    private func collect(
        _ chunk: Chunk, verbose: Bool, seen: inout IDSet, into totals: inout Batch.Totals
    ) -> [UInt8] {
        // Taken out of the chunk, which is done with them, and read by index: iterating them
        // copied every outcome (its strings and arrays retained and released).
        var outcomes: [Outcome] = []
        chunk.outcomes.withLock { swap(&outcomes, &$0) }
        // One allocation for the chunk's output: appending to a growing array copied it about
        // twice over (20 M instructions of copying a Reuters bundle run).
        var size = 0
        for index in outcomes.indices {
            if case .done(_, _, let lines) = outcomes[index] { size += lines.count }
        }
        var output: [UInt8] = []
        output.reserveCapacity(size)
        for index in outcomes.indices {
            switch outcomes[index] {
            case .skipped:
                continue
            case .failed(let reason):
                totals.failures += 1
                Terminal.error("error: \(chunk.location(of: index)): \(reason)")
            case .done(let document, let bytes, let lines):
                if !seen.insert(document.id) {
                    Terminal.error("warning: \(chunk.location(of: index)): the id '\(document.id)' was seen before")
                    totals.warnings += 1
                }
                totals.documents += 1
                totals.mentions += document.mentions
                totals.quotes += document.quotes
                totals.stances += document.stances
                totals.warnings += document.warnings.count
                totals.bytes += bytes
                for warning in document.warnings {
                    if verbose || totals.printedWarnings < Batch.shownWarnings {
                        Terminal.error("warning: \(chunk.location(of: index)) (\(document.id)): \(warning.message)")
                    }
                    totals.printedWarnings += 1
                }
                // Documents written elsewhere (--no-output, a file each) add nothing: appending
                // their empty arrays allocated anyway (19,043 calls in a Reuters run).
                if !lines.isEmpty { output += lines }
            }
        }
        return output
    }

    /// The annotated document of a line, or why there is none.
    private func annotate(_ line: ArraySlice<UInt8>, at location: String, in workspace: AnnotationWorkspace)
        -> Annotated
    {
        let members: [String?]
        do {
            members = try JSONLine.strings(StreamBatch.documentMembers, in: line)
        } catch {
            return .finished(.failed("not a JSON object with \"id\" and \"text\": \(error)"))
        }
        guard let id = members[0], let text = members[1] else {
            return .finished(.failed("a line needs the string members \"id\" and \"text\""))
        }
        if let shard, !shard.contains(id) { return .finished(.skipped) }
        return .document(rules.annotate(SourceText(id: id, path: location, text: text), in: workspace))
    }

    /// Exports an annotated document to the destination.
    private func export(_ document: AnnotatedDocument) -> Outcome {
        let (id, location, text) = (document.source.id, document.source.path, document.source.text)
        switch destination {
        case .nowhere:
            return .done(document: Summary(document), bytes: text.utf8.count, output: [])
        case .standardOutput:
            return .done(
                document: Summary(document), bytes: text.utf8.count,
                output: json.line(for: document))
        case .bundle(_, let exporter):
            do {
                return .done(
                    document: Summary(document), bytes: text.utf8.count,
                    output: try exporter.export(document, declaration: false))
            } catch {
                return .failed("cannot write XML: \(error)")
            }
        case .folder(let folder, let exporter):
            guard StreamBatch.isSafe(id) else {
                return .failed("the id '\(id)' cannot name a file (empty, absolute, or with '..')")
            }
            do {
                let file = CorpusFile(path: location, relativePath: id)
                let target = file.outputPath(in: folder, extension: "xml")
                // Ids without a folder write straight into the output folder, which exists.
                let parent = CorpusFilesPath.parent(of: target)
                if parent != folder {
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                }
                for output in try exporter.files(for: document) {
                    try FileIO.writeAtomically(output.bytes, to: file.outputPath(in: folder, extension: output.name))
                }
                return .done(document: Summary(document), bytes: text.utf8.count, output: [])
            } catch {
                return .failed("\(error)")
            }
        }
    }

    /// Whether an id can name an output file under the output folder.
    static func isSafe(_ id: String) -> Bool {
        !id.isEmpty && !id.hasPrefix("/") && !id.split(separator: "/").contains("..")
            && !id.unicodeScalars.contains { $0.value < 0x20 }
    }
}

extension Error {
    /// The reason of a document error alone; any other error's description.
    var readReason: String {
        if let error = self as? DocumentError, case .unreadable(let reason) = error { return reason }
        return "\(self)"
    }
}
