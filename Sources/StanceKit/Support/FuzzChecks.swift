/// What the fuzz targets (Fuzz/) and their regression tests run on one input: every public step
/// a hostile input can reach. Each function must return normally for any bytes; a crash is a bug.
public enum FuzzChecks {
    /// Parses bytes as a rule file and, when it parses, compiles it and annotates a short text.
    public static func ruleFile(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let (rules, _) = RuleFileParser.parse(text, path: "fuzz.yaml")
        guard let rules else { return }
        let compiled = CompiledRules(rules)
        _ = compiled.annotate(
            SourceText(id: "f", path: "f", text: "Putin said \"no,\" and Lavrov urged peace. \(text.prefix(200))"))
    }

    /// The rules every document check uses: the seed rules' shapes, with cues and a pattern.
    static let rules: CompiledRules = {
        let yaml = """
            version: 1
            entities:
              - {id: lavrov, type: PERSON, name: Sergey Lavrov, given: [Sergei], titles: [Foreign Minister], descriptors: [Russia's top diplomat]}
              - {id: zelenskyy, type: PERSON, name: Volodymyr Zelenskyy, family: [Zelensky], titles: [President]}
              - {id: bush-a, type: PERSON, name: Jeb Bush}
              - {id: bush-b, type: PERSON, name: George Bush}
              - {id: us, type: GPE, name: United States, aliases: [U.S., US]}
              - {id: russia, type: GPE, name: Russia}
            topics:
              - {id: ceasefire, names: [cease-fire, truce]}
            stance:
              cues:
                - {id: urge, words: [urge], polarity: favor, patterns: ["{holder} urge ... to ...6 {target}"]}
                - {id: reject, words: [reject], polarity: against, negation: cancel}
                - {id: avoid, phrases: [avoid diplomacy], polarity: against}
            """
        return CompiledRules(RuleFileParser.parse(yaml, path: "fuzz.yaml").rules!)
    }()

    /// Decodes bytes (lossily when they are not UTF-8) and annotates them, checking that every
    /// span lies inside the text on scalar boundaries.
    public static func document(_ bytes: [UInt8]) {
        guard let source = try? SourceText(id: "f", path: "f", bytes: bytes, lossy: true) else { return }
        let document = rules.annotate(source)
        let length = source.text.utf8.count
        let converter = OffsetConverter(text: source.text)
        var spans = document.mentions.map(\.span) + document.quotes.map(\.span) + document.stances.map(\.cue)
        spans += document.sentences.map(\.span)
        for span in spans {
            precondition(span.start >= 0 && span.end <= length, "span \(span) outside the text of \(length) bytes")
            precondition(converter.byteOffset(converter.offset(span.start, in: .utf16), from: .utf16) == span.start)
            _ = source.surface(span)
        }
        for stance in document.stances {
            precondition(document.mentions.indices.contains(stance.holder))
            precondition(document.mentions.indices.contains(stance.target))
        }
    }
}
