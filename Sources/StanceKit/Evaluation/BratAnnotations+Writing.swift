/// Writing brat standoff: the `.ann` text of parsed or generated annotations, the annotations of an
/// ``AnnotatedDocument`` in the convention of the project's gold, and the `annotation.conf` that
/// lets brat display them.
extension BratAnnotations {
    /// The `.ann` text, one line per annotation, each ending in a line feed.
    ///
    /// Lines are grouped the way the gold files are: every text-bound annotation (`T`) followed by
    /// the normalizations (`N`) and attributes (`A`, `M`) that point at it, then every event (`E`)
    /// followed by its attributes, then any normalization or attribute whose target is neither,
    /// then the other lines (relations, notes) verbatim. A file written in that order (every gold
    /// file is) parses and re-serializes byte for byte.
    ///
    /// - Complexity: O(a) in the number of annotations.
    public func serialized() -> String {
        var normalizationsByTarget: [String: [Int]] = [:]
        for (index, normalization) in normalizations.enumerated() {
            normalizationsByTarget[normalization.target, default: []].append(index)
        }
        var attributesByTarget: [String: [Int]] = [:]
        for (index, attribute) in attributes.enumerated() {
            attributesByTarget[attribute.target, default: []].append(index)
        }
        var writtenNormalizations = Set<Int>()
        var writtenAttributes = Set<Int>()
        var out = ""

        func writeAttributes(of target: String) {
            for index in attributesByTarget[target] ?? [] where writtenAttributes.insert(index).inserted {
                out += Self.line(attributes[index])
            }
        }

        for textBound in textBounds {
            out += Self.line(textBound)
            for index in normalizationsByTarget[textBound.id] ?? [] where writtenNormalizations.insert(index).inserted {
                out += Self.line(normalizations[index])
            }
            writeAttributes(of: textBound.id)
        }
        for event in events {
            out += Self.line(event)
            writeAttributes(of: event.id)
        }
        for (index, normalization) in normalizations.enumerated() where !writtenNormalizations.contains(index) {
            out += Self.line(normalization)
        }
        for (index, attribute) in attributes.enumerated() where !writtenAttributes.contains(index) {
            out += Self.line(attribute)
        }
        for line in otherLines { out += line + "\n" }
        return out
    }

    private static func line(_ textBound: TextBound) -> String {
        let offsets = textBound.fragments.map { "\($0.lowerBound) \($0.upperBound)" }.joined(separator: ";")
        return "\(textBound.id)\t\(textBound.type) \(offsets)\t\(textBound.text)\n"
    }

    private static func line(_ normalization: Normalization) -> String {
        let head = "\(normalization.id)\t\(normalization.type) \(normalization.target) \(normalization.reference)"
        return normalization.text.isEmpty ? head + "\n" : "\(head)\t\(normalization.text)\n"
    }

    private static func line(_ attribute: Attribute) -> String {
        let value = attribute.value.map { " \($0)" } ?? ""
        return "\(attribute.id)\t\(attribute.name) \(attribute.target)\(value)\n"
    }

    private static func line(_ event: Event) -> String {
        let arguments = event.arguments.map { " \($0.role):\($0.target)" }.joined()
        return "\(event.id)\t\(event.type):\(event.trigger)\(arguments)\n"
    }

    /// The annotations of a document in the convention of the project's gold
    /// (`Tests/Fixtures/gold/GUIDELINES.md`), with offsets in Unicode code points, end exclusive.
    ///
    /// - Mentions are `T… TYPE start end surface` (types as in the rules, `TOPIC` for topics), with
    ///   `N… Reference T… rules:ID<TAB>ID` for the entity or topic and `A… MentionKind T… descriptor`
    ///   or `pronoun` for mentions that are not names. An ambiguous mention has no `N` line; its
    ///   candidates are in its note.
    /// - Each stance cue is one `T… StanceCue`, shared by the stances it makes; each stance is an
    ///   event `E… StanceCue:T… Holder:T… Target:T…` with `A… Polarity E… favor|against` and, when a
    ///   negator flipped the cue, the binary attribute `A… Negated E…`.
    /// - Quotes are `T… Quote` with `A… QuoteKind T… direct|indirect` and a relation
    ///   `R… Speaker Arg1:T(quote) Arg2:T(mention)` when the speaker is known.
    /// - Every mention and cue has an `AnnotatorNotes` note naming the rule and rule-file line that
    ///   produced it.
    ///
    /// A span that crosses a line break is written as discontinuous fragments, one per line, and
    /// its text as the fragments joined by a space, the way brat itself writes such spans.
    ///
    /// - Complexity: O(n + a log a) for n bytes of text and a annotations.
    public init(document: AnnotatedDocument) {
        self.init()
        let source = document.source
        let converter = OffsetConverter(text: source.text)

        enum Item {
            case mention(Int)
            case cue(Span)
            case quote(Int)
        }
        var items: [(span: Span, rank: Int, item: Item)] = []
        for (index, mention) in document.mentions.enumerated() { items.append((mention.span, 1, .mention(index))) }
        var cueSpans = Set<Span>()
        for stance in document.stances where cueSpans.insert(stance.cue).inserted {
            items.append((stance.cue, 2, .cue(stance.cue)))
        }
        for (index, quote) in document.quotes.enumerated() { items.append((quote.span, 0, .quote(index))) }
        items.sort { ($0.span.start, $0.rank, $0.span.end) < ($1.span.start, $1.rank, $1.span.end) }

        var mentionIDs: [Int: String] = [:]
        var cueIDs: [Span: String] = [:]
        var quoteIDs: [Int: String] = [:]
        var notes: [String] = []

        func note(_ target: String, _ text: String) {
            notes.append("#\(notes.count + 1)\tAnnotatorNotes \(target)\t\(text)")
        }
        func attribute(_ name: String, _ target: String, _ value: String?) {
            attributes.append(Attribute(id: "A\(attributes.count + 1)", name: name, target: target, value: value))
        }
        func ruleNote(_ rule: RuleReference) -> String {
            rule.line > 0 ? "rule \(rule.label), line \(rule.line)" : "rule \(rule.label)"
        }

        for (span, _, item) in items {
            let id = "T\(textBounds.count + 1)"
            let (fragments, text) = Self.fragments(of: span, in: source, converter: converter)
            switch item {
            case .mention(let index):
                let mention = document.mentions[index]
                mentionIDs[index] = id
                textBounds.append(TextBound(id: id, type: mention.type, fragments: fragments, text: text))
                if let entity = mention.entity {
                    normalizations.append(
                        Normalization(
                            id: "N\(normalizations.count + 1)", type: "Reference", target: id,
                            reference: "rules:\(entity)", text: entity))
                    note(id, ruleNote(mention.rule))
                } else {
                    note(id, "ambiguous: \(mention.candidates.joined(separator: " ")); \(ruleNote(mention.rule))")
                }
                if mention.kind == .descriptor || mention.kind == .pronoun {
                    attribute("MentionKind", id, mention.kind.rawValue)
                }
            case .cue(let cue):
                cueIDs[cue] = id
                textBounds.append(TextBound(id: id, type: "StanceCue", fragments: fragments, text: text))
            case .quote(let index):
                quoteIDs[index] = id
                textBounds.append(TextBound(id: id, type: "Quote", fragments: fragments, text: text))
                attribute("QuoteKind", id, document.quotes[index].kind.rawValue)
            }
        }
        for (index, stance) in document.stances.enumerated() {
            let id = "E\(index + 1)"
            let cue = cueIDs[stance.cue] ?? ""
            events.append(
                Event(
                    id: id, type: "StanceCue", trigger: cue,
                    arguments: [
                        ("Holder", mentionIDs[stance.holder] ?? ""), ("Target", mentionIDs[stance.target] ?? ""),
                    ]
                ))
            attribute("Polarity", id, stance.polarity.rawValue)
            if stance.negated { attribute("Negated", id, nil) }
            note(id, ruleNote(stance.rule))
        }
        var relations: [String] = []
        for (index, quote) in document.quotes.enumerated() {
            guard let speaker = quote.speaker, let quoteID = quoteIDs[index], let mentionID = mentionIDs[speaker] else {
                continue
            }
            relations.append("R\(relations.count + 1)\tSpeaker Arg1:\(quoteID) Arg2:\(mentionID)")
        }
        otherLines = relations + notes
    }

    /// The code-point fragments of a span, split at line breaks, and the text brat writes for them.
    private static func fragments(
        of span: Span, in source: SourceText, converter: OffsetConverter
    ) -> ([Range<Int>], String) {
        let surface = source.surface(span)
        var fragments: [Range<Int>] = []
        var texts: [String] = []
        var offset = converter.offset(span.start, in: .codepoint)
        var fragmentStart: Int?
        var current = String.UnicodeScalarView()
        func close() {
            if let start = fragmentStart {
                fragments.append(start..<offset)
                texts.append(String(current))
            }
            fragmentStart = nil
            current = String.UnicodeScalarView()
        }
        for scalar in surface.unicodeScalars {
            if scalar == "\n" || scalar == "\r" {
                close()
            } else {
                if fragmentStart == nil { fragmentStart = offset }
                current.append(scalar)
            }
            offset += 1
        }
        close()
        if fragments.isEmpty {
            // A span of line breaks only: kept whole so no annotation is lost.
            let start = converter.offset(span.start, in: .codepoint)
            return ([start..<offset], surface.replacingLineBreaks())
        }
        return (fragments, texts.joined(separator: " "))
    }

    /// A brat `annotation.conf` declaring every type, relation, event and attribute that
    /// ``init(document:)`` writes, for the given mention types (`PERSON`, `ORG`, `TOPIC`, …).
    ///
    /// Put it in the collection folder (or any folder above it) so that brat displays the
    /// annotations without "undefined type" errors.
    public static func configuration(mentionTypes: some Sequence<String>) -> String {
        let types = Set(mentionTypes).sorted()
        return """
            # brat configuration for StanceKit output (written by stancekit)
            [entities]
            \(types.joined(separator: "\n"))
            Quote

            [relations]
            Speaker\tArg1:Quote, Arg2:<ENTITY>
            <OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

            [events]
            StanceCue\tHolder:<ENTITY>, Target:<ENTITY>

            [attributes]
            MentionKind\tArg:<ENTITY>, Value:descriptor|pronoun
            QuoteKind\tArg:Quote, Value:direct|indirect
            Polarity\tArg:<EVENT>, Value:favor|against
            Negated\tArg:<EVENT>

            """
    }
}

extension String {
    fileprivate func replacingLineBreaks() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }
}
