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
            document.mentions.filter { $0.kind == .name || $0.kind == .descriptor }.map {
                Key(
                    start: converter.offset($0.span.start, in: .codepoint),
                    end: converter.offset($0.span.end, in: .codepoint),
                    entity: $0.entity ?? "?")
            })
    }

    struct StanceKey: Hashable, CustomStringConvertible {
        var holder: String
        var target: String
        var polarity: String
        var cue: Range<Int>
        var description: String { "\(holder) \(polarity) \(target) @\(cue)" }

        func matches(_ other: StanceKey) -> Bool {
            holder == other.holder && target == other.target && polarity == other.polarity && cue.overlaps(other.cue)
        }
    }

    static func goldStances(_ name: String) throws -> [StanceKey] {
        let ann = try BratAnnotations(parsing: Project.text("Tests/Fixtures/gold/\(name).ann"))
        let bounds = Dictionary(uniqueKeysWithValues: ann.textBounds.map { ($0.id, $0) })
        return try ann.events.map { event in
            let role = { (name: String) in event.arguments.first { $0.role == name }?.target }
            let holder = try #require(role("Holder").flatMap { ann.reference(of: $0) })
            let target = try #require(role("Target").flatMap { ann.reference(of: $0) })
            let polarity = try #require(ann.attribute("Polarity", of: event.id))
            let cue = try #require(bounds[event.trigger]).fragments[0]
            return StanceKey(holder: holder, target: target, polarity: polarity, cue: cue)
        }
    }

    static func foundStances(_ name: String) throws -> [StanceKey] {
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: Project.path("corpus/\(name).txt"))))
        let source = try SourceText(id: name, path: name, bytes: bytes)
        let document = Project.summit.annotate(source)
        let converter = OffsetConverter(text: source.text)
        return document.stances.map { stance in
            StanceKey(
                holder: document.mentions[stance.holder].entity ?? "?",
                target: document.mentions[stance.target].entity ?? "?", polarity: stance.polarity.rawValue,
                cue: converter.offset(
                    stance.cue.start, in: .codepoint)..<converter.offset(stance.cue.end, in: .codepoint))
        }
    }

    @Test func everyGoldStanceIsFoundWithFewExtras() throws {
        var goldCount = 0
        var extras = 0
        for name in Project.seedNames {
            let gold = try Self.goldStances(name)
            let found = try Self.foundStances(name)
            goldCount += gold.count
            for stance in gold {
                #expect(found.contains { $0.matches(stance) }, "\(name): missed \(stance); found \(found)")
            }
            extras += found.filter { candidate in !gold.contains { $0.matches(candidate) } }.count
        }
        #expect(goldCount == 7)
        print("seed stances: \(goldCount) gold, \(extras) beyond the gold")
        #expect(extras <= 3)
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
