/// A topic under debate ("cease-fire"), matched like an entity's surface forms.
public struct TopicRule: Sendable, Hashable {
    /// Stable id, unique among entities and topics (`ceasefire`).
    public var id: Located<String>
    /// Every name of the topic (`cease-fire`, `truce`); each also matches in lower case and with a
    /// capital first letter.
    public var names: [Located<String>]

    public init(id: Located<String>, names: [Located<String>]) {
        self.id = id
        self.names = names
    }
}

/// For or against.
public enum Polarity: String, Sendable, Hashable, CaseIterable {
    case favor
    case against

    /// The opposite polarity.
    public var flipped: Polarity { self == .favor ? .against : .favor }
}

/// What a negator in the cue's clause does to the cue.
public enum NegationEffect: String, Sendable, Hashable, CaseIterable {
    /// "never accepted" is against what "accepted" favors.
    case flip
    /// "no plans to meet" gives no stance at all.
    case cancel
}

/// One element of a stance pattern such as `{holder} urge ... to ... {target}`.
public enum PatternElement: Sendable, Hashable {
    /// An entity mention that holds the stance.
    case holder
    /// An entity or topic mention the stance is about.
    case target
    /// Up to `max` tokens of anything inside the clause.
    case gap(max: Int)
    /// A literal word, matched without regard to case.
    case word(String)
    /// The cue itself: the pattern's word that is one of the cue's words (in any inflection) or
    /// its phrase.
    case cue
}

/// A stance pattern: slots and literals around the cue, with bounded gaps.
public struct StancePattern: Sendable, Hashable {
    public var elements: [PatternElement]
    /// The pattern as written.
    public var source: String

    public init(elements: [PatternElement], source: String) {
        self.elements = elements
        self.source = source
    }
}

/// A stance cue: words or phrases that show someone is for or against something.
public struct CueRule: Sendable, Hashable {
    public var id: Located<String>
    /// Words matched with their inflections (urge: urges, urged, urging) unless `inflect` is false.
    public var words: [Located<String>]
    /// Phrases matched as written (and with a capital first letter).
    public var phrases: [Located<String>]
    public var polarity: Located<Polarity>
    /// What a negator does to this cue (default: flip).
    public var negation: NegationEffect
    /// Whether `words` also match their inflections (default: true).
    public var inflect: Bool
    /// Patterns that bind the holder and target around the cue.
    public var patterns: [Located<StancePattern>]

    public init(
        id: Located<String>, words: [Located<String>] = [], phrases: [Located<String>] = [],
        polarity: Located<Polarity>, negation: NegationEffect = .flip, inflect: Bool = true,
        patterns: [Located<StancePattern>] = []
    ) {
        self.id = id
        self.words = words
        self.phrases = phrases
        self.polarity = polarity
        self.negation = negation
        self.inflect = inflect
        self.patterns = patterns
    }
}

/// A rule file that contributed to a rule set (the main file, then every include).
public struct RuleSource: Sendable, Hashable {
    public var path: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public var sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}

/// Defaults used when no rule file lists its own.
public enum StanceDefaults {
    /// Negators: a cue with one of these shortly before it, in its clause, is negated.
    public static let negators = [
        "not", "no", "never", "n't", "without", "neither", "nor", "cannot", "hardly", "refused to", "declined to",
        "failed to",
    ]
    /// Attribution verbs and phrases: they tie a quote to its speaker.
    public static let attribution = [
        "say", "tell", "write", "add", "argue", "state", "claim", "insist", "note", "explain", "declare", "announce",
        "warn", "stress", "tweet", "post", "according to",
    ]
}
