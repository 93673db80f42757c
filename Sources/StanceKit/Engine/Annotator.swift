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
        annotate(source, in: AnnotationWorkspace())
    }

    /// ``annotate(_:)`` with the memory of `workspace`, which it leaves ready for the next
    /// document: the same result, with about ten allocations fewer once the workspace has grown.
    package func annotate(_ source: consuming SourceText, in workspace: AnnotationWorkspace) -> AnnotatedDocument {
        var text = source.text
        text.makeContiguousUTF8()
        // The annotations are made inside, the document outside: `source` moves into it, where
        // building it inside copied the source (its strings retained) and freed the original.
        let (sentences, mentions, quotes, stances, warnings) = text.utf8.withContiguousStorageIfAvailable { bytes in
            let tokenList = workspace.tokens
            Tokenizer.tokenize(bytes, vocabulary: vocabulary, into: tokenList)
            return withExtendedLifetime(tokenList) {
                let tokens = tokenList.buffer
                var scratch = AnnotationScratch()
                swap(&scratch, &workspace.scratch)
                var resolver = MentionResolver(
                    rules: self, mentionTokens: scratch.mentionTokens.taken(), named: scratch.named)
                scratch.named = IntegerSet()
                var ends = scratch.ends.taken()
                /// The first token not inside a mention already made.
                var next = 0
                for position in tokenList.known where Int(position) >= next {
                    let i = Int(position)
                    guard entityTrie.starts(with: tokens[i].id) else { continue }
                    // Longest first, by index: iterating a slice of `ends` retained and released
                    // the array at every known token.
                    var k = entityTrie.matches(from: i, tokens: tokens, into: &ends)
                    while k > 0 {
                        k -= 1
                        let (end, node) = ends[k]
                        if resolver.accept(node: node, tokens: i..<(end + 1), in: tokens) {
                            next = end + 1
                            break
                        }
                    }
                }
                var sentenceTokens = scratch.sentenceTokens.taken()
                let sentences = SentenceSplitter.split(tokens, in: bytes, ranges: &sentenceTokens)
                var analyzer = StanceAnalyzer(
                    rules: self, bytes: bytes, tokens: tokens, known: tokenList.known, sentences: sentences,
                    sentenceTokens: sentenceTokens.taken(), mentions: resolver.mentions.taken(),
                    mentionTokens: resolver.mentionTokens.taken(), columns: workspace.columns)
                let (mentions, quotes, stances) = analyzer.run(reusing: &ends, scratch: &scratch)
                ends.giveBack(to: &scratch.ends)
                resolver.named.removeAll()
                swap(&resolver.named, &scratch.named)
                swap(&scratch, &workspace.scratch)
                return (sentences, mentions, quotes, stances, resolver.warnings)
            }
        }!
        return AnnotatedDocument(
            source: source, sentences: sentences, mentions: mentions, quotes: quotes, stances: stances,
            warnings: warnings)
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
    var named = IntegerSet()

    /// `mentionTokens` and `named`: empty, their memory reused.
    init(rules: CompiledRules, mentionTokens: [Range<Int>], named: IntegerSet) {
        self.rules = rules
        self.mentionTokens = mentionTokens
        self.named = named
    }

    /// Tries to make a mention of the forms that end at the entity-trie node `node`; returns
    /// whether one was made.
    ///
    /// - Complexity: O(1) when one entity has forms here (almost every match): one read of
    ///   ``CompiledRules/nodeTargets`` and one copy of a mention from
    ///   ``CompiledRules/formMentions``, with no allocation. Where several have, their choices
    ///   come from ``CompiledRules/sharedForms`` (one dictionary look-up).
    mutating func accept(node: Int32, tokens range: Range<Int>, in tokens: UnsafeBufferPointer<Token>) -> Bool {
        let span = Span(start: Int(tokens[range.lowerBound].start), end: Int(tokens[range.upperBound - 1].end))
        // The usual case: every form here belongs to one entity.
        let target = rules.nodeTargets[Int(node)]
        if target.entity >= 0 {
            // A name when any form here is a name; a descriptor only for an entity named before.
            let entity = Int(target.entity)
            if !target.isName && !named.contains(entity) { return false }
            addMention(
                entity, kind: target.isName ? .name : .descriptor, form: Int(target.firstForm), span: span,
                tokens: range)
            return true
        }
        // Several entities: their first forms were worked out when the rules compiled.
        guard let shared = rules.sharedForms[node] else { return false }
        if !shared.names.isEmpty {
            let names = shared.names
            if names.count == 1 {
                addMention(names[0].entity, kind: .name, form: names[0].firstForm, span: span, tokens: range)
                return true
            }
            let candidates = names.filter { named.contains($0.entity) }
            if candidates.count == 1 {
                addMention(
                    candidates[0].entity, kind: .name, form: candidates[0].firstForm, span: span, tokens: range)
                return true
            }
            if candidates.isEmpty {
                addAmbiguous(
                    names[0], sortedIDs: shared.sortedNameIDs, kind: .name, span: span, tokens: range,
                    reason: "none of them named before")
            } else {
                addAmbiguous(
                    candidates[0], sortedIDs: rules.sortedIDs(candidates), kind: .name, span: span, tokens: range,
                    reason: "all of them named before")
            }
            return true
        }
        let candidates = shared.descriptors.filter { named.contains($0.entity) }
        if candidates.isEmpty { return false }
        if candidates.count > 1 {
            addAmbiguous(
                candidates[0], sortedIDs: rules.sortedIDs(candidates), kind: .descriptor, span: span, tokens: range,
                reason: "all of them named before")
            return true
        }
        addMention(candidates[0].entity, kind: .descriptor, form: candidates[0].firstForm, span: span, tokens: range)
        return true
    }

    /// Records a mention of one entity (or topic) through the form with index `formIndex`: a copy
    /// of the form's mention, given its span and `kind` (a topic's stays `topic`).
    private mutating func addMention(
        _ targetIndex: Int, kind: MentionKind, form formIndex: Int, span: Span, tokens: Range<Int>
    ) {
        reserveRoom()
        mentions.append(rules.formMentions[formIndex])
        let last = mentions.count - 1
        mentions[last].span = span
        let isTopic = mentions[last].kind == .topic
        if !isTopic { mentions[last].kind = kind }
        if kind == .name && !isTopic { named.insert(targetIndex) }
        mentionTokens.append(tokens)
    }

    /// Room for a typical document's mentions at once, instead of doubling from one.
    private mutating func reserveRoom() {
        if mentions.isEmpty {
            mentions.reserveCapacity(16)
            mentionTokens.reserveCapacity(16)
        }
    }

    /// Records an ambiguous mention; its type and rule are those of the first candidate.
    private mutating func addAmbiguous(
        _ first: CompiledRules.SharedForms.Choice, sortedIDs ids: [String], kind: MentionKind, span: Span,
        tokens: Range<Int>, reason: String
    ) {
        reserveRoom()
        if warnings.isEmpty { warnings.reserveCapacity(8) }
        mentions.append(rules.formMentions[first.firstForm])
        let last = mentions.count - 1
        mentions[last].span = span
        mentions[last].entity = nil
        mentions[last].candidates = ids
        mentions[last].kind = kind
        mentionTokens.append(tokens)
        warnings.append(
            DocumentWarning(
                ambiguous: kind, surface: rules.forms[first.firstForm].surface, candidates: ids, reason: reason,
                span: span))
    }
}
