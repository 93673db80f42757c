/// A document reduced to what evaluation and diffs compare, with offsets in code points.
///
/// Built from our own output (``init(_:)``) or from brat gold (``init(brat:text:id:)``), so that
/// both sides are compared in the same unit whatever they were read from.
public struct EvaluationDocument: Sendable, Hashable {
    public struct Mention: Sendable, Hashable {
        /// Code-point range in the text.
        public var range: Range<Int>
        public var type: String
        /// Entity id; `nil` for an ambiguous mention.
        public var entity: String?
        public var kind: MentionKind
        /// `ENTITY:VARIANT` of the rule that produced it (empty for gold).
        public var rule: String
        public var line: Int

        public init(range: Range<Int>, type: String, entity: String?, kind: MentionKind, rule: String, line: Int) {
            self.range = range
            self.type = type
            self.entity = entity
            self.kind = kind
            self.rule = rule
            self.line = line
        }
    }

    public struct Stance: Sendable, Hashable {
        public var holder: String
        /// Entity or topic id.
        public var target: String
        public var polarity: Polarity
        /// Code-point range of the cue.
        public var cue: Range<Int>
        /// `CUE:VARIANT` of the rule that produced it (empty for gold).
        public var rule: String

        public init(holder: String, target: String, polarity: Polarity, cue: Range<Int>, rule: String) {
            self.holder = holder
            self.target = target
            self.polarity = polarity
            self.cue = cue
            self.rule = rule
        }
    }

    public struct Quote: Sendable, Hashable {
        public var range: Range<Int>
        public var speaker: String?

        public init(range: Range<Int>, speaker: String?) {
            self.range = range
            self.speaker = speaker
        }
    }

    public var id: String
    /// The document's text, for context in reports.
    public var text: String
    /// Mentions of entities (names, descriptors, pronouns) and topics.
    public var mentions: [Mention]
    public var quotes: [Quote]
    public var stances: [Stance]

    /// The mentions entity evaluation scores: names and descriptors of entities (no topics, no pronouns).
    public var entityMentions: [Mention] {
        mentions.filter { ($0.kind == .name || $0.kind == .descriptor) && $0.type != "TOPIC" }
    }

    public init(id: String, text: String, mentions: [Mention], quotes: [Quote] = [], stances: [Stance]) {
        self.id = id
        self.text = text
        self.mentions = mentions
        self.quotes = quotes
        self.stances = stances
    }

    /// Our annotated document, converted to code points.
    /// - Complexity: O(n + a log n).
    public init(_ document: AnnotatedDocument) {
        let converter = OffsetConverter(text: document.source.text)
        func range(_ span: Span) -> Range<Int> {
            converter.offset(span.start, in: .codepoint)..<converter.offset(span.end, in: .codepoint)
        }
        let all = document.mentions
        self.init(
            id: document.source.id, text: document.source.text,
            mentions: all.map {
                Mention(
                    range: range($0.span), type: $0.type, entity: $0.entity, kind: $0.kind, rule: $0.rule.label,
                    line: $0.rule.line)
            },
            quotes: document.quotes.map {
                Quote(range: range($0.span), speaker: $0.speaker.flatMap { all[$0].entity })
            },
            stances: document.stances.map {
                Stance(
                    holder: all[$0.holder].entity ?? "", target: all[$0.target].entity ?? "", polarity: $0.polarity,
                    cue: range($0.cue), rule: $0.rule.label)
            })
    }

    /// Gold in brat standoff, in the convention of the project's gold (see `Tests/Fixtures/gold/GUIDELINES.md`):
    /// PERSON/ORG/GPE/TOPIC text-bounds with `Reference` normalizations, `MentionKind` attributes, and
    /// `StanceCue` events with `Holder` and `Target` roles and a `Polarity` attribute.
    public init(brat: BratAnnotations, text: String, id: String) {
        var mentions: [Mention] = []
        var boundRange: [String: Range<Int>] = [:]
        for bound in brat.textBounds {
            guard let first = bound.fragments.first, let last = bound.fragments.last else { continue }
            boundRange[bound.id] = first.lowerBound..<last.upperBound
            // Cues and quotes are text-bounds too (as StanceKit's brat export writes them), not mentions.
            guard bound.type != "StanceCue" && bound.type != "Quote" else { continue }
            let kind: MentionKind
            switch brat.attribute("MentionKind", of: bound.id) {
            case "descriptor": kind = .descriptor
            case "pronoun": kind = .pronoun
            default: kind = bound.type == "TOPIC" ? .topic : .name
            }
            mentions.append(
                Mention(
                    range: first.lowerBound..<last.upperBound, type: bound.type, entity: brat.reference(of: bound.id),
                    kind: kind, rule: "", line: 0))
        }
        var stances: [Stance] = []
        for event in brat.events where event.type == "StanceCue" {
            let role = { (name: String) in event.arguments.first { $0.role == name }?.target }
            guard let holder = role("Holder").flatMap(brat.reference(of:)),
                let target = role("Target").flatMap(brat.reference(of:)),
                let polarity = brat.attribute("Polarity", of: event.id).flatMap(Polarity.init(rawValue:)),
                let cue = boundRange[event.trigger]
            else { continue }
            stances.append(Stance(holder: holder, target: target, polarity: polarity, cue: cue, rule: ""))
        }
        self.init(id: id, text: text, mentions: mentions, stances: stances)
    }

    /// Up to `radius` characters either side of a range, on one line, with the range in brackets.
    public func context(_ range: Range<Int>, radius: Int = 30) -> String {
        let scalars = Array(text.unicodeScalars)
        let lower = max(0, min(range.lowerBound, scalars.count))
        let upper = max(lower, min(range.upperBound, scalars.count))
        func piece(_ r: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[r])
            return String(view).map { $0.isNewline ? " " : String($0) }.joined()
        }
        let before = piece(max(0, lower - radius)..<lower)
        let after = piece(upper..<min(scalars.count, upper + radius))
        return "…\(before)[\(piece(lower..<upper))]\(after)…"
    }
}
