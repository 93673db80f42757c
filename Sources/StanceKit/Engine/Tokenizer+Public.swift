/// The spans of the tokens StanceKit matches rules against: runs of word characters (letters,
/// digits, marks) and single punctuation or symbol characters; whitespace is never part of a token.
///
/// Exporters write these as token annotations (UIMA `Token`) so that tools which anchor annotations
/// to tokens see the same boundaries as the engine.
///
/// - Parameter text: the document text.
/// - Returns: the token spans in text order, in UTF-8 bytes.
/// - Complexity: O(n) in the length of `text`.
public func tokenSpans(of text: String) -> [Span] {
    Tokenizer.tokenize(text).tokens.map { Span(start: Int($0.start), end: Int($0.end)) }
}
