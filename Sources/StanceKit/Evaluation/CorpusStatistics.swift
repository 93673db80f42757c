/// Counts over an annotated corpus: mentions per entity and type, documents per entity, and a
/// holder × target table of stances.
public struct CorpusStatistics: Sendable, Codable {
    public struct EntityCount: Sendable, Hashable, Codable {
        public var entity: String
        public var type: String
        public var mentions: Int
        public var documents: Int
    }

    public struct StanceCount: Sendable, Hashable, Codable {
        public var holder: String
        public var target: String
        public var favor: Int
        public var against: Int
    }

    public var documents = 0
    /// Entities and topics by mentions, most first.
    public var entities: [EntityCount] = []
    /// Mentions per type, most first.
    public var types: [(type: String, mentions: Int)] {
        Dictionary(grouping: entities, by: \.type).map { ($0.key, $0.value.reduce(0) { $0 + $1.mentions }) }
            .sorted { ($1.1, $0.0) < ($0.1, $1.0) }
    }
    /// Holder × target pairs, most stances first.
    public var stances: [StanceCount] = []

    enum CodingKeys: String, CodingKey { case documents, entities, stances }

    /// - Complexity: O(a log a) for a annotations.
    public init(_ documents: [EvaluationDocument]) {
        self.documents = documents.count
        var mentions: [String: (type: String, mentions: Int, documents: Int)] = [:]
        var pairs: [String: StanceCount] = [:]
        for document in documents {
            var seen: Set<String> = []
            for mention in document.mentions {
                guard let entity = mention.entity else { continue }
                var entry = mentions[entity] ?? (mention.type, 0, 0)
                entry.mentions += 1
                if seen.insert(entity).inserted { entry.documents += 1 }
                mentions[entity] = entry
            }
            for stance in document.stances {
                let key = "\(stance.holder)\t\(stance.target)"
                var count =
                    pairs[key] ?? StanceCount(holder: stance.holder, target: stance.target, favor: 0, against: 0)
                if stance.polarity == .favor { count.favor += 1 } else { count.against += 1 }
                pairs[key] = count
            }
        }
        entities = mentions.map {
            EntityCount(entity: $0.key, type: $0.value.type, mentions: $0.value.mentions, documents: $0.value.documents)
        }
        .sorted { ($1.mentions, $0.entity) < ($0.mentions, $1.entity) }
        stances = pairs.values.sorted {
            ($1.favor + $1.against, $0.holder, $0.target) < ($0.favor + $0.against, $1.holder, $1.target)
        }
    }
}
