import Foundation
import StanceKit
import StanceKitXML
import Testing

/// Dirty documents and hostile XML: nothing crashes, nothing is lost, nothing leaks.
@Suite struct HostileInputTests {
    typealias CLI = CommandLineTests

    @Test func lossyDecodingReplacesAndRecords() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data([0x50, 0x75, 0x74, 0x69, 0x6E, 0x20, 0xFE, 0x20, 0x4C, 0x61, 0x76, 0x72, 0x6F, 0x76, 0xC3]).write(
            to: URL(fileURLWithPath: "\(folder)/latin1.txt"))
        let strict = try CLI.run([
            "annotate", "\(folder)/latin1.txt", "--rules", "rules/summit.yaml", "--out", "\(folder)/a",
        ])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("latin1.txt: not valid UTF-8 at byte 6"))
        let lossy = try CLI.run([
            "annotate", "\(folder)/latin1.txt", "--rules", "rules/summit.yaml", "--out", "\(folder)/b", "--lossy",
        ])
        #expect(lossy.status == 0, "\(lossy.stderr)")
        #expect(lossy.stderr.contains("warning: 2 ill-formed UTF-8 sequences replaced by U+FFFD (--lossy)"))
        let xml = [UInt8](try #require(FileManager.default.contents(atPath: "\(folder)/b/latin1.xml")))
        #expect(Project.schema.validate(xml).isEmpty)
        let root = try XMLTreeReader.parse(xml)
        #expect(root.child("source")?.attributes["replacedInvalidUTF8"] == "2")
        #expect(root.child("text")?.text == "Putin \u{FFFD} Lavrov\u{FFFD}")
        #expect(root.child("mentions")?.children("mention").map(\.text) == ["Putin", "Lavrov"])
    }

    @Test func loneCarriageReturnsAndEmptyFilesSurvive() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "Old Mac text\rPutin spoke.\rLavrov too.".write(
            toFile: "\(folder)/cr.txt", atomically: true, encoding: .utf8)
        try "".write(toFile: "\(folder)/empty.txt", atomically: true, encoding: .utf8)
        let run = try CLI.run(["annotate", folder, "--rules", "rules/summit.yaml", "--out", "\(folder)/out"])
        #expect(run.status == 0, "\(run.stderr)")
        let cr = try XMLTreeReader.parse(
            [UInt8](try #require(FileManager.default.contents(atPath: "\(folder)/out/cr.xml"))))
        let text = try #require(cr.child("text")).text
        #expect(text == "Old Mac text\rPutin spoke.\rLavrov too.")
        for mention in cr.child("mentions")?.children("mention") ?? [] {
            let start = Int(mention.attributes["start"]!)!
            let end = Int(mention.attributes["end"]!)!
            #expect(slice(text, start, end, unit: .codepoint) == mention.text)
        }
        let empty = [UInt8](try #require(FileManager.default.contents(atPath: "\(folder)/out/empty.xml")))
        #expect(Project.schema.validate(empty).isEmpty)
        #expect(try XMLTreeReader.parse(empty).child("source")?.attributes["length"] == "0")
    }

    @Test(arguments: [
        ("<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>", "DOCTYPE"),
        ("<!DOCTYPE d [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]><d>&x;</d>", "DOCTYPE"),
        (
            "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><d>&c;</d>",
            "entity"
        ),
        ("<document xmlns=\"urn:stancekit:standoff:1\" id=\"x\" offsetUnit=\"codepoint\"><source path=", ""),
        ("<document xmlns=\"urn:stancekit:standoff:1\"><text>&undefined;</text></document>", ""),
        (
            "<?xml version=\"1.0\"?><d xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"/etc/passwd\" parse=\"text\"/></d>",
            "not a StanceKit document"
        ),
    ])
    func hostileXMLIsRefusedAndReadsNothing(_ xml: String, _ expected: String) {
        do {
            _ = try NativeXMLImporter.read(Array(xml.utf8))
            Issue.record("accepted hostile XML")
        } catch {
            #expect(!"\(error)".contains("root:"), "no file content leaks into the message")
            if !expected.isEmpty { #expect("\(error)".contains(expected), "\(error)") }
        }
    }

    @Test func hugeAttributesAreRefused() {
        let huge = String(repeating: "a", count: 20_000_000)
        let xml = "<document xmlns=\"urn:stancekit:standoff:1\" id=\"\(huge)\" offsetUnit=\"codepoint\"></document>"
        #expect(throws: XMLError.self) { try NativeXMLImporter.read(Array(xml.utf8)) }
    }

    @Test func exportRefusesHostileXMLByName() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>".write(
            toFile: "\(folder)/evil.xml", atomically: true, encoding: .utf8)
        let run = try CLI.run(["diff", folder, folder])
        #expect(run.stderr.contains("evil.xml"))
        #expect(run.stderr.contains("DOCTYPE"))
        #expect(!run.stdout.contains("root:"))
    }
}

/// A batch killed mid-run leaves each output complete or absent; --resume finishes the rest.
@Suite struct InterruptionTests {
    typealias CLI = CommandLineTests

    @Test func killedBatchLeavesCompleteFilesAndResumeFinishes() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let seed = Project.bytes(Project.seeds[0])
        let total = 1500
        try FileManager.default.createDirectory(atPath: "\(folder)/in", withIntermediateDirectories: true)
        for index in 0..<total {
            try Data(seed).write(to: URL(fileURLWithPath: "\(folder)/in/doc\(index).txt"))
        }
        let process = Process()
        process.executableURL = CLI.tool
        process.arguments = [
            "annotate", "\(folder)/in", "--rules", "rules/summit.yaml", "--out", "\(folder)/out", "--jobs", "2",
        ]
        process.currentDirectoryURL = URL(fileURLWithPath: Project.root)
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for some outputs, then kill the batch without warning.
        for _ in 0..<2400 {  // up to two minutes on a slow or sanitized build
            let written =
                (try? FileManager.default.contentsOfDirectory(atPath: "\(folder)/out"))?.filter { $0.hasSuffix(".xml") }
                .count ?? 0
            if written >= 20 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let written = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/out").filter {
            $0.hasSuffix(".xml")
        }
        try #require(written.count >= 20, "the batch wrote some outputs before it was killed")
        #expect(written.count < total, "the batch was interrupted (if it finished first, the machine is very fast)")
        for name in written {
            let xml = [UInt8](try #require(FileManager.default.contents(atPath: "\(folder)/out/\(name)")))
            #expect(Project.schema.validate(xml).isEmpty, "\(name) is complete and valid")
        }
        let before =
            try FileManager.default.attributesOfItem(atPath: "\(folder)/out/\(written[0])")[.modificationDate] as? Date

        let resumed = try CLI.run([
            "annotate", "\(folder)/in", "--rules", "rules/summit.yaml", "--out", "\(folder)/out", "--resume",
        ])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("--resume: \(written.count) documents were current and kept"))
        #expect(resumed.stderr.contains("\(total - written.count) documents, "))
        let after = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/out")
        #expect(after.filter { $0.hasSuffix(".xml") }.count == total)
        #expect(!after.contains { $0.contains(".tmp-") }, "no temporary file is left")
        let unchanged =
            try FileManager.default.attributesOfItem(atPath: "\(folder)/out/\(written[0])")[.modificationDate] as? Date
        #expect(before == unchanged, "a current output is not rewritten")
    }

    @Test func resumeRewritesOutputsOfOtherRulesOrText() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: "\(folder)/in", withIntermediateDirectories: true)
        try Data(Project.bytes(Project.seeds[0])).write(to: URL(fileURLWithPath: "\(folder)/in/a.txt"))
        try Data(Project.bytes(Project.seeds[1])).write(to: URL(fileURLWithPath: "\(folder)/in/b.txt"))
        _ = try CLI.run(["annotate", "\(folder)/in", "--rules", "rules/summit.yaml", "--out", "\(folder)/out"])
        // b's text changes; a stale temporary file from a dead process lies around.
        try Data("Putin said no.".utf8).write(to: URL(fileURLWithPath: "\(folder)/in/b.txt"))
        try Data("partial".utf8).write(to: URL(fileURLWithPath: "\(folder)/out/.a.xml.tmp-999999-1"))
        let run = try CLI.run([
            "annotate", "\(folder)/in", "--rules", "rules/summit.yaml", "--out", "\(folder)/out", "--resume",
        ])
        #expect(run.stderr.contains("note: removed 1 temporary files an interrupted run left in"))
        #expect(run.stderr.contains("--resume: 1 documents were current and kept"))
        #expect(run.stderr.contains("1 document, "))
        let utf16 = try CLI.run([
            "annotate", "\(folder)/in", "--rules", "rules/summit.yaml", "--out", "\(folder)/out", "--resume",
            "--offsets", "utf16",
        ])
        #expect(
            utf16.stderr.contains("--resume: 0 documents were current and kept"), "another offset unit is not current")
    }
}

/// Large and odd inputs finish in one pass.
@Suite struct LargeInputTests {
    typealias CLI = CommandLineTests

    @Test func aOneMegabyteSingleLineDocumentFinishes() throws {
        // One line, no sentence end, ambiguous names, cues and an unbalanced quote every so often:
        // a quadratic step anywhere would not finish here.
        let unit = "Bush said \"Russia urged the U.S. to reject the truce and Lavrov's plan, "
        var text = String(repeating: unit, count: 1_000_000 / unit.utf8.count)
        text += "\u{201C}unclosed"
        let rules = Project.compile("rules/summit.yaml")
        let document = rules.annotate(SourceText(id: "big", path: "big", text: text))
        #expect(document.mentions.count > 50_000)
        let xml = try NativeXMLExporter(rules: rules.rules).export(document)
        #expect(xml.count > text.utf8.count)
    }

    @Test func linkLoopsAndFolderLinksAreNotFollowed() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: "\(folder)/in/sub", withIntermediateDirectories: true)
        try Data(Project.bytes(Project.seeds[0])).write(to: URL(fileURLWithPath: "\(folder)/in/sub/a.txt"))
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/in/sub/up", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/in/loop.txt", withDestinationPath: "loop.txt")
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/in/link.txt", withDestinationPath: "sub/a.txt")
        let run = try CLI.run(["annotate", "\(folder)/in", "--rules", "rules/summit.yaml", "--out", "\(folder)/out"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("loop.txt: broken link: Too many levels of symbolic links"), "\(run.stderr)")
        #expect(run.stderr.contains("2 documents, "), "a.txt and the link to it; the folder link is not followed")
    }
}
