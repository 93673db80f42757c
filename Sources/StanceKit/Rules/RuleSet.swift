/// A value from a rule file with the position it was written at.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    /// 1-based line in the rule file.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int

    public init(_ value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }
}

/// One entity of a rule file and every way the press names it.
public struct EntityRule: Sendable, Hashable {
    /// Stable id used in every annotation (`lavrov`).
    public var id: Located<String>
    /// Entity type (`PERSON`, `ORG`, `GPE`, …).
    public var type: Located<String>
    /// Canonical name (`Sergey Lavrov`).
    public var name: Located<String>
    /// Given-name variants beyond the canonical one (`Sergei`). PERSON only.
    public var given: [Located<String>]
    /// Family-name variants (`Zelensky`, `Zelenskiy`). PERSON only; the canonical family name is implied.
    public var family: [Located<String>]
    /// Titles that stand before the name (`Foreign Minister`). PERSON only.
    public var titles: [Located<String>]
    /// Other names, matched as written (`U.S.`, `Kremlin`).
    public var aliases: [Located<String>]
    /// Descriptions that stand for the entity once the document has named it (`Ukrainian leader`).
    public var descriptors: [Located<String>]

    public init(
        id: Located<String>, type: Located<String>, name: Located<String>, given: [Located<String>] = [],
        family: [Located<String>] = [], titles: [Located<String>] = [], aliases: [Located<String>] = [],
        descriptors: [Located<String>] = []
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.given = given
        self.family = family
        self.titles = titles
        self.aliases = aliases
        self.descriptors = descriptors
    }
}

/// A parsed and checked rule file, with everything its includes brought in.
public struct RuleSet: Sendable {
    /// The path the rules were read from, as given.
    public var path: String
    /// SHA-256 of the main rule file's bytes, lowercase hex.
    public var sha256: String
    /// The format version (1).
    public var version: Int
    public var entities: [EntityRule]
    public var topics: [TopicRule]
    public var cues: [CueRule]
    /// Negator words and phrases (``StanceDefaults/negators`` when no file lists any).
    public var negators: [Located<String>]
    /// Attribution verbs and phrases (``StanceDefaults/attribution`` when no file lists any).
    /// Single words match with their inflections.
    public var attribution: [Located<String>]
    /// Files included by the main file, in load order, with their SHA-256.
    public var includes: [RuleSource]

    public init(
        path: String, sha256: String, version: Int = 1, entities: [EntityRule], topics: [TopicRule] = [],
        cues: [CueRule] = [], negators: [Located<String>]? = nil, attribution: [Located<String>]? = nil,
        includes: [RuleSource] = []
    ) {
        self.path = path
        self.sha256 = sha256
        self.version = version
        self.entities = entities
        self.topics = topics
        self.cues = cues
        self.negators = negators ?? StanceDefaults.negators.map { Located($0, line: 0, column: 0) }
        self.attribution = attribution ?? StanceDefaults.attribution.map { Located($0, line: 0, column: 0) }
        self.includes = includes
    }
}
