/// Precision, recall and F1 of system annotations against gold, like GATE's Annotation Diff.
///
/// Mentions match when type and entity id agree and the spans are identical (strict) or overlap
/// (lenient); each gold and each system mention is used once, exact pairs first. Stances match per
/// document on (holder entity, target, polarity) with overlapping cues.
public struct Evaluator: Sendable {
    /// Counts and the scores derived from them.
    public struct Score: Sendable, Hashable, Codable {
        public var truePositives = 0
        public var gold = 0
        public var system = 0

        public init() {}

        public var precision: Double { system == 0 ? (gold == 0 ? 1 : 0) : Double(truePositives) / Double(system) }
        public var recall: Double { gold == 0 ? (system == 0 ? 1 : 0) : Double(truePositives) / Double(gold) }
        public var f1: Double {
            precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        }

        mutating func add(_ other: Score) {
            truePositives += other.truePositives
            gold += other.gold
            system += other.system
        }
    }

    /// A gold annotation the system missed, or a system annotation with no gold partner.
    public struct Error: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Codable { case miss, falseAlarm = "false-alarm" }
        public var kind: Kind
        public var document: String
        /// `mention` or `stance`.
        public var layer: String
        /// What the annotation says ("PERSON lavrov", "zelenskyy favor tomahawk").
        public var label: String
        public var start: Int
        public var end: Int
        public var context: String
        public var rule: String
    }

    /// Scores of a whole evaluation.
    public struct Report: Sendable, Codable {
        public var documents = 0
        public var strict = Score()
        public var lenient = Score()
        public var strictByType: [String: Score] = [:]
        public var lenientByType: [String: Score] = [:]
        public var strictByEntity: [String: Score] = [:]
        public var lenientByEntity: [String: Score] = [:]
        public var stances = Score()
        /// Strict mention errors and stance errors.
        public var errors: [Error] = []
        /// Documents of the gold that had no system output, and the reverse.
        public var missingOutput: [String] = []
        public var extraOutput: [String] = []
    }

    public init() {}

    /// Evaluates documents paired by id; unpaired ones are listed and their annotations counted
    /// as missed (gold only) or ignored (system only).
    /// - Complexity: O(g × s) per document for g gold and s system annotations.
    public func evaluate(gold: [EvaluationDocument], system: [EvaluationDocument]) -> Report {
        var report = Report()
        let systemByID = Dictionary(system.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let goldIDs = Set(gold.map(\.id))
        report.extraOutput = system.map(\.id).filter { !goldIDs.contains($0) }.sorted()
        for goldDocument in gold.sorted(by: { $0.id < $1.id }) {
            report.documents += 1
            let systemDocument =
                systemByID[goldDocument.id]
                ?? EvaluationDocument(id: goldDocument.id, text: goldDocument.text, mentions: [], stances: [])
            if systemByID[goldDocument.id] == nil { report.missingOutput.append(goldDocument.id) }
            evaluateMentions(goldDocument, systemDocument, into: &report)
            evaluateStances(goldDocument, systemDocument, into: &report)
        }
        return report
    }

    private func evaluateMentions(_ gold: EvaluationDocument, _ system: EvaluationDocument, into report: inout Report) {
        let goldMentions = gold.entityMentions
        let systemMentions = system.entityMentions
        func agree(_ g: EvaluationDocument.Mention, _ s: EvaluationDocument.Mention) -> Bool {
            g.type == s.type && g.entity == s.entity
        }
        let strictPairs = Evaluator.pairs(goldMentions.count, systemMentions.count) { g, s in
            agree(goldMentions[g], systemMentions[s]) && goldMentions[g].range == systemMentions[s].range ? 0 : nil
        }
        let lenientPairs = Evaluator.pairs(goldMentions.count, systemMentions.count) { g, s in
            guard agree(goldMentions[g], systemMentions[s]), goldMentions[g].range.overlaps(systemMentions[s].range)
            else { return nil }
            return goldMentions[g].range == systemMentions[s].range ? 0 : 1
        }
        for (pairs, overall, byType, byEntity) in [
            (strictPairs, \Report.strict, \Report.strictByType, \Report.strictByEntity),
            (lenientPairs, \Report.lenient, \Report.lenientByType, \Report.lenientByEntity),
        ] {
            let matchedGold = Set(pairs.map(\.gold))
            let matchedSystem = Set(pairs.map(\.system))
            for (index, mention) in goldMentions.enumerated() {
                let hit = matchedGold.contains(index) ? 1 : 0
                report[keyPath: overall].gold += 1
                report[keyPath: overall].truePositives += hit
                report[keyPath: byType][mention.type, default: Score()].gold += 1
                report[keyPath: byType][mention.type, default: Score()].truePositives += hit
                report[keyPath: byEntity][mention.entity ?? "?", default: Score()].gold += 1
                report[keyPath: byEntity][mention.entity ?? "?", default: Score()].truePositives += hit
            }
            for mention in systemMentions {
                report[keyPath: overall].system += 1
                report[keyPath: byType][mention.type, default: Score()].system += 1
                report[keyPath: byEntity][mention.entity ?? "?", default: Score()].system += 1
            }
            if overall == \Report.strict {
                for (index, mention) in goldMentions.enumerated() where !matchedGold.contains(index) {
                    report.errors.append(error(.miss, gold, "mention", mention))
                }
                for (index, mention) in systemMentions.enumerated() where !matchedSystem.contains(index) {
                    report.errors.append(error(.falseAlarm, system, "mention", mention))
                }
            }
        }
    }

    private func evaluateStances(_ gold: EvaluationDocument, _ system: EvaluationDocument, into report: inout Report) {
        let pairs = Evaluator.pairs(gold.stances.count, system.stances.count) { g, s in
            let a = gold.stances[g]
            let b = system.stances[s]
            guard a.holder == b.holder, a.target == b.target, a.polarity == b.polarity, a.cue.overlaps(b.cue) else {
                return nil
            }
            return a.cue == b.cue ? 0 : 1
        }
        report.stances.gold += gold.stances.count
        report.stances.system += system.stances.count
        report.stances.truePositives += pairs.count
        let matchedGold = Set(pairs.map(\.gold))
        let matchedSystem = Set(pairs.map(\.system))
        for (index, stance) in gold.stances.enumerated() where !matchedGold.contains(index) {
            report.errors.append(error(.miss, gold, stance))
        }
        for (index, stance) in system.stances.enumerated() where !matchedSystem.contains(index) {
            report.errors.append(error(.falseAlarm, system, stance))
        }
    }

    private func error(
        _ kind: Error.Kind, _ document: EvaluationDocument, _ layer: String, _ mention: EvaluationDocument.Mention
    ) -> Error {
        Error(
            kind: kind, document: document.id, layer: layer, label: "\(mention.type) \(mention.entity ?? "?")",
            start: mention.range.lowerBound, end: mention.range.upperBound, context: document.context(mention.range),
            rule: mention.rule)
    }

    private func error(_ kind: Error.Kind, _ document: EvaluationDocument, _ stance: EvaluationDocument.Stance) -> Error
    {
        Error(
            kind: kind, document: document.id, layer: "stance",
            label: "\(stance.holder) \(stance.polarity.rawValue) \(stance.target)", start: stance.cue.lowerBound,
            end: stance.cue.upperBound, context: document.context(stance.cue), rule: stance.rule)
    }

    /// One-to-one pairs between gold and system items, cheapest first (`cost` nil = no pair).
    static func pairs(_ goldCount: Int, _ systemCount: Int, cost: (Int, Int) -> Int?) -> [(gold: Int, system: Int)] {
        var candidates: [(cost: Int, gold: Int, system: Int)] = []
        for g in 0..<goldCount {
            for s in 0..<systemCount {
                if let c = cost(g, s) { candidates.append((c, g, s)) }
            }
        }
        candidates.sort { ($0.cost, $0.gold, $0.system) < ($1.cost, $1.gold, $1.system) }
        var usedGold: Set<Int> = []
        var usedSystem: Set<Int> = []
        var result: [(gold: Int, system: Int)] = []
        for candidate in candidates where !usedGold.contains(candidate.gold) && !usedSystem.contains(candidate.system) {
            usedGold.insert(candidate.gold)
            usedSystem.insert(candidate.system)
            result.append((candidate.gold, candidate.system))
        }
        return result
    }
}
