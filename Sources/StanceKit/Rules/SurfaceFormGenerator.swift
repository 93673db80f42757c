/// One way the press can name an entity, generated from its rule.
public struct SurfaceForm: Sendable, Hashable {
    /// The text to match, token by token.
    public var surface: String
    /// Index of the entity in ``RuleSet/entities``; for a topic, the number of entities plus the
    /// index of the topic in ``RuleSet/topics``.
    public var entityIndex: Int
    /// Name, descriptor or topic.
    public var kind: MentionKind
    /// How the form was generated: `name`, `given+family`, `family`, `title+family`, `title+name`,
    /// `alias`, `descriptor` or `topic`.
    public var variant: String
    /// The rule-file line of the key that produced it.
    public var line: Int
    /// The rule-file column of that key.
    public var column: Int
}

/// Generates every surface form of an entity.
///
/// For a PERSON, the canonical name splits into a given part (all words but the last) and a
/// family name (the last word, or the `family` list). The forms are: every given × family
/// combination, the family name alone, each title (as written and in lower case) before the
/// family name and before every full name (titles also in lower case, acronyms kept), every alias as written, and every descriptor as
/// written and with its first letter in upper case (for the start of a sentence). Other types get their name,
/// aliases and descriptors. Any form with an apostrophe comes in both its straight (') and
/// curly (’) spelling. Possessive endings need no forms: the matcher stops before them.
public enum SurfaceFormGenerator {
    /// - Complexity: O(t × g × f) for t titles, g given names and f family names.
    public static func forms(of entity: EntityRule, index: Int) -> [SurfaceForm] {
        var result: [SurfaceForm] = []
        var seen: Set<String> = []
        func add(_ surface: String, _ kind: MentionKind, _ variant: String, _ at: Located<String>) {
            for spelling in apostropheSpellings(surface) where seen.insert(spelling).inserted {
                result.append(
                    SurfaceForm(
                        surface: spelling, entityIndex: index, kind: kind, variant: variant, line: at.line,
                        column: at.column))
            }
        }

        if entity.type.value == "PERSON" {
            let words = entity.name.value.split(whereSeparator: { $0 == " " }).map(String.init)
            let canonicalFamily = Located(
                words.last ?? entity.name.value, line: entity.name.line, column: entity.name.column)
            let canonicalGiven = Located(
                words.dropLast().joined(separator: " "), line: entity.name.line, column: entity.name.column)
            let families = unique([canonicalFamily] + entity.family)
            let givens = unique([canonicalGiven] + entity.given)
            // Full names first: the canonical one, then every other combination.
            var fullNames: [(surface: String, source: Located<String>, canonical: Bool)] = []
            for given in givens {
                for family in families {
                    let surface = given.value.isEmpty ? family.value : "\(given.value) \(family.value)"
                    let isCanonical = given == canonicalGiven && family == canonicalFamily
                    let source = given != canonicalGiven ? given : family
                    fullNames.append((surface, source, isCanonical))
                }
            }
            add(entity.name.value, .name, "name", entity.name)
            for full in fullNames where !full.canonical {
                add(full.surface, .name, "given+family", full.source)
            }
            for family in families {
                add(family.value, .name, "family", family)
            }
            for title in entity.titles {
                for spelling in unique(strings: [title.value, lowercasedTitle(title.value)]) {
                    for family in families {
                        add("\(spelling) \(family.value)", .name, "title+family", title)
                    }
                    for full in fullNames where full.surface.contains(" ") {
                        add("\(spelling) \(full.surface)", .name, "title+name", title)
                    }
                }
            }
        } else {
            add(entity.name.value, .name, "name", entity.name)
        }
        for alias in entity.aliases {
            add(alias.value, .name, "alias", alias)
        }
        for descriptor in entity.descriptors {
            let value = descriptor.value
            let spellings = unique(strings: [value, firstLetter(of: value, upper: true)])
            for spelling in spellings {
                add(spelling, .descriptor, "descriptor", descriptor)
            }
        }
        return result
    }

    /// The forms of a topic: each name as written, in lower case and with a capital first letter.
    public static func forms(of topic: TopicRule, index: Int) -> [SurfaceForm] {
        var result: [SurfaceForm] = []
        var seen: Set<String> = []
        for name in topic.names {
            let spellings = [name.value, name.value.lowercased(), firstLetter(of: name.value, upper: true)]
            for spelling in unique(strings: spellings).flatMap(apostropheSpellings) where seen.insert(spelling).inserted
            {
                result.append(
                    SurfaceForm(
                        surface: spelling, entityIndex: index, kind: .topic, variant: "topic", line: name.line,
                        column: name.column))
            }
        }
        return result
    }

    /// Every form of every entity of `rules`, entity by entity, then of every topic. A form's
    /// ``SurfaceForm/entityIndex`` counts entities first, then topics.
    public static func forms(of rules: RuleSet) -> [SurfaceForm] {
        rules.entities.enumerated().flatMap { forms(of: $0.element, index: $0.offset) }
            + rules.topics.enumerated().flatMap { forms(of: $0.element, index: rules.entities.count + $0.offset) }
    }

    static func apostropheSpellings(_ surface: String) -> [String] {
        guard surface.contains("'") || surface.contains("\u{2019}") else { return [surface] }
        let straight = surface.replacing("\u{2019}", with: "'")
        let curly = surface.replacing("'", with: "\u{2019}")
        return unique(strings: [surface, straight, curly])
    }

    /// A title in lower case, keeping acronyms: "U.S. Secretary of State" → "U.S. secretary of state".
    static func lowercasedTitle(_ title: String) -> String {
        title.split(separator: " ", omittingEmptySubsequences: false).map { word in
            word.filter(\.isUppercase).count > 1 ? String(word) : word.lowercased()
        }.joined(separator: " ")
    }

    static func firstLetter(of text: String, upper: Bool) -> String {
        guard let first = text.first else { return text }
        return (upper ? first.uppercased() : first.lowercased()) + text.dropFirst()
    }

    private static func unique(_ values: [Located<String>]) -> [Located<String>] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0.value).inserted }
    }

    private static func unique(strings: [String]) -> [String] {
        var seen: Set<String> = []
        return strings.filter { seen.insert($0).inserted }
    }
}
