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
                let sentences = SentenceSplitter.split(tokenList, in: bytes, ranges: &sentenceTokens)
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
    ///   ``CompiledRules/nodeTargets``, whose mention it copies, and no allocation. Where several
    ///   have, their choices come from ``CompiledRules/sharedForms``.
    mutating func accept(node: Int32, tokens range: Range<Int>, in tokens: UnsafeBufferPointer<Token>) -> Bool {
        let span = Span(start: Int(tokens[range.lowerBound].start), end: Int(tokens[range.upperBound - 1].end))
        let n = Int(node)
        let entity = Int(rules.nodeTargets[n].entity)
        // The usual case: every form here belongs to one entity.
        if entity >= 0 {
            // A name when any form here is a name; a descriptor only for an entity named before.
            if !rules.nodeTargets[n].isName && !named.contains(entity) { return false }
            reserveRoom()
            mentions.append(rules.nodeTargets[n].mention)
            didAdd(of: entity, span: span, tokens: range)
            return true
        }
        // Several entities: their mentions and surfaces were worked out when the rules compiled.
        let sharedIndex = Int(rules.nodeTargets[n].shared)
        guard sharedIndex >= 0 else { return false }
        return rules.sharedForms.withUnsafeBufferPointer { sharedForms in
            assert(sharedIndex < sharedForms.count, "a shared index out of range")
            return acceptShared(sharedForms.baseAddress.unsafelyUnwrapped + sharedIndex, span: span, tokens: range)
        }
    }

    /// ``accept(node:tokens:in:)`` at a node whose forms belong to several entities. Counts the
    /// choices named before instead of filtering them (no array, no copy of a choice).
    private mutating func acceptShared(
        _ shared: UnsafePointer<CompiledRules.SharedForms>, span: Span, tokens range: Range<Int>
    ) -> Bool {
        let isName = !shared.pointee.names.isEmpty
        let choices = isName ? shared.pointee.names : shared.pointee.descriptors
        // The choices whose entity the document named before: how many, and the first.
        var (count, first) = (0, 0)
        if !isName || choices.count > 1 {
            for k in choices.indices.reversed() where named.contains(choices[k].entity) {
                (count, first) = (count + 1, k)
            }
        }
        let made = isName ? shared.pointee.nameMentions : shared.pointee.descriptorMentions
        let surfaces = isName ? shared.pointee.nameSurfaces : shared.pointee.descriptorSurfaces
        let kind: MentionKind = isName ? .name : .descriptor
        if isName && choices.count == 1 || count == 1 {
            // One name here, or one of the entities named before.
            add(made, first, of: choices[first].entity, span: span, tokens: range)
            return true
        }
        if count == 0 {
            // A descriptor counts only for an entity named before.
            guard isName else { return false }
            addAmbiguous(
                made, 0, surface: surfaces[0], sortedIDs: shared.pointee.sortedNameIDs, kind: kind, span: span,
                tokens: range, reason: "none of them named before")
            return true
        }
        let named = self.named
        addAmbiguous(
            made, first, surface: surfaces[first],
            sortedIDs: rules.sortedIDs(choices, where: { named.contains($0) }), kind: kind, span: span,
            tokens: range, reason: "all of them named before")
        return true
    }

    /// Gives the mention just appended (a copy of one the rules made when they compiled) its
    /// span; a name marks the entity named.
    private mutating func didAdd(of targetIndex: Int, span: Span, tokens: Range<Int>) {
        let last = mentions.count - 1
        mentions[last].span = span
        if mentions[last].kind == .name { named.insert(targetIndex) }
        mentionTokens.append(tokens)
    }

    /// Records a copy of `made[index]`, of the entity (or topic) `targetIndex`, at `span`.
    private mutating func add(_ made: [Mention], _ index: Int, of targetIndex: Int, span: Span, tokens: Range<Int>) {
        reserveRoom()
        mentions.append(made[index])
        didAdd(of: targetIndex, span: span, tokens: tokens)
    }

    /// Room for a typical document's mentions at once, instead of doubling from one.
    private mutating func reserveRoom() {
        if mentions.isEmpty {
            mentions.reserveCapacity(16)
            mentionTokens.reserveCapacity(16)
        }
    }

    /// Records an ambiguous mention: a copy of `made[index]` (the first candidate's, which gives
    /// its type and rule) with no entity, every candidate and the kind `kind` (`name` or
    /// `descriptor`, a topic's `topic` included), and its warning.
    private mutating func addAmbiguous(
        _ made: [Mention], _ index: Int, surface: String, sortedIDs ids: [String], kind: MentionKind, span: Span,
        tokens: Range<Int>, reason: String
    ) {
        reserveRoom()
        if warnings.isEmpty { warnings.reserveCapacity(8) }
        mentions.append(made[index])
        let last = mentions.count - 1
        mentions[last].span = span
        mentions[last].entity = nil
        mentions[last].candidates = ids
        mentions[last].kind = kind
        mentionTokens.append(tokens)
        warnings.append(
            DocumentWarning(ambiguous: kind, surface: surface, candidates: ids, reason: reason, span: span))
    }
}
