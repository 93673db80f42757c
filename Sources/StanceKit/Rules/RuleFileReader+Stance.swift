extension RuleFileReader {
    /// The largest gap a pattern may ask for, in tokens.
    static let maximumGap = 12
    /// The gap `...` stands for, in tokens.
    static let defaultGap = 4

    mutating func stance(_ node: RuleNode) {
        guard case .mapping(let mapping) = node else {
            if RuleFileReader.isNull(node) { return }
            error(
                "'stance' must be a mapping with 'cues', 'negators' and 'attribution', not \(RuleFileReader.describe(node))",
                node)
            return
        }
        for (key, _, value) in pairs(of: mapping, known: RuleFileParser.stanceKeys, context: "stance") {
            switch key {
            case "negators":
                negators = (negators ?? []) + strings(value, key: key)
            case "attribution":
                attribution = (attribution ?? []) + strings(value, key: key)
            default:
                cues(value)
            }
        }
    }

    private mutating func cues(_ node: RuleNode) {
        guard case .sequence(let sequence) = node else {
            if RuleFileReader.isNull(node) { return }
            error("'cues' must be a list of cues, not \(RuleFileReader.describe(node))", node)
            return
        }
        for item in sequence {
            if let cue = cue(item) { cuesFound.append(cue) }
        }
    }

    private mutating func cue(_ node: RuleNode) -> CueRule? {
        guard case .mapping(let mapping) = node else {
            error(
                "each cue must be a mapping with 'id', 'words' and 'polarity', not \(RuleFileReader.describe(node))",
                node)
            return nil
        }
        var id: Located<String>?
        var words: [Located<String>] = []
        var phrases: [Located<String>] = []
        var polarity: Located<Polarity>?
        var negation = NegationEffect.flip
        var inflect = true
        var patternNodes: [RuleNode] = []
        var sawPolarity = false
        for (key, _, value) in pairs(of: mapping, known: RuleFileParser.cueKeys, context: "cue") {
            switch key {
            case "id":
                id = identifier(value, of: "cue")
            case "words":
                words = strings(value, key: key)
            case "phrases":
                phrases = strings(value, key: key)
            case "polarity":
                sawPolarity = true
                polarity = choice(value, key: key, Polarity.self)
            case "negation":
                negation = choice(value, key: key, NegationEffect.self)?.value ?? .flip
            case "inflect":
                switch value.scalar?.string.lowercased() {
                case "true", "yes": inflect = true
                case "false", "no": inflect = false
                default: error("'inflect' must be true or false", value)
                }
            default:
                switch value {
                case .sequence(let sequence): patternNodes = Array(sequence)
                case .scalar: patternNodes = RuleFileReader.isNull(value) ? [] : [value]
                default: error("'patterns' must be a list of strings, not \(RuleFileReader.describe(value))", value)
                }
            }
        }
        let label = id.map { "cue '\($0.value)'" } ?? "cue"
        if id == nil && !mapping.contains(where: { $0.key.scalar?.string == "id" }) {
            error("cue is missing required key 'id'", node)
        }
        if words.isEmpty && phrases.isEmpty {
            error("\(label) needs 'words' or 'phrases'", node)
        }
        if !sawPolarity { error("\(label) is missing required key 'polarity' (favor or against)", node) }
        if let id {
            if let first = cueLines[id.value] {
                error("duplicate cue id '\(id.value)' (first defined at line \(first))", id)
            } else {
                cueLines[id.value] = id.line
            }
        }
        let cueForms = Set(words.flatMap { inflect ? Inflection.forms(of: $0.value) : [$0.value.lowercased()] })
        let cuePhrases = phrases.map { RuleFileReader.patternWords($0.value.lowercased()) }
        var patterns: [Located<StancePattern>] = []
        for patternNode in patternNodes {
            if let pattern = pattern(patternNode, cueForms: cueForms, cuePhrases: cuePhrases, label: label) {
                patterns.append(pattern)
            }
        }
        guard let id, let polarity else { return nil }
        return CueRule(
            id: id, words: words, phrases: phrases, polarity: polarity, negation: negation, inflect: inflect,
            patterns: patterns)
    }

    /// One of an enumeration's raw values, with a did-you-mean.
    private mutating func choice<T: RawRepresentable & CaseIterable & Sendable & Hashable>(
        _ node: RuleNode, key: String, _: T.Type
    ) -> Located<T>? where T.RawValue == String {
        guard let text = string(node, key: key) else { return nil }
        if let value = T(rawValue: text.value.lowercased()) {
            return Located(value, line: text.line, column: text.column)
        }
        let names = T.allCases.map(\.rawValue)
        var message = "'\(key)' must be \(names.map { "'\($0)'" }.joined(separator: " or ")), not '\(text.value)'"
        if let suggestion = RuleFileReader.closest(to: text.value, in: names) {
            message += "; did you mean '\(suggestion)'?"
        }
        error(message, text)
        return nil
    }

    /// Splits pattern text into words, keeping each word's scalar offset.
    static func patternWords(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// Parses one pattern such as `{holder} urge ... to ...6 {target}`.
    private mutating func pattern(
        _ node: RuleNode, cueForms: Set<String>, cuePhrases: [[String]], label: String
    ) -> Located<StancePattern>? {
        guard case .scalar(let scalar) = node else {
            error("each pattern must be a string, not \(RuleFileReader.describe(node))", node)
            return nil
        }
        let text = scalar.string
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        let line = scalar.mark.line
        let baseColumn = (scalar.mark.column) + (quoted ? 1 : 0)
        let here = Located(text, line: line, column: baseColumn)

        // Words with their columns.
        var words: [(text: String, column: Int)] = []
        var current = ""
        var start = 0
        for (offset, character) in text.unicodeScalars.enumerated() {
            if character == " " || character == "\t" {
                if !current.isEmpty { words.append((current, baseColumn + start)) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.unicodeScalars.append(character)
            }
        }
        if !current.isEmpty { words.append((current, baseColumn + start)) }

        var elements: [PatternElement] = []
        var problems = 0
        func fail(_ message: String, _ column: Int) {
            error(message, Located(text, line: line, column: column))
            problems += 1
        }
        var index = 0
        var sawCue = false
        while index < words.count {
            let (word, column) = words[index]
            if word.hasPrefix("{") || word.hasSuffix("}") {
                switch word {
                case "{holder}": elements.append(.holder)
                case "{target}": elements.append(.target)
                default: fail("unknown slot '\(word)' in pattern; use {holder} or {target}", column)
                }
            } else if word.hasPrefix("...") {
                let digits = word.dropFirst(3)
                let size = digits.isEmpty ? RuleFileReader.defaultGap : Int(digits) ?? -1
                if size < 1 || size > RuleFileReader.maximumGap {
                    fail(
                        "a gap is '...' (up to \(RuleFileReader.defaultGap) tokens) or '...N' with N from 1 to \(RuleFileReader.maximumGap), not '\(word)'",
                        column)
                } else {
                    if case .gap = elements.last { fail("two gaps in a row; use one '...N'", column) }
                    elements.append(.gap(max: size))
                }
            } else {
                let lower = word.lowercased()
                if !sawCue,
                    let phrase = cuePhrases.first(where: {
                        $0.count > 0 && Array(words[index...].prefix($0.count).map { $0.text.lowercased() }) == $0
                    })
                {
                    elements.append(.cue)
                    sawCue = true
                    index += phrase.count
                    continue
                }
                if !sawCue && cueForms.contains(lower) {
                    elements.append(.cue)
                    sawCue = true
                } else {
                    elements.append(.word(lower))
                }
            }
            index += 1
        }
        if problems > 0 { return nil }
        let holders = elements.filter { $0 == .holder }.count
        let targets = elements.filter { $0 == .target }.count
        if !sawCue {
            error("pattern of \(label) must contain one of its words or phrases", here)
            return nil
        }
        if holders > 1 || targets > 1 {
            error("a pattern may have one {holder} and one {target}", here)
            return nil
        }
        if holders + targets == 0 {
            error("a pattern needs a {holder} or a {target} slot", here)
            return nil
        }
        if elements.filter({ if case .gap = $0 { return true } else { return false } }).count > 3 {
            error("a pattern may have at most 3 gaps", here)
            return nil
        }
        if case .gap = elements.first {
            error("a pattern may not start with a gap", here)
            return nil
        }
        if case .gap = elements.last {
            error("a pattern may not end with a gap", here)
            return nil
        }
        return Located(StancePattern(elements: elements, source: text), line: here.line, column: here.column)
    }
}
