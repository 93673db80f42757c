/// Memory that annotating reuses from one document to the next: the token list, the per-token
/// columns and the scratch arrays of the matching and stance passes. Each grows to the largest
/// document seen and keeps its size while the workspace lives.
///
/// ``CompiledRules/annotate(_:)`` makes one for each call; a batch keeps one for a group of
/// documents (``CompiledRules/annotate(_:in:)``) and so saves about ten allocations, and as
/// many frees, a document. One thread at a time may use a workspace.
package final class AnnotationWorkspace {
    let tokens = TokenList()
    /// Room for three columns of 256 tokens to begin with.
    let columns = TokenColumns(columns: 3, tokens: 256)
    /// The arrays, taken out whole while a document is annotated: one access to the class's
    /// property a document, where an access to each array cost a run-time exclusivity check.
    var scratch = AnnotationScratch()

    package init() {}
}

/// The scratch arrays of an ``AnnotationWorkspace``, empty between documents.
struct AnnotationScratch {
    var ends: [(token: Int, node: Int32)] = []
    var mentionTokens: [Range<Int>] = []
    /// The entities a document named (``MentionResolver``), emptied after each.
    var named = IntegerSet()
    var sentenceTokens: [Range<Int>] = []
    var cues: [StanceAnalyzer.CueHit] = []
    var attributionHits: [StanceAnalyzer.AttributionHit] = []
    var negators: [Int] = []
    var quoteTokens: [Range<Int>] = []
}

extension Array {
    /// The elements, leaving the array empty: a move, with no copy and no retain.
    mutating func taken() -> [Element] {
        var elements: [Element] = []
        swap(&elements, &self)
        return elements
    }

    /// Empties `self`, keeping its memory, and puts it in `place`: an array taken from a
    /// workspace (``taken()``) goes back for the next document.
    mutating func giveBack(to place: inout [Element]) {
        // Most arrays of a document stay empty, and emptying one costs a generic call.
        if !isEmpty { removeAll(keepingCapacity: true) }
        swap(&self, &place)
    }
}
