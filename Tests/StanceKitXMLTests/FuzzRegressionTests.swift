import Foundation
import StanceKit
import StanceKitXML
import Testing

/// Replays the fuzzers' seeds and every input they ever crashed on (Tests/Fixtures/fuzz-regressions)
/// through the same checks the fuzz targets run (Fuzz/): each must return normally.
@Suite struct FuzzRegressionTests {
    static func inputs(_ target: String, seeds: String) -> [String] {
        let folders = [Project.path("Tests/Fixtures/fuzz-regressions/\(target)"), Project.path("Fuzz/seeds/\(seeds)")]
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }
                .sorted().map { "\(folder)/\($0)" }
        }
    }

    @Test func ruleParserInputs() throws {
        let files = Self.inputs("RuleParser", seeds: "rules")
        #expect(files.count >= 3)
        for file in files { FuzzChecks.ruleFile(try FileIO.read(file)) }
    }

    @Test func engineInputs() throws {
        let files = Self.inputs("Engine", seeds: "engine")
        #expect(files.count >= 3)
        for file in files { FuzzChecks.document(try FileIO.read(file)) }
    }

    @Test func xmlReaderInputs() throws {
        let files = Self.inputs("XMLReader", seeds: "xml")
        #expect(files.count >= 1)
        for file in files { XMLFuzzChecks.nativeXML(try FileIO.read(file)) }
    }
}
