import Foundation
import StanceKit
import StanceKitXML
import Testing

/// `stancekit annotate --format` and `stancekit export`, end to end.
@Suite struct ExportCommandTests {
    static let everyFormat = "native,gate,xmi,tei,brat"

    static func names(in folder: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var names: [String] = []
        while let item = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: "\(folder)/\(item)", isDirectory: &isDirectory)
            if exists && !isDirectory.boolValue && !item.hasPrefix(".") { names.append(item) }
        }
        return names.sorted()
    }

    @Test func annotateWritesEveryFormatInTheMirroredTree() throws {
        let input = try CommandLineTests.temporaryFolder()
        let out = try CommandLineTests.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: out)
        }
        try FileManager.default.createDirectory(atPath: "\(input)/nested", withIntermediateDirectories: true)
        try Data(Project.bytes(Project.seeds[0])).write(to: URL(fileURLWithPath: "\(input)/a.txt"))
        try Data(Project.bytes(Project.seeds[1])).write(to: URL(fileURLWithPath: "\(input)/nested/b.txt"))

        let run = try CommandLineTests.run([
            "annotate", input, "--rules", "rules/summit.yaml", "--out", out, "--format", Self.everyFormat,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            try Self.names(in: out) == [
                "TypeSystem.xml", "a.ann", "a.gate.xml", "a.tei.xml", "a.txt", "a.xmi", "a.xml", "annotation.conf",
                "nested/b.ann", "nested/b.gate.xml", "nested/b.tei.xml", "nested/b.txt", "nested/b.xmi",
                "nested/b.xml",
            ])
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: "\(out)/nested/b.txt")) == Data(Project.bytes(Project.seeds[1])))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter {
            $0.hasPrefix(".") && $0.contains(".tmp-")
        }
        #expect(leftovers.isEmpty, "no temporary files remain")

        let conf = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(out)/annotation.conf")), as: UTF8.self)
        for type in ["PERSON", "ORG", "GPE", "TOPIC", "Quote"] { #expect(conf.contains("\n\(type)\n"), "\(type)") }
    }

    @Test func exportConvertsNativeXMLIntoTheSameFilesAsAnnotate() throws {
        let direct = try CommandLineTests.temporaryFolder()
        let native = try CommandLineTests.temporaryFolder()
        let exported = try CommandLineTests.temporaryFolder()
        defer {
            for folder in [direct, native, exported] { try? FileManager.default.removeItem(atPath: folder) }
        }
        let fixture = "Tests/Fixtures/unicode/crlf-bom-emoji.txt"
        let rules = "Tests/Fixtures/unicode/rules.yaml"
        var run = try CommandLineTests.run([
            "annotate", "corpus", fixture, "--rules", rules, "--out", direct, "--format", Self.everyFormat,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        run = try CommandLineTests.run([
            "annotate", "corpus", fixture, "--rules", rules, "--out", native, "--offsets", "utf16",
        ])
        #expect(run.status == 0, "\(run.stderr)")

        run = try CommandLineTests.run(["export", native, "--format", "gate,xmi,tei,brat,native", "--out", exported])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("3 documents, "), "\(run.stderr)")
        let names = try Self.names(in: exported)
        #expect(names == (try Self.names(in: direct)))
        #expect(names.contains("Tests/Fixtures/unicode/crlf-bom-emoji.xmi"))
        for name in names where name != "annotation.conf" {
            let want = try Data(contentsOf: URL(fileURLWithPath: "\(direct)/\(name)"))
            let got = try Data(contentsOf: URL(fileURLWithPath: "\(exported)/\(name)"))
            #expect(got == want, "\(name) is what annotate wrote (native XML back in code points)")
        }
        // annotate declares the rules' types, export the types it found: here the same.
        let conf = { (folder: String) in try String(contentsOfFile: "\(folder)/annotation.conf", encoding: .utf8) }
        #expect(
            try conf(exported).contains("\nGPE\nPERSON\nQuote\n") && conf(direct).contains("\nGPE\nPERSON\nQuote\n"))
    }

    @Test func exportNamesABadFileAndWritesTheOthers() throws {
        let input = try CommandLineTests.temporaryFolder()
        let out = try CommandLineTests.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: out)
        }
        var run = try CommandLineTests.run(["annotate", "corpus", "--rules", "rules/summit.yaml", "--out", input])
        #expect(run.status == 0, "\(run.stderr)")
        try Data("<document/>".utf8).write(to: URL(fileURLWithPath: "\(input)/broken.xml"))
        run = try CommandLineTests.run(["export", input, "--format", "tei", "--out", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: \(input)/broken.xml: "), "\(run.stderr)")
        #expect(
            run.stderr.contains("2 documents, ") && run.stderr.contains(" stances, 1 failures in "), "\(run.stderr)")
        #expect(try Self.names(in: out) == ["000_32f255f26210cf97.tei.xml", "003_1aeea6fb13d367bb.tei.xml"])
    }

    @Test func anUnknownFormatIsRefusedBeforeAnyWork() throws {
        let out = try CommandLineTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try CommandLineTests.run([
            "annotate", "corpus", "--rules", "rules/summit.yaml", "--out", out, "--format", "gate,conll",
        ])
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown format 'conll'"), "\(run.stderr)")
        #expect(try Self.names(in: out).isEmpty)
    }
}
