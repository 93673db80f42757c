/// Rules compiled for matching: immutable and shared by all workers.
///
/// Compiling interns every token of every surface form, cue, attribution verb and negator in one
/// ``Vocabulary`` and builds two ``TokenTrie``s over token ids: one of entity and topic forms,
/// one of cue, attribution and negator forms. Annotating walks each trie only from tokens whose
/// id is known: one pass over the text, whatever the number of rules.
public final class CompiledRules: Sendable {
    /// An entity or a topic, the things mentions refer to.
    public struct Target: Sendable, Hashable {
        public var id: String
        /// The entity type, or `TOPIC`.
        public var type: String
        public var isTopic: Bool
    }

    /// What a form of the cue trie stands for.
    public enum CueRole: Sendable, Hashable {
        /// A stance cue: index into ``RuleSet/cues``.
        case cue(Int)
        /// An attribution verb or phrase ("said", "according to").
        case attribution
        /// A negator ("not", "never").
        case negator
    }

    /// A generated form of a cue, an attribution verb or a negator.
    public struct CueForm: Sendable, Hashable {
        public var surface: String
        public var role: CueRole
        /// `word`, `phrase`, `attribution` or `negator`.
        public var variant: String
        /// Rule-file line (0 for built-in defaults).
        public var line: Int
    }

    /// The rule set the matcher was compiled from.
    public let rules: RuleSet
    /// Entities, then topics; ``SurfaceForm/entityIndex`` indexes this array.
    public let targets: [Target]
    /// Every generated entity and topic surface form, in rule-file order.
    public let forms: [SurfaceForm]
    /// Every generated cue, attribution and negator form.
    public let cueForms: [CueForm]
    /// The role of each cue form, apart, so that the cue pass reads no strings.
    let cueRoles: [CueRole]
    /// Problems found while compiling: surface forms claimed by several entities (warnings).
    public let diagnostics: [Diagnostic]

    let vocabulary: Vocabulary
    let entityTrie: TokenTrie
    /// The choices of each entity-trie node whose forms belong to several entities, indexed by
    /// ``NodeTarget/shared``.
    let sharedForms: [SharedForms]
    /// For each entity-trie node, what a match ending there makes (``NodeTarget``): what a match
    /// reads, in one place (about 120 bytes, one or two adjacent cache lines, where reading the
    /// node's entity, its form and the entity's strings apart cost three misses in a large
    /// gazetteer). Every node has one, about 36 MB for the 297,000 nodes of 49,022 entities.
    let nodeTargets: [NodeTarget]
    let cueTrie: TokenTrie
    /// Whether "n't" is a negator (it is matched specially: "didn't" tokenizes as "didn ' t").
    let negatesContractions: Bool
    /// The vocabulary id of the apostrophe (typographic ones share it) when ``negatesContractions``,
    /// else -1.
    let apostrophe: Int32
    /// The vocabulary id of the quotation mark `"` (typographic ones share it) when there are cue
    /// forms (the stance analysis runs), else -1.
    let quoteMark: Int32

    /// Compiles a checked rule set.
    /// - Complexity: O(total tokens of all generated forms).
    public init(_ rules: RuleSet) {
        self.rules = rules
        targets =
            rules.entities.map { Target(id: $0.id.value, type: $0.type.value, isTopic: false) }
            + rules.topics.map { Target(id: $0.id.value, type: "TOPIC", isTopic: true) }
        let forms = SurfaceFormGenerator.forms(of: rules)
        self.forms = forms
        let cueForms = CompiledRules.cueForms(of: rules)
        self.cueForms = cueForms
        cueRoles = cueForms.map(\.role)

        var builder = VocabularyBuilder()
        func keys(_ surface: String) -> [(id: Int32, spaceBefore: Bool)] {
            let (bytes, tokens) = Tokenizer.tokenize(surface)
            return tokens.map { (builder.intern(CompiledRules.key(of: $0, in: bytes)), $0.spaceBefore) }
        }
        var entityEntries = forms.enumerated().map { (keys($0.element.surface), Int32($0.offset)) }
        var cueEntries = cueForms.enumerated().compactMap { index, form -> ([(id: Int32, spaceBefore: Bool)], Int32)? in
            if form.role == .negator && CompiledRules.isContraction(form.surface) { return nil }
            return (keys(form.surface), Int32(index))
        }
        negatesContractions = cueForms.contains { $0.role == .negator && CompiledRules.isContraction($0.surface) }
        // "n't" is looked for at apostrophes, so an apostrophe needs an id of its own.
        var apostrophe = negatesContractions ? builder.intern([UInt8(ascii: "'")]) : -1
        // Direct quotes are looked for at quotation marks, which need an id to be among the known
        // tokens (typographic ones share it).
        var quoteMark = cueForms.isEmpty ? -1 : builder.intern([UInt8(ascii: "\"")])
        // Renumber so that each trie's first tokens are one range of ids: a token outside it is
        // passed over with one comparison, and the trie's table of first tokens is no larger.
        // The apostrophe and the quotation mark, which the cue pass and the quote pass look for,
        // are numbered with the cue forms' first tokens: every id a pass starts at comes before
        // those that only go on a match, which the tokenizer leaves off the known list.
        let (newID, knownLimit) = CompiledRules.firstTokensFirst(
            entity: entityEntries.map(\.0), cue: cueEntries.map(\.0), count: builder.count,
            alsoKnown: [apostrophe, quoteMark].filter { $0 >= 0 })
        builder.renumber(newID)
        func renumbered(_ keys: [(id: Int32, spaceBefore: Bool)]) -> [(id: Int32, spaceBefore: Bool)] {
            keys.map { (newID[Int($0.id)], $0.spaceBefore) }
        }
        for k in entityEntries.indices { entityEntries[k].0 = renumbered(entityEntries[k].0) }
        for k in cueEntries.indices { cueEntries[k].0 = renumbered(cueEntries[k].0) }
        if apostrophe >= 0 { apostrophe = newID[Int(apostrophe)] }
        if quoteMark >= 0 { quoteMark = newID[Int(quoteMark)] }
        self.apostrophe = apostrophe
        self.quoteMark = quoteMark
        entityTrie = TokenTrie(entries: entityEntries)
        cueTrie = TokenTrie(entries: cueEntries)
        self.vocabulary = Vocabulary(builder, knownLimit: knownLimit)
        diagnostics = CompiledRules.ambiguityWarnings(rules: rules, targets: targets, forms: forms, trie: entityTrie)
        var sharedForms: [SharedForms] = []
        var sharedIndex: [Int32: Int32] = [:]
        for (node, list) in entityTrie.nodePayloadLists.enumerated() where list.count > 1 {
            if let shared = SharedForms(payloads: list, forms: forms, targets: targets) {
                sharedIndex[Int32(node)] = Int32(sharedForms.count)
                sharedForms.append(shared)
            }
        }
        self.sharedForms = sharedForms
        let entityTrie = self.entityTrie
        let targets = self.targets
        nodeTargets = (0..<entityTrie.nodeCount).map { node in
            NodeTarget(
                payloads: entityTrie.payloads(of: Int32(node)), shared: sharedIndex[Int32(node)], forms: forms,
                targets: targets)
        }
    }

    /// The mention a match of `form` makes, with an empty span.
    static func mention(of form: SurfaceForm, kind: MentionKind, targets: [Target]) -> Mention {
        let target = targets[form.entityIndex]
        return Mention(
            span: Span(start: 0, end: 0), type: target.type, entity: target.id, kind: kind,
            rule: RuleReference(id: target.id, variant: form.variant, line: form.line))
    }

    /// What a match ending at an entity-trie node makes, worked out when the rules compile.
    struct NodeTarget: Sendable {
        /// The entity (or topic) of every form at the node, or -1 when the node has no forms or
        /// forms of several entities.
        var entity: Int32
        /// For forms of several entities, their index in ``CompiledRules/sharedForms``; else -1.
        var shared: Int32
        /// Whether a name form (not only descriptors) ends at the node.
        var isName: Bool
        /// For forms of one entity, the mention a match makes (through the node's first form),
        /// with an empty span: a match copies it and sets the span. Otherwise unused (empty).
        var mention: Mention

        init(payloads: ArraySlice<Int32>, shared: Int32?, forms: [SurfaceForm], targets: [Target]) {
            self.shared = shared ?? -1
            guard let first = payloads.first,
                payloads.allSatisfy({ forms[Int($0)].entityIndex == forms[Int(first)].entityIndex })
            else {
                (entity, isName) = (-1, false)
                mention = Mention(
                    span: Span(start: 0, end: 0), type: "", entity: nil, kind: .name,
                    rule: RuleReference(id: "", variant: "", line: 0))
                return
            }
            let form = forms[Int(first)]
            entity = Int32(form.entityIndex)
            isName = payloads.contains { forms[Int($0)].kind != .descriptor }
            let kind: MentionKind = targets[form.entityIndex].isTopic ? .topic : isName ? .name : .descriptor
            mention = CompiledRules.mention(of: form, kind: kind, targets: targets)
        }
    }

    /// New vocabulary ids, indexed by the old: first the ids that only entity forms start with,
    /// then those that entity and cue forms start with, then those only cue forms start with, then
    /// the other ids of `alsoKnown`, then the rest, each group in the old order. Each trie's first
    /// tokens are then one range, and the ids below the returned limit are those a pass starts at.
    /// - Complexity: O(count + entries).
    static func firstTokensFirst(
        entity: [[(id: Int32, spaceBefore: Bool)]], cue: [[(id: Int32, spaceBefore: Bool)]], count: Int,
        alsoKnown: [Int32] = []
    ) -> (newID: [Int32], knownLimit: Int32) {
        // Bit 0: an entity form starts with the id; bit 1: a cue form does; 4: only `alsoKnown`.
        var starts = [UInt8](repeating: 0, count: count)
        for keys in entity { if let first = keys.first { starts[Int(first.id)] |= 1 } }
        for keys in cue { if let first = keys.first { starts[Int(first.id)] |= 2 } }
        for id in alsoKnown where starts[Int(id)] == 0 { starts[Int(id)] = 4 }
        var newID = [Int32](repeating: -1, count: count)
        var next: Int32 = 0
        var knownLimit: Int32 = 0
        for group: UInt8 in [1, 3, 2, 4, 0] {
            if group == 0 { knownLimit = next }
            for id in 0..<count where starts[id] == group {
                newID[id] = next
                next += 1
            }
        }
        return (newID, knownLimit)
    }

    /// What a trie node whose forms belong to several entities offers a mention.
    struct SharedForms: Sendable {
        /// An entity with forms at the node, and its first form there (whatever its kind).
        struct Choice: Sendable {
            var entity: Int
            var firstForm: Int
        }
        /// The entities with a name form here, in the order of their first name form.
        let names: [Choice]
        /// The entities with a descriptor form here, in the order of their first descriptor.
        let descriptors: [Choice]
        /// For each of ``names`` and ``descriptors``, the mention a match of its form makes (with
        /// an empty span) and the form's text (for the warning of an ambiguous match): apart
        /// from the choices, so that going through these copies no strings.
        let nameMentions: [Mention]
        let descriptorMentions: [Mention]
        let nameSurfaces: [String]
        let descriptorSurfaces: [String]
        /// The ids of the ``names``' entities, sorted.
        let sortedNameIDs: [String]

        /// `nil` when every form at the node belongs to one entity.
        init?(payloads: [Int32], forms: [SurfaceForm], targets: [Target]) {
            let entities = payloads.map { forms[Int($0)].entityIndex }
            guard Set(entities).count > 1 else { return nil }
            func firstForm(_ entity: Int) -> Int { Int(payloads[entities.firstIndex(of: entity)!]) }
            var names: [Choice] = []
            var descriptors: [Choice] = []
            for (payload, entity) in zip(payloads, entities) {
                if forms[Int(payload)].kind == .descriptor {
                    if !descriptors.contains(where: { $0.entity == entity }) {
                        descriptors.append(Choice(entity: entity, firstForm: firstForm(entity)))
                    }
                } else if !names.contains(where: { $0.entity == entity }) {
                    names.append(Choice(entity: entity, firstForm: firstForm(entity)))
                }
            }
            func mention(_ choice: Choice, _ kind: MentionKind) -> Mention {
                let kind = targets[choice.entity].isTopic ? .topic : kind
                return CompiledRules.mention(of: forms[choice.firstForm], kind: kind, targets: targets)
            }
            self.names = names
            self.descriptors = descriptors
            nameMentions = names.map { mention($0, .name) }
            descriptorMentions = descriptors.map { mention($0, .descriptor) }
            nameSurfaces = names.map { forms[$0.firstForm].surface }
            descriptorSurfaces = descriptors.map { forms[$0.firstForm].surface }
            sortedNameIDs = names.map { targets[$0.entity].id }.sorted()
        }
    }

    /// The ids of the entities of `choices` for which `isIncluded` holds, sorted.
    func sortedIDs(_ choices: [SharedForms.Choice], where isIncluded: (Int) -> Bool) -> [String] {
        choices.filter { isIncluded($0.entity) }.map { targets[$0.entity].id }.sorted()
    }

    /// The number of trie nodes (for statistics).
    public var nodeCount: Int { entityTrie.nodeCount + cueTrie.nodeCount }

    static func isContraction(_ surface: String) -> Bool {
        surface == "n't" || surface == "n\u{2019}t"
    }

    /// Cue words with their inflections and a capitalized spelling, phrases as written and
    /// capitalized, attribution verbs with their inflections, negators as written and capitalized.
    static func cueForms(of rules: RuleSet) -> [CueForm] {
        var result: [CueForm] = []
        var seen: Set<[UInt8]> = []
        func add(_ surface: String, _ role: CueRole, _ variant: String, _ line: Int) {
            for spelling in [surface, SurfaceFormGenerator.firstLetter(of: surface, upper: true)] {
                for form in SurfaceFormGenerator.spellings(of: spelling) {
                    if seen.insert(Array("\(role)|\(form)".utf8)).inserted {
                        result.append(CueForm(surface: form, role: role, variant: variant, line: line))
                    }
                }
            }
        }
        for (index, cue) in rules.cues.enumerated() {
            for word in cue.words {
                for form in cue.inflect ? Inflection.forms(of: word.value) : [word.value] {
                    add(form, .cue(index), "word", word.line)
                }
            }
            for phrase in cue.phrases { add(phrase.value, .cue(index), "phrase", phrase.line) }
        }
        for verb in rules.attribution {
            let isWord = !verb.value.contains(" ")
            for form in isWord ? Inflection.forms(of: verb.value) : [verb.value] {
                add(form, .attribution, "attribution", verb.line)
            }
        }
        for negator in rules.negators { add(negator.value, .negator, "negator", negator.line) }
        return result
    }

    /// The bytes a token is looked up by: its own, or the ASCII stand-in of typographic punctuation.
    static func key(of token: Token, in bytes: [UInt8]) -> [UInt8] {
        let slice = Array(bytes[Int(token.start)..<Int(token.end)])
        if !token.isWord && slice.count > 1 {
            let scalar = String(decoding: slice, as: UTF8.self).unicodeScalars.first!
            if let ascii = Tokenizer.canonicalPunctuation(scalar) { return [ascii] }
        }
        return slice
    }

    /// One warning per surface form claimed by more than one entity or topic.
    private static func ambiguityWarnings(
        rules: RuleSet, targets: [Target], forms: [SurfaceForm], trie: TokenTrie
    ) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for list in trie.nodePayloadLists where list.count > 1 {
            var firstByEntity: [Int: SurfaceForm] = [:]
            var order: [Int] = []
            for formIndex in list {
                let form = forms[Int(formIndex)]
                if firstByEntity[form.entityIndex] == nil {
                    firstByEntity[form.entityIndex] = form
                    order.append(form.entityIndex)
                }
            }
            guard order.count > 1, let first = firstByEntity[order[0]] else { continue }
            let firstID = targets[order[0]].id
            for entityIndex in order.dropFirst() {
                let form = firstByEntity[entityIndex]!
                warnings.append(
                    Diagnostic(
                        .warning,
                        "surface form '\(form.surface)' of '\(targets[entityIndex].id)' is also a form of '\(firstID)' (line \(first.line)); "
                            + "a document resolves it to the entity it named in full first, otherwise marks it ambiguous",
                        at: SourceLocation(file: rules.path, line: form.line, column: form.column)))
            }
        }
        // Spellings of one form ("the firm", "The firm") share their line and entities: report once.
        var seen: Set<String> = []
        return warnings.sorted { $0.location < $1.location }.filter {
            seen.insert("\($0.location.line):\($0.location.column)").inserted
        }
    }
}
