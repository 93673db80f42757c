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
    public var message: String

    public init(span: Span, message: String) {
        self.span = span
        self.message = message
    }
}
