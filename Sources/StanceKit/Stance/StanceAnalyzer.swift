/// Finds quotes, their speakers and stances in one tokenized document, around the cues.
///
/// Works on tokens, with small closed word lists (prepositions, clause openers, pronouns) and no
/// parser: the holder is the pattern's `{holder}`, else the subject of the cue's clause (the
/// nearest entity before the cue that is not the object of a preposition, or a pronoun resolved
/// to the last person named as a subject), else the speaker of the quote. The target is the
/// pattern's `{target}`, else the nearest entity or topic the cue governs. Inside a quote, a cue
/// about an entity is the speaker's stance toward that entity.
///
/// - Complexity: O(m) for m tokens to find cues and quotes, plus O(w) per cue for a window w of
///   at most a sentence.
struct StanceAnalyzer {
    let rules: CompiledRules
    /// The closed word lists, held here so that a look-up in a loop reads a stored property
    /// instead of calling a global's lazy initializer (`swift_once`) each time.
    let words = StanceWords.shared
    let bytes: UnsafeBufferPointer<UInt8>
    let tokens: UnsafeBufferPointer<Token>
    /// The indices of the tokens with a vocabulary id (``TokenList/known``).
    let known: UnsafeBufferPointer<Int32>
    let sentences: [Sentence]
    var mentions: [Mention]
    var mentionTokens: [Range<Int>]
    /// The memory of the per-token columns below.
    private let columns: TokenColumns
    /// For every token, the mention covering it, or -1.
    let mentionAt: UnsafeMutableBufferPointer<Int32>
    /// For every token, its sentence index.
    let sentenceOf: UnsafeMutableBufferPointer<Int32>
    /// Each sentence's token range.
    var sentenceTokens: [Range<Int>]
    var cues: [CueHit] = []
    /// Attribution hits in text order; they never overlap, so ``attribution(at:)`` and
    /// ``attribution(endingAt:)`` find one by binary search.
    var attributionHits: [AttributionHit] = []
    /// Token positions of negators, ascending (``hasNegator(at:)`` searches them).
    var negators: [Int] = []
    var quotes: [Quote] = []
    /// For every quote, its content's token range.
    var quoteTokens: [Range<Int>] = []
    var stances: [Stance] = []
    /// For every token, the last quote found that holds it, or -1: written once quotes are found,
    /// and only when there are any (read it through ``quote(holding:)``).
    let quoteAt: UnsafeMutableBufferPointer<Int32>
    /// The sentence index of the last stance found, or -1. Cues come in text order, so a
    /// sentence's last stance so far is the last stance found, if that one is in the sentence.
    var lastStanceSentence = -1

    /// How far back the searches for a subject or an antecedent go, in tokens: a bound that keeps
    /// any document linear, however long its sentences.
    static let searchWindow = 250

    struct CueHit {
        var tokens: Range<Int>
        var cue: Int
        var form: Int
    }

    struct AttributionHit {
        var tokens: Range<Int>
        /// Whether a direct quote took the hit as its attribution.
        var isTaken = false
    }

    init(
        rules: CompiledRules, bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Token>,
        known: UnsafeBufferPointer<Int32>, sentences: [Sentence], sentenceTokens: [Range<Int>],
        mentions: [Mention], mentionTokens: [Range<Int>], columns: TokenColumns
    ) {
        self.rules = rules
        self.bytes = bytes
        self.tokens = tokens
        self.known = known
        self.sentences = sentences
        self.mentions = mentions
        self.mentionTokens = mentionTokens
        columns.reset(columns: 3, tokens: tokens.count)
        self.columns = columns
        (mentionAt, sentenceOf, quoteAt) = (columns[0], columns[1], columns[2])
        mentionAt.initialize(repeating: -1)
        for (index, range) in mentionTokens.enumerated() {
            for t in range { mentionAt[t] = Int32(index) }
        }
        // Tokens join the sentence that holds them; any token outside every sentence joins the
        // last sentence that holds a token, or the first.
        var last: Int32 = 0
        var t = 0
        let base = sentenceOf.baseAddress!
        for (s, range) in sentenceTokens.enumerated() {
            (base + t).initialize(repeating: last, count: range.lowerBound - t)
            (base + range.lowerBound).initialize(repeating: Int32(s), count: range.count)
            if !range.isEmpty { last = Int32(s) }
            t = range.upperBound
        }
        (base + t).initialize(repeating: last, count: tokens.count - t)
        self.sentenceTokens = sentenceTokens
    }

    /// Runs every step and returns mentions (with the pronouns it resolved, in text order),
    /// quotes and stances, their indices consistent. `ends` is scratch space for trie matches,
    /// reused from the entity pass so that the cue pass allocates none. The analyzer takes its
    /// arrays from `scratch` and puts them back, emptied (with those given to `init`), for the
    /// next document.
    mutating func run(
        reusing ends: inout [(token: Int, node: Int32)], scratch: inout AnnotationScratch
    ) -> (mentions: [Mention], quotes: [Quote], stances: [Stance]) {
        // Taken here, not in `init`: an `init` with an `inout` argument was copied whole (about
        // 400 instructions of retains) and the first instance destroyed.
        cues = scratch.cues.taken()
        attributionHits = scratch.attributionHits.taken()
        negators = scratch.negators.taken()
        quoteTokens = scratch.quoteTokens.taken()
        let result = analyze(reusing: &ends)
        giveBack(to: &scratch)
        return result
    }

    /// ``run(reusing:scratch:)`` without the scratch arrays' coming and going.
    private mutating func analyze(
        reusing ends: inout [(token: Int, node: Int32)]
    ) -> (mentions: [Mention], quotes: [Quote], stances: [Stance]) {
        guard !rules.cueForms.isEmpty else { return (mentions, [], []) }
        findCues(into: &ends)
        findDirectQuotes()
        findIndirectQuotes()
        if !quoteTokens.isEmpty {
            quoteAt.initialize(repeating: -1)
            for (index, range) in quoteTokens.enumerated() {
                for t in range { quoteAt[t] = Int32(index) }
            }
        }
        findStances()
        return ordered()
    }

    /// Puts the arrays taken from `scratch` back, emptied, for the next document.
    private mutating func giveBack(to scratch: inout AnnotationScratch) {
        sentenceTokens.giveBack(to: &scratch.sentenceTokens)
        mentionTokens.giveBack(to: &scratch.mentionTokens)
        cues.giveBack(to: &scratch.cues)
        attributionHits.giveBack(to: &scratch.attributionHits)
        negators.giveBack(to: &scratch.negators)
        quoteTokens.giveBack(to: &scratch.quoteTokens)
    }

    /// The last quote found that holds token `t`.
    func quote(holding t: Int) -> Int? {
        guard !quoteTokens.isEmpty, quoteAt[t] >= 0 else { return nil }
        return Int(quoteAt[t])
    }

    // MARK: - Words

    /// The token's text in lower case, with typographic apostrophes and quotes made ASCII.
    func word(_ t: Int) -> String {
        let token = tokens[t]
        if !token.isWord {
            let (scalar, _) = Tokenizer.decode(bytes, at: Int(token.start))
            if let ascii = Tokenizer.canonicalPunctuation(scalar) { return String(UnicodeScalar(ascii)) }
            return String(scalar)
        }
        let slice = UnsafeBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.end)])
        if slice.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: slice.count) { buffer in
                for (k, byte) in slice.enumerated() {
                    buffer[k] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                return slice.count
            }
        }
        return String(decoding: slice, as: UTF8.self).lowercased()
    }

    /// The token's ``word(_:)`` as a ``WordKey``: for an ASCII word, with no `String` built.
    @inline(__always)
    func key(_ t: Int) -> WordKey {
        let token = tokens[t]
        let start = Int(token.start)
        if token.isWord {
            if let key = WordKey(asciiLowercasing: bytes, from: start, to: Int(token.end)) { return key }
        } else if bytes[start] < 0x80 {
            return WordKey(asciiLowercasing: bytes, from: start, to: start + 1)!
        }
        return WordKey(word(t))
    }

    func span(_ range: Range<Int>) -> Span {
        Span(start: Int(tokens[range.lowerBound].start), end: Int(tokens[range.upperBound - 1].end))
    }

    @inline(__always)
    func isQuoteMark(_ t: Int) -> Bool {
        let token = tokens[t]
        guard !token.isWord else { return false }
        let first = bytes[Int(token.start)]
        if first == UInt8(ascii: "\"") { return true }
        if first != 0xE2 { return false }  // the lead byte of U+201C and U+201D
        let (scalar, _) = Tokenizer.decode(bytes, at: Int(token.start))
        return scalar == "\"" || scalar == "\u{201C}" || scalar == "\u{201D}"
    }

    /// Punctuation that closes a clause for the strict searches (never inside a mention: "U.S.").
    func isClausePunctuation(_ t: Int) -> Bool {
        guard !tokens[t].isWord, mentionAt[t] < 0 else { return false }
        return words.clausePunctuation.contains(key(t))
    }

    /// Punctuation no search crosses: sentence-internal hard stops and quotation marks (never
    /// inside a mention).
    func isHardStop(_ t: Int) -> Bool {
        guard !tokens[t].isWord, mentionAt[t] < 0 else { return false }
        if isQuoteMark(t) { return true }
        return words.hardStops.contains(key(t))
    }

    /// Whether the mention is followed by a possessive ending ('s, ’s, or a bare ' after s).
    func isPossessor(_ mention: Int) -> Bool {
        let end = mentionTokens[mention].upperBound
        guard end < tokens.count, isApostrophe(end), !tokens[end].spaceBefore else {
            return false
        }
        return end + 1 < tokens.count && key(end + 1) == .s && !tokens[end + 1].spaceBefore
    }

    /// Whether a preposition (possibly with a determiner) stands right before the mention.
    func isPrepositionalObject(_ mention: Int) -> Bool {
        var t = mentionTokens[mention].lowerBound - 1
        while t >= 0 && words.determiners.contains(key(t)) { t -= 1 }
        return t >= 0 && words.prepositions.contains(key(t))
    }

    func isEntity(_ mention: Int) -> Bool {
        mentions[mention].kind != .topic && mentions[mention].entity != nil
    }

    func sentenceRange(of t: Int) -> Range<Int> {
        let index = Int(sentenceOf[t])
        return index < sentenceTokens.count ? sentenceTokens[index] : 0..<tokens.count
    }

    // MARK: - Cues

    /// Walks the cue trie over every token outside a mention; longest match wins. Only tokens
    /// with a vocabulary id (``known``) can start a cue or be an apostrophe.
    private mutating func findCues(into ends: inout [(token: Int, node: Int32)]) {
        let trie = rules.cueTrie
        let apostrophe = rules.apostrophe
        /// Tokens before this one are inside a cue already matched.
        var consumed = 0
        for position in known where Int(position) >= consumed {
            let i = Int(position)
            let id = tokens[i].id
            // "n't" ("didn" "'" "t"): a negator at the word before the apostrophe, unless that
            // word is in a mention or in a cue.
            if id == apostrophe && i - 1 >= consumed && mentionAt[i - 1] < 0 && isContraction(at: i - 1) {
                negators.append(i - 1)
            }
            guard trie.starts(with: id) && mentionAt[i] < 0 else { continue }
            // The longest match outside every mention, by index: a slice of `ends` would retain
            // and release the array at every cue start.
            var k = trie.matches(from: i, tokens: tokens, into: &ends)
            while k > 0 && !(i...ends[k - 1].token).allSatisfy({ mentionAt[$0] < 0 }) { k -= 1 }
            guard k > 0 else { continue }
            let (end, node) = ends[k - 1]
            let range = i..<(end + 1)
            var (isCue, isAttribution, isNegator) = (false, false, false)
            for formIndex in rules.cueTrie.payloads(of: node) {
                switch rules.cueRoles[Int(formIndex)] {
                case .cue(let cue):
                    if !isCue {
                        // Room for a typical document's hits at once, instead of doubling from one.
                        if cues.isEmpty { cues.reserveCapacity(8) }
                        cues.append(CueHit(tokens: range, cue: cue, form: Int(formIndex)))
                    }
                    isCue = true
                case .attribution:
                    if !isAttribution {
                        if attributionHits.isEmpty { attributionHits.reserveCapacity(8) }
                        attributionHits.append(AttributionHit(tokens: range))
                    }
                    isAttribution = true
                case .negator:
                    if !isNegator { negators.append(i) }
                    isNegator = true
                }
            }
            consumed = end + 1
        }
    }

    /// "n't" written as "didn't", which tokenizes as "didn" "'" "t".
    private func isContraction(at t: Int) -> Bool {
        guard t + 2 < tokens.count, tokens[t].isWord, bytes[Int(tokens[t].end) - 1] | 0x20 == UInt8(ascii: "n"),
            !tokens[t + 1].spaceBefore, !tokens[t + 2].spaceBefore, tokens[t + 2].end - tokens[t + 2].start == 1,
            bytes[Int(tokens[t + 2].start)] | 0x20 == UInt8(ascii: "t")
        else { return false }
        return isApostrophe(t + 1)
    }

    func isApostrophe(_ t: Int) -> Bool {
        let token = tokens[t]
        if token.isWord { return false }
        if token.end - token.start == 1 { return bytes[Int(token.start)] == UInt8(ascii: "'") }
        let (scalar, _) = Tokenizer.decode(bytes, at: Int(token.start))
        return Tokenizer.canonicalPunctuation(scalar) == UInt8(ascii: "'")
    }

    // MARK: - Result

    /// Sorts mentions by position (pronouns were appended), keeps only the pronouns that speak or
    /// hold a stance, and renumbers every reference. Takes the mentions out of the analyzer when
    /// it reorders them.
    private mutating func ordered() -> (mentions: [Mention], quotes: [Quote], stances: [Stance]) {
        // The common case needs no renumbering: no pronoun mentions, and mentions and quotes
        // found in text order.
        /// Whether the spans of `count` items are in order, read by index: a closure taking an
        /// element would copy it (a mention's strings retained and released).
        func inOrder(_ count: Int, _ span: (Int) -> Span) -> Bool {
            var k = 1
            while k < count {
                if span(k) < span(k - 1) { return false }
                k += 1
            }
            return true
        }
        // By index too: `mentions.contains(where:)` would copy every mention.
        if !mentions.indices.contains(where: { mentions[$0].kind == .pronoun })
            && inOrder(mentions.count, { mentions[$0].span })
            && inOrder(quotes.count, { quotes[$0].span })
        {
            let stancesInOrder = inOrder(stances.count) { stances[$0].cue }
            return (mentions, quotes, stancesInOrder ? stances : stances.sorted { $0.cue < $1.cue })
        }
        var used = Set(quotes.compactMap(\.speaker))
        for stance in stances {
            used.insert(stance.holder)
            used.insert(stance.target)
        }
        let kept = mentions.indices.map { mentions[$0].kind != .pronoun || used.contains($0) }
        let order = mentions.indices.filter { kept[$0] }.sorted { mentions[$0].span < mentions[$1].span }
        var newIndex = [Int](repeating: 0, count: mentions.count)
        for (position, old) in order.enumerated() { newIndex[old] = position }
        // Position p is to hold mention source[p]: the kept mentions in order, then the pronouns
        // dropped. Following the permutation's cycles with swaps moves every mention into place
        // without copying one (a copy retains and releases its strings).
        var source = order
        source.reserveCapacity(mentions.count)
        for old in mentions.indices where !kept[old] { source.append(old) }
        var sortedMentions: [Mention] = []
        swap(&sortedMentions, &mentions)
        for start in source.indices where source[start] != start {
            var p = start
            while source[p] != start {
                let q = source[p]
                sortedMentions.swapAt(p, q)
                source[p] = p
                p = q
            }
            source[p] = p
        }
        sortedMentions.removeLast(sortedMentions.count - order.count)
        let remappedQuotes = quotes.map { quote -> Quote in
            var quote = quote
            quote.speaker = quote.speaker.map { newIndex[$0] }
            return quote
        }
        let quoteOrder = remappedQuotes.indices.sorted { remappedQuotes[$0].span < remappedQuotes[$1].span }
        var newQuote = [Int](repeating: 0, count: quotes.count)
        for (position, old) in quoteOrder.enumerated() { newQuote[old] = position }
        let sortedStances = stances.map { stance -> Stance in
            var stance = stance
            stance.holder = newIndex[stance.holder]
            stance.target = newIndex[stance.target]
            stance.quote = stance.quote.map { newQuote[$0] }
            return stance
        }.sorted { $0.cue < $1.cue }
        return (sortedMentions, quoteOrder.map { remappedQuotes[$0] }, sortedStances)
    }
}

/// Closed word lists the stance analysis relies on (lower case), built once (``shared``); each
/// ``StanceAnalyzer`` holds the instance.
final class StanceWords: Sendable {
    static let shared = StanceWords()

    private init() {}

    let prepositions: WordSet = [
        "with", "to", "of", "for", "by", "from", "between", "about", "against", "on", "at", "in", "into", "than",
        "over", "under", "toward", "towards", "among", "after", "before", "during", "without", "through", "across",
        "behind", "beyond", "near", "like", "including", "via", "per", "upon", "within", "amid", "despite", "onto",
    ]
    let determiners: WordSet = ["the", "a", "an", "this", "these", "those", "its", "their", "his", "her"]
    /// Words that open a new clause.
    let clauseOpeners: WordSet = [
        "that", "which", "who", "whom", "whose", "if", "whether", "because", "while", "although", "though",
        "whereas", "when", "where", "since", "unless", "until", "so", "but", "and", "or", "yet",
    ]
    /// Coordinators after which a verb may share the subject of the verb before.
    let coordinators: WordSet = ["and", "but", "or", "yet"]
    let subjectPronouns: WordSet = ["he", "she", "they"]
    let firstPerson: WordSet = ["i", "we", "me", "us"]
    let objectPronouns: WordSet = ["it", "this", "them"]
    /// Who is told: "X told reporters Tuesday …".
    let audiences: WordSet = [
        "reporters", "journalists", "lawmakers", "supporters", "parliament", "senators",
    ]
    let timeWords: WordSet = [
        "on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
        "earlier", "later", "last", "week", "night", "morning",
    ]
    let beForms: WordSet = ["be", "is", "are", "was", "were", "been", "being", "am", "get", "got", "gets"]
    let adverbs: WordSet = [
        "also", "later", "then", "again", "once", "now", "still", "further", "flatly", "repeatedly", "publicly",
        "reportedly", "recently", "previously", "already", "firmly", "strongly", "openly", "quickly",
    ]
    func isAdverb(_ word: WordKey) -> Bool { adverbs.contains(word) || word.isLyAdverb }
    /// Punctuation that closes a clause (``StanceAnalyzer/isClausePunctuation(_:)``).
    let clausePunctuation: WordSet = [",", ";", ":", "(", ")", "\u{2014}", "\u{2013}", "\"", ".", "!", "?"]
    /// Punctuation no search crosses (``StanceAnalyzer/isHardStop(_:)``), besides quotation marks.
    let hardStops: WordSet = [";", ".", "!", "?"]
    /// Punctuation a reported clause does not end with.
    let finalPunctuation: WordSet = [".", "!", "?", ","]
}
