/// A document with everything the engine found in it. The source text is never changed.
public struct AnnotatedDocument: Sendable, Hashable {
    /// The untouched source.
    public var source: SourceText
    /// Sentences in text order, in UTF-8 bytes.
    public var sentences: [Sentence]
    /// Mentions in text order (entities, topics and resolved pronouns); they never overlap.
    public var mentions: [Mention]
    /// Quotes in text order.
    public var quotes: [Quote]
    /// Stances in text order of their cues.
    public var stances: [Stance]
    /// Problems found while annotating (ambiguous mentions), in text order.
    public var warnings: [DocumentWarning]

    public init(
        source: SourceText, sentences: [Sentence], mentions: [Mention], quotes: [Quote] = [], stances: [Stance] = [],
        warnings: [DocumentWarning] = []
    ) {
        self.source = source
        self.sentences = sentences
        self.mentions = mentions
        self.quotes = quotes
        self.stances = stances
        self.warnings = warnings
    }
}

/// A warning about one place in a document.
public struct DocumentWarning: Hashable, Sendable {
    /// Where, in UTF-8 bytes.
    public var span: Span
    /// What is wrong, in one line.
    public var message: String {
        switch detail {
        case .text(let message):
            return message
        case .ambiguous(let kind, let surface, let candidates, let reason):
            return "ambiguous \(kind == .name ? "name" : "descriptor") '\(surface)': could be "
                + "\(candidates.joined(separator: ", ")); \(reason)"
        }
    }

    /// The parts of the message; an ambiguity's text is only built when it is read (a large
    /// gazetteer has thousands of them a corpus, most only counted).
    private enum Detail: Hashable, Sendable {
        case text(String)
        case ambiguous(kind: MentionKind, surface: String, candidates: [String], reason: String)
    }
    private var detail: Detail

    public init(span: Span, message: String) {
        self.span = span
        detail = .text(message)
    }

    /// An ambiguous name or descriptor: `surface` could be any of `candidates` (entity ids).
    init(ambiguous kind: MentionKind, surface: String, candidates: [String], reason: String, span: Span) {
        self.span = span
        detail = .ambiguous(kind: kind, surface: surface, candidates: candidates, reason: reason)
    }
}
