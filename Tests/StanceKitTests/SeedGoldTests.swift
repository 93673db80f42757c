import Foundation
import StanceKit
import Testing

/// The seed articles against their gold (Tests/Fixtures/gold, copied from ../shared/gold/seeds).
@Suite struct SeedGoldTests {
    struct Key: Hashable, CustomStringConvertible {
        var start: Int
        var end: Int
        var entity: String
        var description: String { "\(entity)@\(start)-\(end)" }
    }

    /// Gold PERSON/ORG/GPE mentions, names and descriptors (pronouns are stance holders only).
    static func gold(_ name: String) throws -> Set<Key> {
        let ann = try BratAnnotations(parsing: Project.text("Tests/Fixtures/gold/\(name).ann"))
        var keys: Set<Key> = []
        for bound in ann.textBounds where ["PERSON", "ORG", "GPE"].contains(bound.type) {
            if ann.attribute("MentionKind", of: bound.id) == "pronoun" { continue }
            let entity = try #require(ann.reference(of: bound.id))
            keys.insert(Key(start: bound.fragments[0].lowerBound, end: bound.fragments[0].upperBound, entity: entity))
        }
        return keys
    }

    static func found(_ name: String) throws -> Set<Key> {
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: Project.path("corpus/\(name).txt"))))
        let source = try SourceText(id: name, path: name, bytes: bytes)
        let document = Project.summit.annotate(source)
        let converter = OffsetConverter(text: source.text)
        return Set(
            document.mentions.map {
                Key(
                    start: converter.offset($0.span.start, in: .codepoint),
                    end: converter.offset($0.span.end, in: .codepoint),
                    entity: $0.entity ?? "?")
            })
    }

    @Test func corpusHoldsTheSeedsByteIdentical() throws {
        for name in Project.seedNames {
            let corpus = FileManager.default.contents(atPath: Project.path("corpus/\(name).txt"))
            let gold = FileManager.default.contents(atPath: Project.path("Tests/Fixtures/gold/\(name).txt"))
            #expect(corpus != nil && corpus == gold, "\(name)")
        }
    }

    @Test func entityMentionsMatchGoldWithHighPrecisionAndRecall() throws {
        var truePositives = 0
        var goldCount = 0
        var foundCount = 0
        for name in Project.seedNames {
            let gold = try Self.gold(name)
            let found = try Self.found(name)
            truePositives += gold.intersection(found).count
            goldCount += gold.count
            foundCount += found.count
            let missed = gold.subtracting(found).sorted { $0.start < $1.start }
            let spurious = found.subtracting(gold).sorted { $0.start < $1.start }
            if !missed.isEmpty || !spurious.isEmpty {
                print("\(name): missed \(missed), spurious \(spurious)")
            }
        }
        #expect(goldCount == 84, "the gold has 84 entity mentions")
        let precision = Double(truePositives) / Double(max(foundCount, 1))
        let recall = Double(truePositives) / Double(max(goldCount, 1))
        print(
            "seeds: precision \(precision), recall \(recall) (\(truePositives) of \(goldCount) gold, \(foundCount) found)"
        )
        #expect(precision >= 0.95)
        #expect(recall >= 0.95)
    }
}
