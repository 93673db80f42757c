import Foundation
import StanceKit
import StanceKitXML
import Testing

/// The edit-and-rerun loop end to end: annotate, edit a rule, rerun, diff, eval, explain, stats.
@Suite struct EditRerunLoopTests {
    typealias CLI = CommandLineTests

    /// Annotates the corpus with a copy of rules/summit.yaml, then again without the alias "US".
    static func twoRuns() throws -> (folder: String, first: CLI.Run, second: CLI.Run) {
        let folder = try CLI.temporaryFolder()
        let rules = "\(folder)/summit.yaml"
        let original = String(decoding: Project.bytes("rules/summit.yaml"), as: UTF8.self)
        try original.write(toFile: rules, atomically: true, encoding: .utf8)
        let first = try CLI.run(["annotate", "corpus", "--rules", rules, "--out", "\(folder)/out"])
        try FileManager.default.copyItem(atPath: "\(folder)/out", toPath: "\(folder)/before")
        let edited = original.replacingOccurrences(of: "aliases: [U.S., US, USA,", with: "aliases: [U.S., USA,")
        #expect(edited != original)
        try edited.write(toFile: rules, atomically: true, encoding: .utf8)
        let second = try CLI.run(["annotate", "corpus", "--rules", rules, "--out", "\(folder)/out"])
        return (folder, first, second)
    }

    @Test func removingAVariantShowsExactlyItsMentions() throws {
        let (folder, first, second) = try Self.twoRuns()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(first.status == 0 && second.status == 0)
        #expect(!first.stderr.contains("since the previous run"))
        #expect(second.stderr.contains("since the previous run: mentions +0 -2 ~0, quotes +0 -0 ~0, stances +0 -0 ~0"))
        #expect(second.stderr.contains("by rule: -2 united-states:alias"))

        let diff = try CLI.run(["diff", "\(folder)/before", "\(folder)/out"])
        #expect(diff.status == 1, "differences exit 1, like diff(1)")
        let changes = diff.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(changes.count == 2)
        #expect(
            changes.allSatisfy {
                $0.contains("- mention") && $0.contains("GPE united-states name united-states:alias")
                    && $0.contains("[US]")
            })
        #expect(diff.stdout.contains("003_1aeea6fb13d367bb\n"))
        #expect(diff.stdout.contains("by rule: -2 united-states:alias"))
        #expect(
            diff.stdout.contains("diff: 1 of 2 documents changed; mentions +0 -2 ~0, quotes +0 -0 ~0, stances +0 -0 ~0")
        )

        let same = try CLI.run(["diff", "\(folder)/out", "\(folder)/out"])
        #expect(same.status == 0)
        #expect(same.stdout.contains("diff: 0 of 2 documents changed"))
    }

    @Test func evalOnTheSeedsAndAStrictLenientFixture() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try CLI.run(["annotate", "corpus", "--rules", "rules/summit.yaml", "--out", "\(folder)/seeds"])
        let seeds = try CLI.run(["eval", "--gold", "Tests/Fixtures/gold", "\(folder)/seeds"])
        #expect(seeds.status == 0)
        let row = { (run: CLI.Run, label: String) in
            run.stdout.split(separator: "\n").first { $0.hasPrefix(label) }.map {
                $0.split(separator: " ").dropFirst().map(String.init)
            } ?? []
        }
        #expect(row(seeds, "mentions") == ["1.000", "1.000", "1.000", "1.000", "1.000", "1.000", "84", "84"])
        #expect(row(seeds, "stances") == ["1.000", "1.000", "1.000", "7", "7"])

        _ = try CLI.run([
            "annotate", "Tests/Fixtures/eval/corpus", "--rules", "Tests/Fixtures/eval/rules.yaml", "--out",
            "\(folder)/fixture",
        ])
        let fixture = try CLI.run([
            "eval", "--gold", "Tests/Fixtures/eval/gold", "\(folder)/fixture", "--show", "errors",
        ])
        #expect(row(fixture, "mentions") == ["0.667", "0.667", "0.667", "1.000", "1.000", "1.000", "3", "3"])
        #expect(fixture.stdout.contains("MISS        meeting mention PERSON trump [0,22)"))
        #expect(fixture.stdout.contains("FALSE ALARM meeting mention PERSON trump [10,22) (trump:name)"))

        let json = try CLI.run(["eval", "--gold", "Tests/Fixtures/eval/gold", "\(folder)/fixture", "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let strict = report?["strict"] as? [String: Any]
        #expect(strict?["truePositives"] as? Int == 2)
        #expect((report?["lenient"] as? [String: Any])?["truePositives"] as? Int == 3)
    }

    @Test func explainAndStats() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try CLI.run(["annotate", "corpus", "--rules", "rules/summit.yaml", "--out", folder])
        let file = "\(folder)/000_32f255f26210cf97.xml"
        let at = try CLI.run(["explain", file, "--at", "2040"])
        #expect(at.status == 0)
        #expect(at.stdout.contains("st3 ukraine favor ceasefire on \"accepted\" [2037,2045)"))
        #expect(at.stdout.contains("holder m49 \"Ukraine\": the subject of the cue's clause"))
        #expect(at.stdout.contains("rules/summit.yaml:129  words: [accept, welcome, endorse, support, back]"))
        let lavrov = try CLI.run(["explain", file, "--entity", "lavrov"])
        let mentionLines = lavrov.stdout.split(separator: "\n").filter { $0.hasPrefix("m") }
        #expect(mentionLines.count == 3)
        #expect(mentionLines.allSatisfy { $0.hasSuffix("PERSON lavrov") })
        #expect(lavrov.stdout.contains("rule lavrov:title+name (variant title+name, name)"))

        let stats = try CLI.run(["stats", folder, "--csv"])
        let lines = stats.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "entity,type,mentions,documents")
        #expect(lines.contains { $0.hasPrefix("trump,PERSON,") && $0.hasSuffix(",2") })
        #expect(lines.contains("holder,target,favor,against"))
        #expect(lines.contains("zelenskyy,russia,0,1"))
        let table = try CLI.run(["stats", folder])
        #expect(table.stdout.contains("2 documents"))
    }

    @Test func watchRerunsWhenTheRuleFileIsSaved() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rules = "\(folder)/summit.yaml"
        let original = String(decoding: Project.bytes("rules/summit.yaml"), as: UTF8.self)
        try original.write(toFile: rules, atomically: true, encoding: .utf8)
        let log = "\(folder)/stderr.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = CLI.tool
        process.arguments = ["annotate", "corpus", "--rules", rules, "--out", "\(folder)/out", "--watch"]
        process.currentDirectoryURL = URL(fileURLWithPath: Project.root)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer {
            // SIGKILL: the test runner's threads may block SIGTERM, and the child inherits that mask.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        func waitFor(_ text: String) -> Bool {
            for _ in 0..<300 {  // up to a minute on a slow machine
                if String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: log))) ?? Data(), as: UTF8.self)
                    .contains(text)
                {
                    return true
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
            return false
        }
        #expect(waitFor("watching \(rules)"))
        try original.replacingOccurrences(of: "aliases: [U.S., US, USA,", with: "aliases: [U.S., USA,")
            .write(toFile: rules, atomically: true, encoding: .utf8)
        #expect(waitFor("by rule: -2 united-states:alias"))
        #expect(process.isRunning)
    }
}

/// Behaviours a docs review found missing, each pinned down.
@Suite struct ReviewFindingsTests {
    typealias CLI = CommandLineTests

    @Test func quotesContinueAcrossWrappedLinesButNotParagraphs() {
        let rules = Project.compile("rules/summit.yaml")
        let wrapped = rules.annotate(
            SourceText(id: "w", path: "w", text: "\"We reject the\ncease-fire,\" Lavrov said."))
        #expect(wrapped.quotes.count == 1)
        #expect(wrapped.quotes.first.flatMap { $0.speaker }.map { wrapped.mentions[$0].entity } == "lavrov")
        let paragraphs = rules.annotate(
            SourceText(id: "p", path: "p", text: "\"We reject it.\nPutin spoke. Lavrov left.\""))
        #expect(paragraphs.quotes.isEmpty, "an unclosed quote ends with its paragraph")
    }

    @Test func evalOfOurOwnBratExportScoresOnlyMentions() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try CLI.run([
            "annotate", "corpus", "--rules", "rules/summit.yaml", "--out", "\(folder)/brat", "--format", "brat",
        ])
        _ = try CLI.run(["annotate", "corpus", "--rules", "rules/summit.yaml", "--out", "\(folder)/out"])
        let run = try CLI.run(["eval", "--gold", "\(folder)/brat", "\(folder)/out"])
        #expect(run.stdout.contains("mentions                              1.000  1.000  1.000"), "\(run.stdout)")
    }

    @Test func collidingOutputsUsageAndUnreadableFiles() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: "\(folder)/in", withIntermediateDirectories: true)
        try "Putin spoke.".write(toFile: "\(folder)/in/x.TXT", atomically: true, encoding: .utf8)
        try "Lavrov spoke.".write(toFile: "\(folder)/in/x.txt", atomically: true, encoding: .utf8)
        let collide = try CLI.run([
            "annotate", "\(folder)/in", "--rules", "rules/summit.yaml", "--out", "\(folder)/in/out",
        ])
        #expect(collide.status == 1)
        #expect(
            collide.stderr.contains("x.txt: its output would replace that of \(folder)/in/x.TXT"), "\(collide.stderr)")
        let again = try CLI.run([
            "annotate", "\(folder)/in", "--rules", "rules/summit.yaml", "--out", "\(folder)/in/out",
        ])
        #expect(again.stderr.contains("1 document, "), "the output folder inside the input is not read")

        let usage = try CLI.run(["annotate", "-", "--rules", "rules/summit.yaml", "--out", "-", "--format", "gate"])
        #expect(usage.status == 64)

        try FileManager.default.createDirectory(atPath: "\(folder)/bad", withIntermediateDirectories: true)
        try "<document xmlns=\"urn:stancekit:standoff:1\"".write(
            toFile: "\(folder)/bad/x.xml", atomically: true, encoding: .utf8)
        let diff = try CLI.run(["diff", "\(folder)/bad", "\(folder)/bad"])
        #expect(diff.status == 2)
        let stats = try CLI.run(["stats", "\(folder)/bad"])
        #expect(stats.status == 1)
    }
}

/// JSON Lines in and out, and shards.
@Suite struct JSONLinesTests {
    typealias CLI = CommandLineTests

    /// 15 documents with two ambiguity warnings each: 20 are printed, the other 10 counted in a
    /// note, and `--verbose` prints all 30.
    @Test func jsonLinesWarningsPastTwentyAreCountedInANote() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
        version: 1
        entities:
          - id: anna-smith
            type: PERSON
            name: Anna Smith
          - id: bob-smith
            type: PERSON
            name: Bob Smith
        """.write(toFile: "\(folder)/smiths.yaml", atomically: true, encoding: .utf8)
        let lines = (0..<15).map { "{\"id\": \"d\($0)\", \"text\": \"Smith met Smith.\"}" }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: "\(folder)/in.jsonl", atomically: true, encoding: .utf8)
        for verbose in [false, true] {
            let run = try CLI.run(
                ["annotate", "\(folder)/in.jsonl", "--rules", "\(folder)/smiths.yaml", "--no-output"]
                    + (verbose ? ["--verbose"] : []))
            #expect(run.status == 0, "\(run.stderr)")
            let printed = run.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") && $0.contains("(d") }
            #expect(printed.count == (verbose ? 30 : 20), "\(run.stderr)")
            // Each warning names its input line: d0 is on line 1, d11 on line 12.
            #expect(run.stderr.contains("warning: \(folder)/in.jsonl:1 (d0): "), "\(run.stderr)")
            #expect(run.stderr.contains("warning: \(folder)/in.jsonl:12 (d11): ") == verbose, "\(run.stderr)")
            // The 30 document warnings and the rule file's warning that 'Smith' is shared.
            #expect(run.stderr.contains("31 warnings"), "\(run.stderr)")
            let note = "note: 10 more document warnings not shown; use --verbose to see all"
            #expect(run.stderr.contains(note) == !verbose, "\(run.stderr)")
        }
    }

    @Test func aRepeatedIdIsAWarningWithItsLine() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // "\u{E9}" and "e\u{301}" are one id, as Swift compares strings.
        let ids = ["a", "\u{E9}", "b", "a", "e\u{301}"] + (0..<100).map { "d\($0)" } + ["d7"]
        let lines = try ids.map { id in
            String(
                decoding: try JSONSerialization.data(withJSONObject: ["id": id, "text": "Lavrov said."]), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: "\(folder)/in.jsonl", atomically: true, encoding: .utf8)
        let run = try CLI.run(["annotate", "\(folder)/in.jsonl", "--rules", "rules/summit.yaml", "--no-output"])
        #expect(run.status == 0, "\(run.stderr)")
        let repeats = run.stderr.split(separator: "\n").filter { $0.hasSuffix("was seen before") }
        #expect(
            repeats == [
                "warning: \(folder)/in.jsonl:4: the id 'a' was seen before",
                "warning: \(folder)/in.jsonl:5: the id 'e\u{301}' was seen before",
                "warning: \(folder)/in.jsonl:106: the id 'd7' was seen before",
            ], "\(run.stderr)")
    }

    @Test func jsonLinesOutCarriesTheAnnotationsAndShardsCoverEveryDocument() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var lines: [String] = []
        for index in 0..<30 {
            let text = "\"We reject the U.S. cease-fire,\" Lavrov said. Document \(index) \u{1F600}."
            let data = try JSONSerialization.data(withJSONObject: ["id": "d\(index)", "text": text, "n": index])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: "\(folder)/in.jsonl", atomically: true, encoding: .utf8)

        let run = try CLI.run(["annotate", "\(folder)/in.jsonl", "--rules", "rules/summit.yaml", "--out", "-"])
        #expect(run.status == 0, "\(run.stderr)")
        let objects = run.stdout.split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.count == 30)
        let first = try #require(objects.first ?? nil)
        #expect(first["id"] as? String == "d0")
        let text = "\"We reject the U.S. cease-fire,\" Lavrov said. Document 0 \u{1F600}."
        let mentions = try #require(first["mentions"] as? [[String: Any]])
        for mention in mentions {
            let start = try #require(mention["start"] as? Int)
            let end = try #require(mention["end"] as? Int)
            #expect(slice(text, start, end, unit: .codepoint) == mention["text"] as? String)
        }
        let stance = try #require((first["stances"] as? [[String: Any]])?.first)
        #expect(stance["holderEntity"] as? String == "lavrov")
        #expect(stance["targetTopic"] as? String == "ceasefire")
        #expect(stance["quote"] as? String == "q1")
        #expect(stance["line"] as? Int != nil)
        let quote = try #require((first["quotes"] as? [[String: Any]])?.first)
        #expect(quote["speakerEntity"] as? String == "lavrov")
        #expect(quote["attributionStart"] as? Int != nil)

        var seen: [String] = []
        for shard in 0..<3 {
            let part = try CLI.run([
                "annotate", "\(folder)/in.jsonl", "--rules", "rules/summit.yaml", "--out", "-", "--shard", "\(shard)/3",
            ])
            seen += part.stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
            }
        }
        #expect(seen.sorted() == (0..<30).map { "d\($0)" }.sorted(), "the shards cover every document exactly once")
    }

    /// With 2 jobs the chunks grow from 128 lines and are annotated while the next is read: 1,000
    /// lines span four chunks of different sizes, and come out in input order, as with 1 job.
    @Test func twoJobsWriteWhatOneJobWritesInInputOrder() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let texts = [
            "\u{201C}We reject the U.S. cease-fire,\u{201D} Lavrov said.", "Trump urged Zelenskyy \u{1F600}.",
            "No entity here at all.",
        ]
        var lines = try (0..<1_000).map { index in
            let data = try JSONSerialization.data(withJSONObject: ["id": "d\(index)", "text": texts[index % 3]])
            return String(decoding: data, as: UTF8.self)
        }
        // A blank line and a bad one where one job's first chunk (256 documents) ends: file lines
        // 256 and 257.
        lines.insert(contentsOf: ["  ", "{not json"], at: 255)
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: "\(folder)/in.jsonl", atomically: true, encoding: .utf8)
        var outputs: [String] = []
        var bundles: [[UInt8]] = []
        for jobs in ["1", "2"] {
            let run = try CLI.run([
                "annotate", "\(folder)/in.jsonl", "--rules", "rules/summit.yaml", "--out", "-", "--jobs", jobs,
            ])
            #expect(run.status == 1, "the bad line fails the run")
            #expect(run.stderr.contains("in.jsonl:257: not a JSON object"), "\(run.stderr)")
            #expect(run.stderr.contains("1000 documents") && run.stderr.contains("1 failures"), "\(run.stderr)")
            let ids = run.stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
            }
            #expect(ids == (0..<1_000).map { "d\($0)" })
            outputs.append(run.stdout)
            let bundle = try CLI.run([
                "annotate", "\(folder)/in.jsonl", "--rules", "rules/summit.yaml", "--out", "\(folder)/bundle-\(jobs)",
                "--bundle", "--jobs", jobs,
            ])
            #expect(bundle.status == 1)
            bundles.append(try FileIO.read("\(folder)/bundle-\(jobs)/in.xml"))
        }
        #expect(outputs[0] == outputs[1])
        #expect(!bundles[0].isEmpty && bundles[0] == bundles[1])
    }

    @Test func aBundleHoldsExactlyTheSingleFilesAndReadsBack() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let texts = [
            "\u{FEFF}\u{201C}We reject the U.S. cease-fire,\u{201D} Lavrov said.\r\nTrump urged Zelenskyy \u{1F600}.",
            "Cafe\u{301} talks: Rubio-Lavrov meeting, then Foreign Minister Lavrov rejected the plan.",
            "No entity here at all.",
        ]
        var lines: [String] = []
        for index in 0..<12 {
            let data = try JSONSerialization.data(withJSONObject: ["id": "d\(index)", "text": texts[index % 3]])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: "\(folder)/news.jsonl", atomically: true, encoding: .utf8)

        let single = try CLI.run([
            "annotate", "\(folder)/news.jsonl", "--rules", "rules/summit.yaml", "--out", "\(folder)/single",
        ])
        #expect(single.status == 0, "\(single.stderr)")
        let bundled = try CLI.run([
            "annotate", "\(folder)/news.jsonl", "--rules", "rules/summit.yaml", "--out", "\(folder)/bundle", "--bundle",
        ])
        #expect(bundled.status == 0, "\(bundled.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(folder)/bundle") == ["news.xml"])
        let bundle = try FileIO.read("\(folder)/bundle/news.xml")
        #expect(Project.schema.validate(bundle).isEmpty, "\(Project.schema.validate(bundle))")

        // Each member is byte for byte the single file without its XML declaration.
        let declaration = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
        var members: [UInt8] = []
        for index in 0..<12 {
            let file = try FileIO.read("\(folder)/single/d\(index).xml")
            #expect(Array(file.prefix(declaration.count)) == declaration)
            members += file.dropFirst(declaration.count)
        }
        let head = Array(bundle.prefix { $0 != 0x0A })
        let body = Array(bundle.dropFirst(head.count + 1).drop { $0 != 0x0A }.dropFirst())
        let expected = members + Array("</corpus>\n".utf8)
        let firstDifference = zip(body, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(
            body.count == expected.count && firstDifference == nil, "first differing byte: \(firstDifference ?? -1)")

        let (imported, isBundle) = try NativeXMLImporter.readAll(bundle)
        #expect(isBundle)
        #expect(imported.map(\.document.source.id) == (0..<12).map { "d\($0)" })
        for member in imported {
            let text = member.document.source.text
            #expect(texts.contains(text))
            for mention in member.document.mentions {
                #expect(!member.document.source.surface(mention.span).isEmpty && mention.span.end <= text.utf8.count)
            }
        }
        #expect(imported[0].document.mentions.contains { $0.entity == "lavrov" })
        #expect(throws: XMLError.self) { try NativeXMLImporter.read(bundle) }

        // The commands that read outputs read bundles, by document id.
        let stats = try CLI.run(["stats", "\(folder)/bundle"])
        #expect(stats.stdout.contains("12 documents"), "\(stats.stdout)\(stats.stderr)")
        let diff = try CLI.run(["diff", "\(folder)/single", "\(folder)/bundle"])
        #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
        #expect(!diff.stdout.contains("d0"), "no document differs: \(diff.stdout)")
        let export = try CLI.run(["export", "\(folder)/bundle", "--format", "brat", "--out", "\(folder)/brat"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(folder)/brat/d11.ann"))

        let shard = try CLI.run([
            "annotate", "\(folder)/news.jsonl", "--rules", "rules/summit.yaml", "--out", "\(folder)/bundle", "--bundle",
            "--shard", "1/3",
        ])
        #expect(shard.status == 0)
        #expect(FileManager.default.fileExists(atPath: "\(folder)/bundle/news.shard-1-of-3.xml"))
        let mixed = try CLI.run(["annotate", "corpus", "--rules", "rules/summit.yaml", "--out", folder, "--bundle"])
        #expect(mixed.status != 0)
        #expect(mixed.stderr.contains("--bundle needs JSON Lines input"))
    }
}
