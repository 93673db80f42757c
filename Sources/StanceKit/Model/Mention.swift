/// Whether a mention names its entity or describes it.
public enum MentionKind: String, Sendable, Hashable {
    /// A name or a title with a name ("Sergey Lavrov", "Foreign Minister Lavrov", "U.S.").
    case name
    /// A description that stands for an entity the document already named ("Ukrainian leader").
    case descriptor
    /// A name of a topic ("cease-fire"); its `entity` is the topic id and its type `TOPIC`.
    case topic
    /// A pronoun ("he") resolved to a person, made only where it speaks or holds a stance.
    case pronoun
}

/// Which rule produced an annotation: the entity id, the variant that matched and its rule-file line.
public struct RuleReference: Hashable, Sendable {
    /// The rule's id (an entity id for mentions).
    public var id: String
    /// The variant that matched, such as `title+family` or `alias`.
    public var variant: String
    /// The 1-based line in the rule file of the key that produced the variant; 0 when no rule-file
    /// line did (a resolved pronoun, a built-in default).
    public var line: Int

    public init(id: String, variant: String, line: Int) {
        self.id = id
        self.variant = variant
        self.line = line
    }

    /// `id:variant`, the form written in exports.
    public var label: String { "\(id):\(variant)" }
}

/// A span of text that refers to an entity.
public struct Mention: Hashable, Sendable {
    /// Where the mention is, in UTF-8 bytes.
    public var span: Span
    /// The entity type (`PERSON`, `ORG`, `GPE`, …).
    public var type: String
    /// The entity id, or `nil` when the mention is ambiguous.
    public var entity: String?
    /// For an ambiguous mention, every entity it could refer to (sorted); empty otherwise.
    public var candidates: [String]
    /// Name or descriptor.
    public var kind: MentionKind
    /// The rule that produced the mention.
    public var rule: RuleReference

    public init(
        span: Span, type: String, entity: String?, candidates: [String] = [], kind: MentionKind,
        rule: RuleReference
    ) {
        self.span = span
        self.type = type
        self.entity = entity
        self.candidates = candidates
        self.kind = kind
        self.rule = rule
    }
}

/// A sentence, as a span of UTF-8 bytes.
public struct Sentence: Hashable, Sendable {
    public var span: Span
    public init(span: Span) { self.span = span }
}
