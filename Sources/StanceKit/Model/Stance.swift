/// Quoted or reported speech and who said it.
public struct Quote: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable {
        /// Words between quotation marks.
        case direct
        /// A reported clause: "X told reporters that …", "according to X, …".
        case indirect
    }

    /// The quoted words without their quotation marks, or the reported clause (UTF-8 bytes).
    public var span: Span
    public var kind: Kind
    /// Index into ``AnnotatedDocument/mentions`` of the speaker, if one was found.
    public var speaker: Int?
    /// The attribution verb or phrase ("said", "according to"), if one was found.
    public var attribution: Span?

    public init(span: Span, kind: Kind, speaker: Int?, attribution: Span?) {
        self.span = span
        self.kind = kind
        self.speaker = speaker
        self.attribution = attribution
    }
}

/// Someone for or against someone or something, on the evidence of a cue.
public struct Stance: Hashable, Sendable {
    /// How the holder was chosen.
    public enum HolderSource: String, Sendable, Hashable {
        /// The `{holder}` slot of a pattern.
        case pattern
        /// The entity that is the subject of the cue's clause.
        case subject
        /// A pronoun subject ("he"), resolved to the last person named as a subject.
        case pronoun
        /// The speaker of the quote the cue is in.
        case speaker
        /// The subject shared with an earlier verb of the sentence ("X praised … but rejected …").
        case sharedSubject = "shared-subject"
        /// The agent of a passive verb ("was rejected by Moscow").
        case passiveAgent = "passive-agent"
    }

    /// How the target was chosen.
    public enum TargetSource: String, Sendable, Hashable {
        /// The `{target}` slot of a pattern.
        case pattern
        /// The nearest entity or topic the cue governs in its clause.
        case object
        /// Inside a quote, the entity the quoted clause is about (its subject).
        case quoteSubject = "quote-subject"
        /// "it" or "this" after the cue, resolved to the last target or topic.
        case antecedent
        /// The subject of a passive verb ("the framework was rejected by …").
        case passiveSubject = "passive-subject"
    }

    /// Index into ``AnnotatedDocument/mentions`` of the holder.
    public var holder: Int
    /// Index into ``AnnotatedDocument/mentions`` of the target (an entity or a topic mention).
    public var target: Int
    public var polarity: Polarity
    /// The cue's span (UTF-8 bytes).
    public var cue: Span
    /// Whether a negator flipped the cue's polarity.
    public var negated: Bool
    /// The cue rule: id, `word`, `phrase` or `pattern`, and its rule-file line.
    public var rule: RuleReference
    public var holderSource: HolderSource
    public var targetSource: TargetSource
    /// Index into ``AnnotatedDocument/quotes`` when the cue is inside a quote.
    public var quote: Int?

    public init(
        holder: Int, target: Int, polarity: Polarity, cue: Span, negated: Bool, rule: RuleReference,
        holderSource: HolderSource, targetSource: TargetSource, quote: Int? = nil
    ) {
        self.holder = holder
        self.target = target
        self.polarity = polarity
        self.cue = cue
        self.negated = negated
        self.rule = rule
        self.holderSource = holderSource
        self.targetSource = targetSource
        self.quote = quote
    }
}
