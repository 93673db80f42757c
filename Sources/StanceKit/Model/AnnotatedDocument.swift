/// A document with everything the engine found in it. The source text is never changed.
public struct AnnotatedDocument: Sendable {
    /// The untouched source.
    public var source: SourceText
    /// Sentences in text order, in UTF-8 bytes.
    public var sentences: [Sentence]
    /// Mentions in text order; they never overlap.
    public var mentions: [Mention]
    /// Problems found while annotating (ambiguous mentions), in text order.
    public var warnings: [DocumentWarning]

    public init(
        source: SourceText, sentences: [Sentence], mentions: [Mention], warnings: [DocumentWarning] = []
    ) {
        self.source = source
        self.sentences = sentences
        self.mentions = mentions
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
