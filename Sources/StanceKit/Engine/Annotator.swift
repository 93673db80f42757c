extension CompiledRules {
    /// Finds every entity mention in a document, with its sentences.
    ///
    /// One pass over the UTF-8 bytes tokenizes the text; each token is looked up once in the
    /// vocabulary, and the trie is walked only from tokens that can start a form. At each
    /// position the longest form wins, so mentions never overlap. Names shared by several
    /// entities resolve to the entity the document already named unambiguously, else they are
    /// marked ambiguous with every candidate. Descriptors count only for an entity named before.
    ///
    /// - Complexity: O(n + m × L) for n bytes, m tokens and L the longest form in tokens.
    public func annotate(_ source: SourceText) -> AnnotatedDocument {
        var text = source.text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            var tokens: [Token] = []
            Tokenizer.tokenize(bytes, into: &tokens)
            let ids = tokenIDs(tokens, bytes)
            var resolver = MentionResolver(rules: self)
            var i = 0
            var ends: [(token: Int, node: Int32)] = []
            while i < tokens.count {
                let first = ids[i]
                if first < 0 {
                    i += 1
                    continue
                }
                ends.removeAll(keepingCapacity: true)
                var node = transitions.value(for: CompiledRules.edge(0, first, false))
                var j = i
                while node >= 0 {
                    if terminalCount[Int(node)] > 0 { ends.append((j, node)) }
                    j += 1
                    guard j < tokens.count, ids[j] >= 0 else { break }
                    node = transitions.value(for: CompiledRules.edge(node, ids[j], tokens[j].spaceBefore))
                }
                var next = i + 1
                for (end, node) in ends.reversed() {
                    let span = Span(start: Int(tokens[i].start), end: Int(tokens[end].end))
                    if resolver.accept(node: node, span: span) {
                        next = end + 1
                        break
                    }
                }
                i = next
            }
            let sentences = SentenceSplitter.sentences(in: bytes)
            return AnnotatedDocument(
                source: source, sentences: sentences, mentions: resolver.mentions, warnings: resolver.warnings)
        }!
    }

    /// The vocabulary id of every token, or -1 for tokens no form uses.
    private func tokenIDs(_ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>) -> [Int32] {
        var ids = [Int32](repeating: -1, count: tokens.count)
        for (k, token) in tokens.enumerated() {
            let start = Int(token.start)
            let end = Int(token.end)
            if !token.isWord && end - start > 1 {
                let (scalar, _) = Tokenizer.decode(bytes, at: start)
                switch Tokenizer.canonicalPunctuation(scalar) {
                case UInt8(ascii: "'"): ids[k] = apostropheID
                case UInt8(ascii: "\""): ids[k] = quoteID
                case UInt8(ascii: "-"): ids[k] = hyphenID
                default: ids[k] = vocabulary.id(of: bytes, start, end)
                }
            } else {
                ids[k] = vocabulary.id(of: bytes, start, end)
            }
        }
        return ids
    }
}

/// Turns trie matches into mentions, keeping the document's "one sense" state.
private struct MentionResolver {
    let rules: CompiledRules
    var mentions: [Mention] = []
    var warnings: [DocumentWarning] = []
    /// Entities the document has named unambiguously so far.
    var named: Set<Int> = []

    init(rules: CompiledRules) { self.rules = rules }

    /// Tries to make a mention of the forms ending at `node`; returns whether one was made.
    mutating func accept(node: Int32, span: Span) -> Bool {
        let start = Int(rules.terminalStart[Int(node)])
        let count = Int(rules.terminalCount[Int(node)])
        var nameEntities: [Int] = []
        var descriptorEntities: [Int] = []
        var firstForm: [Int: SurfaceForm] = [:]
        for k in start..<(start + count) {
            let form = rules.forms[Int(rules.terminalForms[k])]
            if firstForm[form.entityIndex] == nil { firstForm[form.entityIndex] = form }
            if form.kind == .name {
                if !nameEntities.contains(form.entityIndex) { nameEntities.append(form.entityIndex) }
            } else if !descriptorEntities.contains(form.entityIndex) {
                descriptorEntities.append(form.entityIndex)
            }
        }
        let kind: MentionKind
        let candidates: [Int]
        if !nameEntities.isEmpty {
            kind = .name
            candidates = nameEntities.count == 1 ? nameEntities : nameEntities.filter { named.contains($0) }
            if candidates.isEmpty || candidates.count > 1 {
                addAmbiguous(
                    candidates.isEmpty ? nameEntities : candidates, kind: kind, span: span, firstForm: firstForm,
                    reason: candidates.isEmpty ? "none of them named before" : "all of them named before")
                return true
            }
        } else {
            kind = .descriptor
            candidates = descriptorEntities.filter { named.contains($0) }
            if candidates.isEmpty { return false }
            if candidates.count > 1 {
                addAmbiguous(
                    candidates, kind: kind, span: span, firstForm: firstForm, reason: "all of them named before")
                return true
            }
        }
        let entityIndex = candidates[0]
        let entity = rules.rules.entities[entityIndex]
        let form = firstForm[entityIndex]!
        if kind == .name { named.insert(entityIndex) }
        mentions.append(
            Mention(
                span: span, type: entity.type.value, entity: entity.id.value, kind: kind,
                rule: RuleReference(id: entity.id.value, variant: form.variant, line: form.line)))
        return true
    }

    private mutating func addAmbiguous(
        _ entityIndices: [Int], kind: MentionKind, span: Span, firstForm: [Int: SurfaceForm], reason: String
    ) {
        let entities = entityIndices.map { rules.rules.entities[$0] }
        let ids = entities.map(\.id.value).sorted()
        let form = firstForm[entityIndices[0]]!
        mentions.append(
            Mention(
                span: span, type: entities[0].type.value, entity: nil, candidates: ids, kind: kind,
                rule: RuleReference(id: entities[0].id.value, variant: form.variant, line: form.line)))
        warnings.append(
            DocumentWarning(
                span: span,
                message:
                    "ambiguous \(kind == .name ? "name" : "descriptor") '\(form.surface)': could be \(ids.joined(separator: ", ")); \(reason)"
            ))
    }
}
