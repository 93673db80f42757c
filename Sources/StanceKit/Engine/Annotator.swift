extension CompiledRules {
    /// Finds every mention, quote and stance in a document, with its sentences.
    ///
    /// One pass over the UTF-8 bytes tokenizes the text; each token is looked up once in the
    /// vocabulary, and each trie is walked only from tokens that can start one of its forms. At
    /// each position the longest form wins, so mentions never overlap. Names shared by several
    /// entities resolve to the entity the document already named unambiguously, else they are
    /// marked ambiguous with every candidate. Descriptors count only for an entity named before.
    /// Quotes, attribution and stances are then found around the cues (see ``StanceAnalyzer``).
    ///
    /// - Complexity: O(n + m × L) for n bytes, m tokens and L the longest form in tokens.
    public func annotate(_ source: SourceText) -> AnnotatedDocument {
        var text = source.text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            let tokenList = Tokenizer.tokenize(bytes, vocabulary: vocabulary)
            return withExtendedLifetime(tokenList) {
                let tokens = tokenList.buffer
                var resolver = MentionResolver(rules: self)
                var ends: [(token: Int, node: Int32)] = []
                var i = 0
                while i < tokens.count {
                    guard entityTrie.starts(with: tokens[i].id) else {
                        i += 1
                        continue
                    }
                    entityTrie.matches(from: i, tokens: tokens, into: &ends)
                    var next = i + 1
                    for (end, node) in ends.reversed() {
                        if resolver.accept(payloads: entityTrie.payloads(of: node), tokens: i..<(end + 1), in: tokens) {
                            next = end + 1
                            break
                        }
                    }
                    i = next
                }
                let sentences = SentenceSplitter.sentences(of: tokens, in: bytes)
                var analyzer = StanceAnalyzer(
                    rules: self, bytes: bytes, tokens: tokens, sentences: sentences, mentions: resolver.mentions,
                    mentionTokens: resolver.mentionTokens)
                let (mentions, quotes, stances) = analyzer.run()
                return AnnotatedDocument(
                    source: source, sentences: sentences, mentions: mentions, quotes: quotes, stances: stances,
                    warnings: resolver.warnings)
            }
        }!
    }
}

/// Turns trie matches into mentions, keeping the document's "one sense" state.
private struct MentionResolver {
    let rules: CompiledRules
    var mentions: [Mention] = []
    /// The token range of each mention.
    var mentionTokens: [Range<Int>] = []
    var warnings: [DocumentWarning] = []
    /// Entities the document has named unambiguously so far.
    var named: Set<Int> = []

    init(rules: CompiledRules) { self.rules = rules }

    /// Tries to make a mention of the forms in `payloads`; returns whether one was made.
    mutating func accept(
        payloads: ArraySlice<Int32>, tokens range: Range<Int>, in tokens: UnsafeBufferPointer<Token>
    ) -> Bool {
        let span = Span(start: Int(tokens[range.lowerBound].start), end: Int(tokens[range.upperBound - 1].end))
        var nameEntities: [Int] = []
        var descriptorEntities: [Int] = []
        var firstForm: [Int: SurfaceForm] = [:]
        for formIndex in payloads {
            let form = rules.forms[Int(formIndex)]
            if firstForm[form.entityIndex] == nil { firstForm[form.entityIndex] = form }
            if form.kind == .descriptor {
                if !descriptorEntities.contains(form.entityIndex) { descriptorEntities.append(form.entityIndex) }
            } else if !nameEntities.contains(form.entityIndex) {
                nameEntities.append(form.entityIndex)
            }
        }
        let kind: MentionKind
        let candidates: [Int]
        if !nameEntities.isEmpty {
            kind = .name
            candidates = nameEntities.count == 1 ? nameEntities : nameEntities.filter { named.contains($0) }
            if candidates.count != 1 {
                addAmbiguous(
                    candidates.isEmpty ? nameEntities : candidates, kind: kind, span: span, tokens: range,
                    firstForm: firstForm,
                    reason: candidates.isEmpty ? "none of them named before" : "all of them named before")
                return true
            }
        } else {
            kind = .descriptor
            candidates = descriptorEntities.filter { named.contains($0) }
            if candidates.isEmpty { return false }
            if candidates.count > 1 {
                addAmbiguous(
                    candidates, kind: kind, span: span, tokens: range, firstForm: firstForm,
                    reason: "all of them named before")
                return true
            }
        }
        let targetIndex = candidates[0]
        let target = rules.targets[targetIndex]
        let form = firstForm[targetIndex]!
        if kind == .name && !target.isTopic { named.insert(targetIndex) }
        mentions.append(
            Mention(
                span: span, type: target.type, entity: target.id, kind: target.isTopic ? .topic : kind,
                rule: RuleReference(id: target.id, variant: form.variant, line: form.line)))
        mentionTokens.append(range)
        return true
    }

    private mutating func addAmbiguous(
        _ indices: [Int], kind: MentionKind, span: Span, tokens: Range<Int>, firstForm: [Int: SurfaceForm],
        reason: String
    ) {
        let targets = indices.map { rules.targets[$0] }
        let ids = targets.map(\.id).sorted()
        let form = firstForm[indices[0]]!
        mentions.append(
            Mention(
                span: span, type: targets[0].type, entity: nil, candidates: ids, kind: kind,
                rule: RuleReference(id: targets[0].id, variant: form.variant, line: form.line)))
        mentionTokens.append(tokens)
        warnings.append(
            DocumentWarning(
                span: span,
                message:
                    "ambiguous \(kind == .name ? "name" : "descriptor") '\(form.surface)': could be \(ids.joined(separator: ", ")); \(reason)"
            ))
    }
}
