/// What changed between two annotations of one document: added, removed and changed
/// mentions, quotes and stances.
///
/// Mentions and quotes are matched by span, stances by cue span (code points); a pair with the
/// same span but another entity, type, kind, rule, speaker, holder, target or polarity is a change.
public enum AnnotationDiff {
    public struct Change: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Codable {
            case added, removed, changed

            /// `+`, `−` or `~`.
            public var sign: String {
                switch self {
                case .added: return "+"
                case .removed: return "-"
                case .changed: return "~"
                }
            }
        }

        public var kind: Kind
        /// `mention`, `quote` or `stance`.
        public var layer: String
        /// Code-point range of the mention, quote or cue.
        public var start: Int
        public var end: Int
        /// The rule of the new annotation (of the old one when removed).
        public var rule: String
        /// What the annotation says; "old → new" for a change.
        public var label: String
        public var context: String
    }

    /// - Complexity: O(a log a) for a annotations.
    public static func changes(old: EvaluationDocument?, new: EvaluationDocument?) -> [Change] {
        let text = new ?? old
        guard let context = text else { return [] }
        var result: [Change] = []

        func compare<Item>(
            _ layer: String, _ oldItems: [Item], _ newItems: [Item], key: (Item) -> Range<Int>,
            describe: (Item) -> String, rule: (Item) -> String
        ) {
            let oldByKey = Dictionary(oldItems.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
            let newByKey = Dictionary(newItems.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
            for (range, item) in newByKey {
                if let before = oldByKey[range] {
                    let was = describe(before)
                    let now = describe(item)
                    if was != now {
                        result.append(
                            Change(
                                kind: .changed, layer: layer, start: range.lowerBound, end: range.upperBound,
                                rule: rule(item), label: "\(was) → \(now)", context: context.context(range)))
                    }
                } else {
                    result.append(
                        Change(
                            kind: .added, layer: layer, start: range.lowerBound, end: range.upperBound,
                            rule: rule(item),
                            label: describe(item), context: context.context(range)))
                }
            }
            for (range, item) in oldByKey where newByKey[range] == nil {
                result.append(
                    Change(
                        kind: .removed, layer: layer, start: range.lowerBound, end: range.upperBound, rule: rule(item),
                        label: describe(item), context: (old ?? context).context(range)))
            }
        }

        compare(
            "mention", old?.mentions ?? [], new?.mentions ?? [], key: \.range,
            describe: { "\($0.type) \($0.entity ?? "?") \($0.kind.rawValue) \($0.rule)" }, rule: \.rule)
        compare(
            "quote", old?.quotes ?? [], new?.quotes ?? [], key: \.range,
            describe: { "speaker \($0.speaker ?? "-")" }, rule: { _ in "quote" })
        compare(
            "stance", old?.stances ?? [], new?.stances ?? [], key: \.cue,
            describe: { "\($0.holder) \($0.polarity.rawValue) \($0.target) \($0.rule)" }, rule: \.rule)
        return result.sorted { ($0.start, $0.layer, $0.kind.rawValue) < ($1.start, $1.layer, $1.kind.rawValue) }
    }

    /// Counts of changes by kind for one layer.
    public struct Tally: Sendable, Hashable, Codable {
        public var added = 0
        public var removed = 0
        public var changed = 0

        public init() {}

        public var isEmpty: Bool { added + removed + changed == 0 }

        /// `+N -M ~K`
        public var description: String { "+\(added) -\(removed) ~\(changed)" }

        public mutating func count(_ kind: Change.Kind) {
            switch kind {
            case .added: added += 1
            case .removed: removed += 1
            case .changed: changed += 1
            }
        }
    }

    /// Tallies by layer and by rule.
    public struct Summary: Sendable, Codable {
        public var documents = 0
        public var changedDocuments = 0
        public var byLayer: [String: Tally] = [:]
        public var byRule: [String: Tally] = [:]

        public init() {}

        public mutating func add(_ changes: [Change]) {
            documents += 1
            if !changes.isEmpty { changedDocuments += 1 }
            for change in changes {
                byLayer[change.layer, default: Tally()].count(change.kind)
                byRule[change.rule, default: Tally()].count(change.kind)
            }
        }

        /// `mentions +0 -2 ~0, quotes +0 -0 ~0, stances +0 -0 ~0`
        public var layers: String {
            ["mention", "quote", "stance"].map { "\($0)s \((byLayer[$0] ?? Tally()).description)" }
                .joined(separator: ", ")
        }

        /// `-2 united-states:alias, +1 lavrov:family`, rules in name order.
        public var rules: String {
            byRule.keys.sorted().compactMap { rule -> String? in
                let tally = byRule[rule]!
                var parts: [String] = []
                if tally.added > 0 { parts.append("+\(tally.added)") }
                if tally.removed > 0 { parts.append("-\(tally.removed)") }
                if tally.changed > 0 { parts.append("~\(tally.changed)") }
                return parts.isEmpty ? nil : "\(parts.joined(separator: " ")) \(rule)"
            }.joined(separator: ", ")
        }
    }
}
