/// Rules compiled into one token trie over every surface form: immutable and shared by all workers.
///
/// Compiling interns every token of every surface form in a ``Vocabulary`` and inserts each
/// form's token sequence into a trie whose transitions live in one hash table keyed by
/// (node, token id, whether whitespace precedes the token). Annotating then walks the trie from
/// each token of a document whose id is known: one pass, whatever the number of forms.
public final class CompiledRules: Sendable {
    /// The rule set the matcher was compiled from.
    public let rules: RuleSet
    /// Every generated surface form, in rule-file order.
    public let forms: [SurfaceForm]
    /// Problems found while compiling: surface forms claimed by several entities (warnings).
    public let diagnostics: [Diagnostic]

    let vocabulary: Vocabulary
    let transitions: TransitionTable
    /// For each trie node: the start of its forms in `terminalForms`, and how many.
    let terminalStart: [Int32]
    let terminalCount: [UInt16]
    /// Form indices grouped by terminal node.
    let terminalForms: [Int32]
    /// Vocabulary ids of the ASCII stand-ins for typographic punctuation (-1 when unused).
    let apostropheID: Int32
    let quoteID: Int32
    let hyphenID: Int32

    /// Compiles a checked rule set.
    /// - Complexity: O(total tokens of all surface forms).
    public init(_ rules: RuleSet) {
        self.rules = rules
        let forms = SurfaceFormGenerator.forms(of: rules)
        self.forms = forms
        var vocabulary = Vocabulary()
        var transitions = TransitionTable()
        var nodeForms: [[Int32]] = [[]]
        for (formIndex, form) in forms.enumerated() {
            let (bytes, tokens) = Tokenizer.tokenize(form.surface)
            guard !tokens.isEmpty else { continue }
            var node: Int32 = 0
            for (k, token) in tokens.enumerated() {
                let key = CompiledRules.key(of: token, in: bytes)
                let id = vocabulary.intern(key)
                let edge = CompiledRules.edge(node, id, k > 0 && token.spaceBefore)
                var child = transitions.value(for: edge)
                if child < 0 {
                    child = Int32(nodeForms.count)
                    nodeForms.append([])
                    transitions.set(child, for: edge)
                }
                node = child
            }
            nodeForms[Int(node)].append(Int32(formIndex))
        }
        var starts = [Int32](repeating: 0, count: nodeForms.count)
        var counts = [UInt16](repeating: 0, count: nodeForms.count)
        var flat: [Int32] = []
        for (node, list) in nodeForms.enumerated() {
            starts[node] = Int32(flat.count)
            counts[node] = UInt16(min(list.count, Int(UInt16.max)))
            flat.append(contentsOf: list.prefix(Int(UInt16.max)))
        }
        self.vocabulary = vocabulary
        self.transitions = transitions
        self.terminalStart = starts
        self.terminalCount = counts
        self.terminalForms = flat
        self.apostropheID = [UInt8(ascii: "'")].withUnsafeBufferPointer { vocabulary.id(of: $0, 0, 1) }
        self.quoteID = [UInt8(ascii: "\"")].withUnsafeBufferPointer { vocabulary.id(of: $0, 0, 1) }
        self.hyphenID = [UInt8(ascii: "-")].withUnsafeBufferPointer { vocabulary.id(of: $0, 0, 1) }
        self.diagnostics = CompiledRules.ambiguityWarnings(rules: rules, forms: forms, nodeForms: nodeForms)
    }

    /// The number of trie nodes (for statistics).
    public var nodeCount: Int { terminalStart.count }

    @inline(__always)
    static func edge(_ node: Int32, _ id: Int32, _ spaceBefore: Bool) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: id)) << 1 | (spaceBefore ? 1 : 0)
    }

    /// The bytes a token is looked up by: its own, or the ASCII stand-in of typographic punctuation.
    static func key(of token: Token, in bytes: [UInt8]) -> [UInt8] {
        let slice = Array(bytes[Int(token.start)..<Int(token.end)])
        if !token.isWord && slice.count > 1 {
            let scalar = String(decoding: slice, as: UTF8.self).unicodeScalars.first!
            if let ascii = Tokenizer.canonicalPunctuation(scalar) { return [ascii] }
        }
        return slice
    }

    /// One warning per surface form claimed by more than one entity.
    private static func ambiguityWarnings(rules: RuleSet, forms: [SurfaceForm], nodeForms: [[Int32]]) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for list in nodeForms where list.count > 1 {
            var firstByEntity: [Int: SurfaceForm] = [:]
            var order: [Int] = []
            for formIndex in list {
                let form = forms[Int(formIndex)]
                if firstByEntity[form.entityIndex] == nil {
                    firstByEntity[form.entityIndex] = form
                    order.append(form.entityIndex)
                }
            }
            guard order.count > 1, let first = firstByEntity[order[0]] else { continue }
            let firstID = rules.entities[order[0]].id.value
            for entityIndex in order.dropFirst() {
                let form = firstByEntity[entityIndex]!
                let id = rules.entities[entityIndex].id.value
                warnings.append(
                    Diagnostic(
                        .warning,
                        "surface form '\(form.surface)' of '\(id)' is also a form of '\(firstID)' (line \(first.line)); "
                            + "a document resolves it to the entity it named in full first, otherwise marks it ambiguous",
                        at: SourceLocation(file: rules.path, line: form.line, column: form.column)))
            }
        }
        return warnings.sorted { $0.location < $1.location }
    }
}
