import Foundation

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
/// For a PERSON, the canonical name splits into a given part and a family name (see
/// ``nameParts(of:)``). The forms are: every given × family
/// combination, the family name alone, each title (as written and in lower case) before the
/// family name and before every full name (titles also in lower case, acronyms kept), every alias as written, and every descriptor as
/// written and with its first letter in upper case (for the start of a sentence). Other types get their name,
/// aliases and descriptors. Any form with an apostrophe comes in both its straight (') and
/// curly (’) spelling. Possessive endings need no forms: the matcher stops before them.
public enum SurfaceFormGenerator {
    /// - Complexity: O(t × g × f) for t titles, g given names and f family names.
    public static func forms(of entity: EntityRule, index: Int) -> [SurfaceForm] {
        var result: [SurfaceForm] = []
        var seen: Set<[UInt8]> = []
        func add(_ surface: String, _ kind: MentionKind, _ variant: String, _ at: Located<String>) {
            for spelling in spellings(of: surface) where seen.insert(Array(spelling.utf8)).inserted {
                result.append(
                    SurfaceForm(
                        surface: spelling, entityIndex: index, kind: kind, variant: variant, line: at.line,
                        column: at.column))
            }
        }

        if entity.type.value == "PERSON" {
            let parts = nameParts(of: entity)
            let canonicalFamily = Located(parts.family, line: entity.name.line, column: entity.name.column)
            let canonicalGiven = Located(parts.given, line: entity.name.line, column: entity.name.column)
            let families = unique([canonicalFamily] + entity.family)
            let givens = unique([canonicalGiven] + entity.given)
            // Full names first: the canonical one, then every other combination.
            var fullNames: [(surface: String, source: Located<String>)] = []
            for given in givens {
                for family in families {
                    let surface: String
                    if given.value.isEmpty {
                        surface = family.value
                    } else if parts.familyFirst {
                        surface = "\(family.value) \(given.value)"
                    } else {
                        surface = "\(given.value) \(family.value)"
                    }
                    fullNames.append((surface, given != canonicalGiven ? given : family))
                }
            }
            add(entity.name.value, .name, "name", entity.name)
            for full in fullNames where full.surface != entity.name.value {
                add(full.surface, .name, "given+family", full.source)
            }
            for family in families {
                add(family.value, .name, "family", family)
            }
            for title in entity.titles {
                for spelling in titleSpellings(title.value) {
                    for family in families {
                        add("\(spelling) \(family.value)", .name, "title+family", title)
                    }
                    for full in unique(strings: [entity.name.value] + fullNames.map(\.surface)) where full.contains(" ")
                    {
                        add("\(spelling) \(full)", .name, "title+name", title)
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
        var seen: Set<[UInt8]> = []
        for name in topic.names {
            let cases = [name.value, name.value.lowercased(), firstLetter(of: name.value, upper: true)]
            for spelling in cases.flatMap(spellings(of:)) where seen.insert(Array(spelling.utf8)).inserted {
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
    ///
    /// Large rule sets are generated on every core, in chunks of entities, and joined in order:
    /// the result does not depend on the number of cores.
    /// - Complexity: O(total forms); about 0.6 s of one core for 49,022 gazetteer entities.
    public static func forms(of rules: RuleSet) -> [SurfaceForm] {
        let entityCount = rules.entities.count
        let count = entityCount + rules.topics.count
        @Sendable func forms(ofTarget index: Int) -> [SurfaceForm] {
            index < entityCount
                ? SurfaceFormGenerator.forms(of: rules.entities[index], index: index)
                : SurfaceFormGenerator.forms(of: rules.topics[index - entityCount], index: index)
        }
        let chunkSize = 512
        guard count > chunkSize else { return (0..<count).flatMap(forms(ofTarget:)) }
        let chunks = (count + chunkSize - 1) / chunkSize
        var results = [[SurfaceForm]](repeating: [], count: chunks)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each chunk writes only its own slot.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let range = (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize)
                slots[chunk] = range.flatMap(forms(ofTarget:))
            }
        }
        return results.flatMap { $0 }
    }

    /// Every spelling a form matches: with straight and curly apostrophes, each in Unicode NFC
    /// and NFD (so "José" matches "Jose\u{301}"), distinct by bytes.
    static func spellings(of surface: String) -> [String] {
        var apostrophes = [surface]
        if surface.utf8.contains(UInt8(ascii: "'")) || surface.unicodeScalars.contains("\u{2019}") {
            apostrophes += [surface.replacing("\u{2019}", with: "'"), surface.replacing("'", with: "\u{2019}")]
        }
        var seen: Set<[UInt8]> = []
        var result: [String] = []
        for spelling in apostrophes {
            // ASCII is its own NFC and NFD: skip the (costly) normalization.
            if spelling.utf8.allSatisfy({ $0 < 0x80 }) {
                if seen.insert(Array(spelling.utf8)).inserted { result.append(spelling) }
                continue
            }
            let forms = [
                spelling, spelling.precomposedStringWithCanonicalMapping, spelling.decomposedStringWithCanonicalMapping,
            ]
            for form in forms where seen.insert(Array(form.utf8)).inserted {
                result.append(form)
            }
        }
        return result
    }

    /// A title as written and in the lower-case styles of the press, keeping acronyms:
    /// "Russian Foreign Minister" → "russian foreign minister" (all lower case), "Russian foreign
    /// minister" (a first word such as a nationality kept), "Russian foreign minister" at the start
    /// of a sentence; "U.S. Secretary of State" → "U.S. secretary of state".
    static func titleSpellings(_ title: String) -> [String] {
        let words = title.split(separator: " ").map(String.init)
        func lower(_ word: String) -> String { word.filter(\.isUppercase).count > 1 ? word : word.lowercased() }
        let allLower = words.map(lower)
        var spellings = [title, allLower.joined(separator: " ")]
        if words.count > 1 {
            spellings.append(([words[0]] + allLower.dropFirst()).joined(separator: " "))
        }
        spellings.append(firstLetter(of: allLower.joined(separator: " "), upper: true))
        return unique(strings: spellings)
    }

    /// Generational suffixes that follow a family name ("Martin Luther King Jr.").
    static let generationalSuffixes: Set<String> = ["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "V"]

    /// The given and family parts of a PERSON's canonical name.
    ///
    /// The family name is the first `family` entry the name ends with ("Ursula von der Leyen" with
    /// `family: [von der Leyen]`) or starts with (family-first names: "Xi Jinping" with
    /// `family: [Xi]`); otherwise the last word, not counting a generational suffix (Jr., Sr.,
    /// II, III, IV), which stays part of the full name only.
    static func nameParts(of entity: EntityRule) -> (given: String, family: String, familyFirst: Bool) {
        let name = entity.name.value
        let words = name.split(separator: " ").map(String.init)
        for family in entity.family.map(\.value) {
            let familyWords = family.split(separator: " ").map(String.init)
            guard !familyWords.isEmpty, familyWords.count < words.count else { continue }
            if Array(words.suffix(familyWords.count)) == familyWords {
                return (words.dropLast(familyWords.count).joined(separator: " "), family, false)
            }
            if Array(words.prefix(familyWords.count)) == familyWords {
                return (words.dropFirst(familyWords.count).joined(separator: " "), family, true)
            }
        }
        if words.count > 2, let last = words.last, generationalSuffixes.contains(last) {
            return (words.dropLast(2).joined(separator: " "), words[words.count - 2], false)
        }
        return (words.dropLast().joined(separator: " "), words.last ?? name, false)
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
