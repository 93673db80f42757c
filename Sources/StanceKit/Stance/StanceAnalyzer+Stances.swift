extension StanceAnalyzer {
    enum Subject {
        case mention(Int)
        case pronoun(Int)
        case firstPerson
        /// Nothing found; `atCoordinator` tells whether the search stopped at "and", "but" or "or".
        case none(atCoordinator: Bool)
    }

    /// Assigns holder, target and polarity to every cue.
    mutating func findStances() {
        for hit in cues {
            if let stance = stance(for: hit) {
                lastStanceSentence = Int(sentenceOf[hit.tokens.lowerBound])
                stances.append(stance)
            }
        }
    }

    private mutating func stance(for hit: CueHit) -> Stance? {
        let cueRule = rules.rules.cues[hit.cue]
        let form = rules.cueForms[hit.form]
        var polarity = cueRule.polarity.value
        let negated = isNegated(hit.tokens)
        if negated {
            if cueRule.negation == .cancel { return nil }
            polarity = polarity.flipped
        }
        var rule = RuleReference(id: cueRule.id.value, variant: form.variant, line: form.line)
        var holder: (mention: Int, source: Stance.HolderSource)?
        var target: (mention: Int, source: Stance.TargetSource)?
        let sentence = sentenceRange(of: hit.tokens.lowerBound)

        for pattern in cueRule.patterns {
            if let bound = match(pattern.value, hit.tokens, in: sentence) {
                holder = bound.holder.map { ($0, .pattern) }
                target = bound.target.map { ($0, .pattern) }
                rule = RuleReference(id: cueRule.id.value, variant: "pattern", line: pattern.line)
                break
            }
        }
        if holder == nil, let (agent, subject) = passive(hit.tokens, in: sentence) {
            holder = (agent, .passiveAgent)
            if target == nil, let subject { target = (subject, .passiveSubject) }
        }
        let quote = self.quote(holding: hit.tokens.lowerBound)
        if let quote, quotes[quote].kind == .direct, let speaker = quotes[quote].speaker {
            // Inside a quote: a cue with an object is the quoted subject's stance toward it (or the
            // speaker's, when the subject is "I" or "we"); a cue without one is the speaker's stance
            // toward the entity the quoted clause is about.
            let object = target == nil ? self.object(after: hit.tokens.upperBound, in: sentence) : nil
            var quotedSubject: Int?
            if case .mention(let m) = subject(
                before: hit.tokens.lowerBound, from: quoteTokens[quote].lowerBound, strict: true)
            {
                quotedSubject = m
            }
            if let object {
                target = object
                if holder == nil { holder = quotedSubject.map { ($0, .subject) } ?? (speaker, .speaker) }
            } else {
                if holder == nil { holder = (speaker, .speaker) }
                if target == nil, let quotedSubject, mentions[quotedSubject].entity != mentions[speaker].entity {
                    target = (quotedSubject, .quoteSubject)
                }
            }
        }
        if holder == nil {
            holder = subjectHolder(before: hit.tokens.lowerBound, in: sentence)
        }
        if holder == nil, let quote, let speaker = quotes[quote].speaker {
            holder = (speaker, .speaker)
        }
        if target == nil {
            target = object(after: hit.tokens.upperBound, in: sentence)
        }
        guard let holder, let target, mentions[holder.mention].entity != mentions[target.mention].entity else {
            return nil
        }
        return Stance(
            holder: holder.mention, target: target.mention, polarity: polarity, cue: span(hit.tokens),
            negated: negated, rule: rule, holderSource: holder.source, targetSource: target.source, quote: quote)
    }

    /// The holder from the cue's clause: its subject, a resolved pronoun, the subject shared with
    /// an earlier verb of the sentence, or the nearest subject in the sentence.
    private mutating func subjectHolder(before t: Int, in sentence: Range<Int>) -> (Int, Stance.HolderSource)? {
        switch subject(before: t, from: sentence.lowerBound, strict: true) {
        case .mention(let m): return (m, .subject)
        case .pronoun(let p): return resolvePronoun(at: p).map { ($0, .pronoun) }
        case .firstPerson: return nil
        case .none(let atCoordinator):
            if atCoordinator, lastStanceSentence == Int(sentenceOf[t]), let earlier = stances.last {
                return (earlier.holder, .sharedSubject)
            }
        }
        switch subject(before: t, from: sentence.lowerBound, strict: false) {
        case .mention(let m): return (m, .subject)
        case .pronoun(let p): return resolvePronoun(at: p).map { ($0, .pronoun) }
        default: return nil
        }
    }

    /// Searches backward from token `t` for the subject of its clause: an entity mention that is
    /// neither the object of a preposition nor a possessor, or a pronoun. A strict search stops at
    /// clause punctuation and clause openers; a loose one only at hard stops.
    func subject(before t: Int, from lower: Int, strict: Bool, allowTopics: Bool = false) -> Subject {
        let lower = max(lower, t - StanceAnalyzer.searchWindow)
        var k = t - 1
        while k >= lower {
            if isHardStop(k) { return .none(atCoordinator: false) }
            if strict && isClausePunctuation(k) { return .none(atCoordinator: false) }
            let m = Int(mentionAt[k])
            if m >= 0 {
                let usable = isEntity(m) || (allowTopics && mentions[m].kind == .topic)
                if usable && !isPrepositionalObject(m) && !isPossessor(m) {
                    return .mention(m)
                }
                k = mentionTokens[m].lowerBound - 1
                continue
            }
            let w = key(k)
            if words.subjectPronouns.contains(w) { return .pronoun(k) }
            if words.firstPerson.contains(w) { return .firstPerson }
            if strict && words.clauseOpeners.contains(w) {
                return .none(atCoordinator: words.coordinators.contains(w))
            }
            k -= 1
        }
        return .none(atCoordinator: false)
    }

    /// The nearest entity or topic the cue governs: forward in its clause, passing over a possessor
    /// ("accepted Trump's cease-fire framework" → the framework) or a modifier ("the U.S.
    /// cease-fire" → the cease-fire); "it" resolves to an antecedent.
    private func object(after t: Int, in sentence: Range<Int>) -> (Int, Stance.TargetSource)? {
        var k = t
        var steps = 0
        while k < sentence.upperBound && steps < 10 {
            if isHardStop(k) || isClausePunctuation(k) { return nil }
            let m = Int(mentionAt[k])
            if m >= 0 {
                if isPossessor(m), let owned = mention(startingWithin: mentionTokens[m].upperBound + 2, in: sentence) {
                    return (owned, .object)
                }
                // A mention right before another modifies it: "the U.S. cease-fire" is about the cease-fire.
                let next = mentionTokens[m].upperBound
                if next < sentence.upperBound, mentionAt[next] >= 0, tokens[next].spaceBefore,
                    mentions[Int(mentionAt[next])].entity != nil
                {
                    return (Int(mentionAt[next]), .object)
                }
                if mentions[m].entity != nil { return (m, .object) }
                k = mentionTokens[m].upperBound
                continue
            }
            let w = key(k)
            if w == .it || w == .them || (w == .this && (k + 1 >= tokens.count || !tokens[k + 1].isWord)) {
                return antecedent(before: k).map { ($0, .antecedent) }
            }
            if words.clauseOpeners.contains(w) && !words.coordinators.contains(w) { return nil }
            k += 1
            steps += 1
        }
        return nil
    }

    /// A resolved mention starting within four tokens of `t`, before any punctuation.
    private func mention(startingWithin t: Int, in sentence: Range<Int>) -> Int? {
        var k = t
        while k < min(t + 4, sentence.upperBound) {
            if !tokens[k].isWord { return nil }
            let m = Int(mentionAt[k])
            if m >= 0 && mentionTokens[m].lowerBound == k && mentions[m].entity != nil { return m }
            k += 1
        }
        return nil
    }

    /// The last stance target in this or the previous sentence, else the last topic mentioned there.
    private func antecedent(before t: Int) -> Int? {
        let sentence = Int(sentenceOf[t])
        let lower = max(sentence > 0 ? sentenceTokens[sentence - 1].lowerBound : 0, t - StanceAnalyzer.searchWindow)
        let lowerByte = Int(tokens[max(lower, 0)].start)
        if let last = stances.last(where: { $0.cue.start >= lowerByte && $0.cue.end <= Int(tokens[t].start) }) {
            return last.target
        }
        var k = t - 1
        while k >= lower {
            let m = Int(mentionAt[k])
            if m >= 0 && mentions[m].kind == .topic { return m }
            k -= 1
        }
        return nil
    }

    /// Whether a negator stands within three tokens before the cue, in its clause.
    private func isNegated(_ cue: Range<Int>) -> Bool {
        var k = cue.lowerBound - 1
        var steps = 0
        while k >= 0 && steps < 3 {
            if isHardStop(k) || key(k) == .comma { return false }
            if hasNegator(at: k) { return true }
            k -= 1
            steps += 1
        }
        return false
    }

    /// Whether a negator stands at token `t`.
    /// - Complexity: O(log n) for n negators (a binary search).
    private func hasNegator(at t: Int) -> Bool {
        var (low, high) = (0, negators.count)
        while low < high {
            let middle = (low + high) / 2
            if negators[middle] < t { low = middle + 1 } else { high = middle }
        }
        return low < negators.count && negators[low] == t
    }

    /// "X was rejected by Y": the agent after "by" holds the stance toward the subject.
    private mutating func passive(_ cue: Range<Int>, in sentence: Range<Int>) -> (agent: Int, subject: Int?)? {
        guard cue.upperBound < sentence.upperBound, key(cue.upperBound) == .by else { return nil }
        var be = -1
        var k = cue.lowerBound - 1
        while k >= sentence.lowerBound && k >= cue.lowerBound - 3 {
            let w = key(k)
            if words.beForms.contains(w) {
                be = k
                break
            }
            guard words.isAdverb(w) || w == .not || w == .never else { break }
            k -= 1
        }
        guard be >= 0, let (agent, _) = speaker(startingAt: cue.upperBound + 1) else { return nil }
        switch subject(before: be, from: sentence.lowerBound, strict: true, allowTopics: true) {
        case .mention(let m): return (agent, m)
        case .pronoun(let p): return (agent, resolvePronoun(at: p))
        default: return (agent, nil)
        }
    }

    // MARK: - Patterns

    /// Matches a pattern around a cue; returns the bound slots.
    private mutating func match(_ pattern: StancePattern, _ cue: Range<Int>, in sentence: Range<Int>) -> (
        holder: Int?, target: Int?
    )? {
        guard let cueIndex = pattern.elements.firstIndex(of: .cue) else { return nil }
        var bound: (holder: Int?, target: Int?) = (nil, nil)
        let before = Array(pattern.elements[..<cueIndex].reversed())
        let after = Array(pattern.elements[(cueIndex + 1)...])
        guard matchElements(after[...], at: cue.upperBound, step: 1, in: sentence, &bound),
            matchElements(before[...], at: cue.lowerBound - 1, step: -1, in: sentence, &bound)
        else { return nil }
        return bound
    }

    /// Matches elements one after the other from token `t`, going right (`step` 1) or left (-1).
    /// Gaps try every length up to their bound; the number of gaps in a pattern is bounded, so
    /// the search is too.
    private mutating func matchElements(
        _ elements: ArraySlice<PatternElement>, at t: Int, step: Int, in sentence: Range<Int>,
        _ bound: inout (holder: Int?, target: Int?)
    ) -> Bool {
        guard let element = elements.first else { return true }
        let rest = elements.dropFirst()
        let inside = sentence.contains(t)
        switch element {
        case .word(let w):
            guard inside, !isHardStop(t), word(t) == w else { return false }
            return matchElements(rest, at: t + step, step: step, in: sentence, &bound)
        case .holder, .target:
            guard inside, let (m, next) = slot(at: t, step: step, holder: element == .holder) else { return false }
            let saved = bound
            if element == .holder { bound.holder = m } else { bound.target = m }
            if matchElements(rest, at: next, step: step, in: sentence, &bound) { return true }
            bound = saved
            return false
        case .gap(let maximum):
            // A gap counts words; a mention ("the U.S.") counts as one.
            var k = t
            for length in 0...maximum {
                if length > 0 {
                    guard sentence.contains(k), !isHardStop(k) else { return false }
                    let m = Int(mentionAt[k])
                    k = m >= 0 ? (step > 0 ? mentionTokens[m].upperBound : mentionTokens[m].lowerBound - 1) : k + step
                }
                if matchElements(rest, at: k, step: step, in: sentence, &bound) { return true }
            }
            return false
        case .cue:
            return false
        }
    }

    /// A mention (or, for a holder, a subject pronoun) whose edge is at `t` in the direction of travel.
    private mutating func slot(at t: Int, step: Int, holder: Bool) -> (mention: Int, next: Int)? {
        let m = Int(mentionAt[t])
        if m >= 0 {
            let range = mentionTokens[m]
            let atEdge = step > 0 ? range.lowerBound == t : range.upperBound - 1 == t
            guard atEdge, mentions[m].entity != nil, !holder || isEntity(m) else { return nil }
            return (m, step > 0 ? range.upperBound : range.lowerBound - 1)
        }
        if holder && words.subjectPronouns.contains(key(t)), let resolved = resolvePronoun(at: t) {
            return (resolved, t + step)
        }
        return nil
    }
}
