extension StanceAnalyzer {
    /// Pairs quotation marks within a paragraph (straight marks toggle, curly marks open and close)
    /// and finds each quote's speaker. A quote left open at the end of its paragraph is dropped,
    /// so a stray mark never swallows the rest of the document. A line break inside a sentence
    /// (hard-wrapped text) does not end a paragraph; see ``isParagraphBreak(before:)``.
    ///
    /// Visits only the quotation marks (they have a vocabulary id, ``CompiledRules/quoteMark``, so
    /// they are among the ``known`` tokens), and the line breaks inside an open quote.
    /// - Complexity: O(k + q) for k known tokens and q tokens inside open quotes.
    mutating func findDirectQuotes() {
        var open: Int?
        let quoteMark = rules.quoteMark
        for position in known where tokens[Int(position)].id == quoteMark {
            let t = Int(position)
            if let start = open, hasParagraphBreak(after: start, through: t) { open = nil }
            let (scalar, _) = Tokenizer.decode(bytes, at: Int(tokens[t].start))
            switch scalar {
            case "\u{201C}":
                open = t
            case "\u{201D}":
                if let start = open { addDirectQuote(open: start, close: t) }
                open = nil
            default:
                if let start = open {
                    addDirectQuote(open: start, close: t)
                    open = nil
                } else {
                    open = t
                }
            }
        }
    }

    /// Whether a paragraph ends before any token after `start`, up to and including `end`.
    private func hasParagraphBreak(after start: Int, through end: Int) -> Bool {
        var t = start + 1
        while t <= end {
            if tokens[t].lineBreakBefore && isParagraphBreak(before: t) { return true }
            t += 1
        }
        return false
    }

    /// Whether a paragraph ends before token `t`: a line break after a blank line, before an
    /// indented line, or after the end of a sentence (".", "!", "?", with any closing quote).
    func isParagraphBreak(before t: Int) -> Bool {
        guard t > 0, tokens[t].lineBreakBefore else { return false }
        // Two LFs in the gap, or whitespace after its last LF (an indented line).
        let gapStart = Int(tokens[t - 1].end)
        let gapEnd = Int(tokens[t].start)
        var lineFeeds = 0
        var lastLineFeed = -1
        for k in gapStart..<gapEnd where bytes[k] == 0x0A {
            lineFeeds += 1
            lastLineFeed = k
        }
        if lineFeeds > 1 || (lastLineFeed >= 0 && lastLineFeed < gapEnd - 1) { return true }
        var k = t - 1
        while k > 0 && isQuoteMark(k) { k -= 1 }
        return !tokens[k].isWord && SentenceSplitter.terminatorOf(tokens[k], bytes) != nil
    }

    private mutating func addDirectQuote(open: Int, close: Int) {
        guard close > open + 1 else { return }
        let content = (open + 1)..<close
        let (speaker, attribution) = attributionAfter(close) ?? attributionBefore(open) ?? (nil, nil)
        if let attribution { attributionHits[attribution].isTaken = true }
        reserveQuoteRoom()
        quotes.append(
            Quote(
                span: span(content), kind: .direct, speaker: speaker,
                attribution: attribution.map { span(attributionHits[$0].tokens) }))
        quoteTokens.append(content)
    }

    /// `"…," X said`, `"…," said X`, `"…," the official said`.
    private mutating func attributionAfter(_ close: Int) -> (speaker: Int?, attribution: Int?)? {
        var k = close + 1
        while k < tokens.count && key(k) == .comma { k += 1 }
        guard k < tokens.count, !tokens[k].lineBreakBefore else { return nil }
        // X said
        if let (speaker, next) = speaker(startingAt: k), let verb = attribution(at: skippingAdverb(next)) {
            return (speaker, verb)
        }
        // said X
        if let verb = attribution(at: skippingAdverb(k)) {
            let after = attributionHits[verb].tokens.upperBound
            return (after < tokens.count ? speaker(startingAt: after)?.mention : nil, verb)
        }
        // the official said: an unnamed speaker
        var t = k
        var words = 0
        while t < tokens.count && tokens[t].isWord && words < 4 {
            if let verb = attribution(at: t) { return (nil, verb) }
            t += 1
            words += 1
        }
        return nil
    }

    /// `X said: "…"`, `X said "…"`, `X said that "…"`.
    private mutating func attributionBefore(_ open: Int) -> (speaker: Int?, attribution: Int?)? {
        var k = open - 1
        while k >= 0 && (key(k) == .colon || key(k) == .comma) { k -= 1 }
        if k >= 0 && key(k) == .that { k -= 1 }
        guard k >= 0, let verb = attribution(endingAt: k) else { return nil }
        let before = skippingAdverbBackward(attributionHits[verb].tokens.lowerBound - 1)
        return (before >= 0 ? speaker(endingAt: before) : nil, verb)
    }

    /// Reported speech: `X told reporters (that) …`, `X said that …`, `according to X, …`.
    mutating func findIndirectQuotes() {
        // A local copy: "according" is longer than 8 bytes, and its `static let` is not folded to
        // a constant, so each read would call its lazy initializer.
        let according = WordKey.according
        for index in attributionHits.indices where !attributionHits[index].isTaken {
            let hit = attributionHits[index].tokens
            let sentence = sentenceRange(of: hit.lowerBound)
            if key(hit.lowerBound) == according {
                guard hit.upperBound < tokens.count, let (speaker, after) = speaker(startingAt: hit.upperBound) else {
                    continue
                }
                var clause: Range<Int>
                if hit.lowerBound == sentence.lowerBound {
                    var start = after
                    while start < sentence.upperBound && key(start) == .comma { start += 1 }
                    clause = start..<clauseEnd(from: start, in: sentence)
                } else {
                    var end = hit.lowerBound
                    while end > sentence.lowerBound && key(end - 1) == .comma { end -= 1 }
                    clause = sentence.lowerBound..<end
                }
                addIndirectQuote(clause, speaker: speaker, attribution: index)
                continue
            }
            let before = skippingAdverbBackward(hit.lowerBound - 1)
            guard before >= 0, let speaker = speaker(endingAt: before) else { continue }
            // Up to five tokens to "that", or "reporters" and the like.
            var start: Int?
            var k = hit.upperBound
            while k < min(hit.upperBound + 5, sentence.upperBound) {
                let w = key(k)
                if w == .that {
                    start = k + 1
                    break
                }
                if isClausePunctuation(k) || isQuoteMark(k) { break }
                k += 1
            }
            if start == nil, hit.upperBound < sentence.upperBound,
                words.audiences.contains(key(hit.upperBound))
            {
                var s = hit.upperBound + 1
                while s < sentence.upperBound && words.timeWords.contains(key(s)) { s += 1 }
                start = s
            }
            guard let start, start < sentence.upperBound else { continue }
            addIndirectQuote(start..<clauseEnd(from: start, in: sentence), speaker: speaker, attribution: index)
        }
    }

    private mutating func addIndirectQuote(_ clause: Range<Int>, speaker: Int, attribution: Int) {
        guard !clause.isEmpty else { return }
        reserveQuoteRoom()
        quotes.append(
            Quote(
                span: span(clause), kind: .indirect, speaker: speaker,
                attribution: span(attributionHits[attribution].tokens)))
        quoteTokens.append(clause)
    }

    /// Room for a typical document's quotes at once, instead of doubling from one.
    private mutating func reserveQuoteRoom() {
        if quotes.isEmpty {
            quotes.reserveCapacity(4)
            quoteTokens.reserveCapacity(4)
        }
    }

    /// The end of a reported clause: the sentence's end, a semicolon or a quotation mark, without
    /// final punctuation.
    private func clauseEnd(from start: Int, in sentence: Range<Int>) -> Int {
        var end = start
        while end < sentence.upperBound && !isQuoteMark(end) && key(end) != .semicolon { end += 1 }
        while end > start && !tokens[end - 1].isWord && words.finalPunctuation.contains(key(end - 1)) { end -= 1 }
        return end
    }

    // MARK: - Speakers

    /// The attribution hit starting at token `t`.
    /// - Complexity: O(log a) for a hits.
    func attribution(at t: Int) -> Int? {
        let k = firstAttribution(endingAfter: t)
        return k < attributionHits.count && attributionHits[k].tokens.lowerBound == t ? k : nil
    }

    /// The attribution hit ending at token `t`.
    /// - Complexity: O(log a) for a hits.
    func attribution(endingAt t: Int) -> Int? {
        let k = firstAttribution(endingAfter: t)
        return k < attributionHits.count && attributionHits[k].tokens.upperBound == t + 1 ? k : nil
    }

    /// The index of the first attribution hit that ends after token `t` (the only one that can
    /// hold `t`: hits are in text order and never overlap), or the number of hits.
    private func firstAttribution(endingAfter t: Int) -> Int {
        var (low, high) = (0, attributionHits.count)
        while low < high {
            let middle = (low + high) / 2
            if attributionHits[middle].tokens.upperBound <= t { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func skippingAdverb(_ t: Int) -> Int {
        t < tokens.count && tokens[t].isWord && words.isAdverb(key(t)) && attribution(at: t) == nil ? t + 1 : t
    }

    func skippingAdverbBackward(_ t: Int) -> Int {
        t >= 0 && tokens[t].isWord && words.isAdverb(key(t)) && mentionAt[t] < 0 ? t - 1 : t
    }

    /// An entity mention or a subject pronoun starting at `t` (after determiners), and the token after it.
    mutating func speaker(startingAt t: Int) -> (mention: Int, next: Int)? {
        var k = t
        while k < tokens.count && words.determiners.contains(key(k)) && mentionAt[k] < 0 { k += 1 }
        guard k < tokens.count else { return nil }
        let m = Int(mentionAt[k])
        if m >= 0 {
            guard mentionTokens[m].lowerBound == k, isEntity(m) else { return nil }
            return (m, mentionTokens[m].upperBound)
        }
        if k == t, words.subjectPronouns.contains(key(k)), let resolved = resolvePronoun(at: k) {
            return (resolved, k + 1)
        }
        return nil
    }

    /// An entity mention or a subject pronoun ending at `t`.
    mutating func speaker(endingAt t: Int) -> Int? {
        let m = Int(mentionAt[t])
        if m >= 0 { return mentionTokens[m].upperBound - 1 == t && isEntity(m) ? m : nil }
        if words.subjectPronouns.contains(key(t)) { return resolvePronoun(at: t) }
        return nil
    }

    /// Resolves "he", "she" or "they" at token `t` to the most recent person named as a subject in
    /// the same or the previous sentence, and records a pronoun mention for it.
    mutating func resolvePronoun(at t: Int) -> Int? {
        // A pronoun resolved before is a mention already.
        if mentionAt[t] >= 0 && mentions[Int(mentionAt[t])].kind == .pronoun { return Int(mentionAt[t]) }
        let sentence = Int(sentenceOf[t])
        let lower = max(
            sentence > 0 ? sentenceTokens[sentence - 1].lowerBound : (sentenceTokens.first?.lowerBound ?? 0),
            t - StanceAnalyzer.searchWindow)
        var k = t - 1
        while k >= lower {
            let m = Int(mentionAt[k])
            if m >= 0 {
                let mention = mentions[m]
                if mention.type == "PERSON", mention.entity != nil, isInSubjectPosition(m), !isPossessor(m) {
                    return addPronoun(at: t, for: mention)
                }
                k = mentionTokens[m].lowerBound - 1
                continue
            }
            k -= 1
        }
        return nil
    }

    /// Whether a mention stands where a subject does: first in its sentence or clause, after
    /// punctuation, a clause opener or an adverb, not after a verb or a preposition.
    func isInSubjectPosition(_ m: Int) -> Bool {
        var t = mentionTokens[m].lowerBound - 1
        while t >= 0 && words.determiners.contains(key(t)) && mentionAt[t] < 0 { t -= 1 }
        if t < 0 || sentenceOf[t] != sentenceOf[mentionTokens[m].lowerBound] { return true }
        if mentionAt[t] >= 0 { return false }
        if !tokens[t].isWord { return key(t) != .apostrophe }
        let w = key(t)
        return words.clauseOpeners.contains(w) || words.isAdverb(w) || words.timeWords.contains(w)
    }

    private mutating func addPronoun(at t: Int, for antecedent: Mention) -> Int {
        let index = mentions.count
        mentions.append(
            Mention(
                span: span(t..<(t + 1)), type: antecedent.type, entity: antecedent.entity, kind: .pronoun,
                rule: RuleReference(id: antecedent.entity ?? "", variant: "pronoun", line: 0)))
        mentionTokens.append(t..<(t + 1))
        mentionAt[t] = Int32(index)
        return index
    }
}
