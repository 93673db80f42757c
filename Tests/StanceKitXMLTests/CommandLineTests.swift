import Foundation
import StanceKit
import StanceKitXML
import Testing

/// Runs the built `stancekit` tool end to end.
@Suite struct CommandLineTests {
    struct Run: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `stancekit` binary built beside this test bundle.
    static let tool: URL = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("stancekit")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: Project.path(".build/debug/stancekit"))
    }()

    static func run(_ arguments: [String], in folder: String = Project.root) throws -> Run {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "stancekit-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func annotatesTheCorpusIntoValidXML() throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Self.run(["annotate", "corpus", "--rules", "rules/summit.yaml", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("2 documents, 100 mentions, 15 quotes, 7 stances, 0 warnings, 0 failures in "))
        #expect(!run.stderr.contains("\u{1B}["), "no progress bar when standard error is a pipe")
        for seed in Project.seeds {
            let name = seed.split(separator: "/").last!.replacingOccurrences(of: ".txt", with: ".xml")
            let xml = try #require(FileManager.default.contents(atPath: "\(out)/\(name)"))
            #expect(Project.schema.validate([UInt8](xml)).isEmpty)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "no temporary files remain")
    }

    @Test func aBadDocumentIsNamedAndTheOthersAreWritten() throws {
        let input = try Self.temporaryFolder()
        let out = try Self.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: out)
        }
        try FileManager.default.createDirectory(atPath: "\(input)/nested/deeper", withIntermediateDirectories: true)
        try Data(Project.bytes(Project.seeds[0])).write(to: URL(fileURLWithPath: "\(input)/good.txt"))
        try Data(Project.bytes(Project.seeds[1])).write(
            to: URL(fileURLWithPath: "\(input)/nested/deeper/also good.txt"))
        try Data([0x50, 0x75, 0x74, 0x69, 0x6E, 0xFE, 0x0A]).write(
            to: URL(fileURLWithPath: "\(input)/nested/latin1.txt"))
        try Data("ignored".utf8).write(to: URL(fileURLWithPath: "\(input)/notes.md"))

        let run = try Self.run([
            "annotate", input, "--rules", Project.path("rules/summit.yaml"), "--out", out, "--jobs", "2",
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: \(input)/nested/latin1.txt: not valid UTF-8 at byte 5"), "\(run.stderr)")
        #expect(run.stderr.contains("2 documents, 100 mentions, 15 quotes, 7 stances, 0 warnings, 1 failures"))
        #expect(FileManager.default.fileExists(atPath: "\(out)/good.xml"))
        #expect(
            FileManager.default.fileExists(atPath: "\(out)/nested/deeper/also good.xml"),
            "the output mirrors the input tree")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/nested/latin1.xml"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/notes.xml"))
        let xml = try #require(FileManager.default.contents(atPath: "\(out)/nested/deeper/also good.xml"))
        #expect(Project.schema.validate([UInt8](xml)).isEmpty)
        let root = try XMLTreeReader.parse([UInt8](xml))
        #expect(root.attributes["id"] == "nested/deeper/also good")
    }

    @Test func aBrokenRuleFileStopsBeforeAnyOutput() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rules = "\(folder)/bad.yaml"
        try Data("version: 1\nentities:\n  - id: x\n    type: GPE\n    nmae: X\n".utf8).write(
            to: URL(fileURLWithPath: rules))
        let run = try Self.run(["annotate", "corpus", "--rules", rules, "--out", "\(folder)/out"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(rules):5:5: error: unknown key 'nmae' in entity; did you mean 'name'?"))
        #expect(run.stderr.contains("\(rules):3:5: error: entity 'x' is missing required key 'name'"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/out"), "nothing is written")

        let check = try Self.run(["check", rules])
        #expect(check.status == 1)
        #expect(check.stderr.contains("\(rules):5:5: error: unknown key 'nmae' in entity; did you mean 'name'?"))
    }

    @Test func badFileNamesAndOutputFoldersAreNamed() throws {
        let input = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: input) }
        try Data(Project.bytes(Project.seeds[0])).write(to: URL(fileURLWithPath: "\(input)/good.TXT"))
        try Data(Project.bytes(Project.seeds[1])).write(to: URL(fileURLWithPath: "\(input)/Zürich news é.txt"))
        // A file name that is not UTF-8 ("caf\xE9.txt").
        let badName = Array("\(input)/caf".utf8) + [0xE9] + Array(".txt".utf8) + [0]
        let fd = badName.withUnsafeBufferPointer {
            open(
                $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: badName.count) { $0 }, O_CREAT | O_WRONLY,
                0o644)
        }
        #expect(fd >= 0)
        close(fd)
        let run = try Self.run(["annotate", input, "--rules", "rules/summit.yaml", "--out", "\(input)/out"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("the file name is not valid UTF-8"), "\(run.stderr)")
        #expect(run.stderr.contains("2 documents, "))
        #expect(FileManager.default.fileExists(atPath: "\(input)/out/good.xml"), ".TXT counts as text")
        #expect(FileManager.default.fileExists(atPath: "\(input)/out/Zürich news é.xml"), "non-ASCII names and spaces")

        let notAFolder = "\(input)/good.TXT"
        let refused = try Self.run(["annotate", "corpus", "--rules", "rules/summit.yaml", "--out", notAFolder])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error: --out \(notAFolder) is a file, not a folder; nothing was written"))
    }

    @Test func checkAcceptsTheShippedRules() throws {
        let run = try Self.run(["check", "rules/summit.yaml"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("rules/summit.yaml: 19 entities, "))
        #expect(run.stderr.contains("0 errors, 0 warnings"))
    }

    @Test func variantsPrintsEverySurfaceFormAsTSV() throws {
        let run = try Self.run(["variants", "rules/summit.yaml"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "surface\tentity\ttype\trule\tline")
        #expect(lines.contains("Russian Foreign Minister Sergei Lavrov\tlavrov\tPERSON\tlavrov:title+name\t33"))
        #expect(lines.contains("foreign minister Lavrov\tlavrov\tPERSON\tlavrov:title+family\t33"))
        #expect(lines.contains("U.S.\tunited-states\tGPE\tunited-states:alias\t79"))
        #expect(
            lines.contains("U.S. president Donald Trump\ttrump\tPERSON\ttrump:title+name\t12"),
            "acronyms keep their case")
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: "\t").count == 5 })
    }

    @Test func utf16OffsetsOnRequest() throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Self.run([
            "annotate", "Tests/Fixtures/unicode/crlf-bom-emoji.txt", "--rules", "Tests/Fixtures/unicode/rules.yaml",
            "--out", out, "--offsets", "utf16",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let xml = try #require(FileManager.default.contents(atPath: "\(out)/crlf-bom-emoji.xml"))
        let root = try XMLTreeReader.parse([UInt8](xml))
        #expect(root.attributes["offsetUnit"] == "utf16")
        #expect(root.child("mentions")?.children.first?.attributes["start"] == "6")
    }
}
