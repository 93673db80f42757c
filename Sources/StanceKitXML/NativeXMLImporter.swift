import StanceKit

/// A native standoff XML file read back into an ``AnnotatedDocument``.
public struct ImportedDocument: Sendable {
    public var document: AnnotatedDocument
    /// The offset unit the file declared.
    public var offsetUnit: OffsetUnit
    /// The rule file's path and SHA-256 recorded in the file.
    public var rulesPath: String
    public var rulesSHA256: String
}

/// Reads StanceKit's native standoff XML (what ``NativeXMLExporter`` writes) safely: no network,
/// no external entities, no DOCTYPE. Offsets are converted back to UTF-8 bytes and checked.
public enum NativeXMLImporter {
    /// - Throws: ``XMLError`` naming the element and line of the first problem.
    /// - Complexity: O(n + a log n) for n bytes of text and a annotations.
    public static func read(_ bytes: [UInt8], name: String = "input.xml") throws -> ImportedDocument {
        let root = try XMLTreeReader.parse(bytes, name: name)
        if root.name == "corpus" && root.namespace == NativeXMLExporter.namespace {
            throw XMLError(
                "a bundle of \(root.children("document").count) documents (<corpus>), not one <document>; "
                    + "`stancekit export BUNDLE --format native --out DIR` writes a file per document",
                line: root.line)
        }
        return try document(root)
    }

    /// Every document of a file: the one `<document>` of a single-document file, or each
    /// `<document>` of a bundle (`<corpus>`, written by `stancekit annotate --bundle`), in order.
    /// - Throws: ``XMLError`` naming the element and line of the first problem.
    /// - Complexity: O(n + a log n) for n bytes of text and a annotations; the whole file is
    ///   parsed into memory first.
    /// - Returns: the documents, and whether the file was a bundle (whose documents are known by
    ///   their `id` attributes rather than by the file's name).
    public static func readAll(
        _ bytes: [UInt8], name: String = "input.xml"
    ) throws -> (documents: [ImportedDocument], isBundle: Bool) {
        let root = try XMLTreeReader.parse(bytes, name: name)
        guard root.name == "corpus", root.namespace == NativeXMLExporter.namespace else {
            return ([try document(root)], false)
        }
        return (try root.children("document").map(document), true)
    }

    private static func document(_ root: XMLElementNode) throws -> ImportedDocument {
        guard root.name == "document", root.namespace == NativeXMLExporter.namespace else {
            throw XMLError(
                "not a StanceKit document: the root is <\(root.name)>, expected <document xmlns=\"\(NativeXMLExporter.namespace)\">",
                line: root.line)
        }
        guard let unitName = root.attributes["offsetUnit"], let unit = OffsetUnit(rawValue: unitName) else {
            throw XMLError("<document> needs offsetUnit=\"codepoint\" or \"utf16\"", line: root.line)
        }
        let source = try element(root, "source")
        let rules = try element(root, "rules")
        let text = try element(root, "text").text
        var sourceText = SourceText(
            id: root.attributes["id"] ?? "", path: source.attributes["path"] ?? "", text: text)
        sourceText.replacements.invalidUTF8 = source.attributes["replacedInvalidUTF8"].flatMap(Int.init) ?? 0
        sourceText.replacements.nonXMLCharacters = source.attributes["replacedNonXMLCharacters"].flatMap(Int.init) ?? 0
        if let recorded = source.attributes["sha256"], recorded != sourceText.sha256 {
            sourceText.replacements.originalSHA256 = recorded
        }
        let converter = OffsetConverter(text: text)

        func span(_ element: XMLElementNode, _ startName: String = "start", _ endName: String = "end") throws -> Span {
            guard let start = element.attributes[startName].flatMap(Int.init),
                let end = element.attributes[endName].flatMap(Int.init)
            else {
                throw XMLError("<\(element.name)> needs integer \(startName) and \(endName)", line: element.line)
            }
            guard let startByte = converter.byteOffset(start, from: unit),
                let endByte = converter.byteOffset(end, from: unit), startByte <= endByte
            else {
                throw XMLError(
                    "<\(element.name)> \(startName)=\(start) \(endName)=\(end) does not fit the text",
                    line: element.line)
            }
            return Span(start: startByte, end: endByte)
        }

        let sentences = try (root.child("sentences")?.children("s") ?? []).map { Sentence(span: try span($0)) }
        var mentionIndex: [String: Int] = [:]
        var mentions: [Mention] = []
        for element in root.child("mentions")?.children("mention") ?? [] {
            guard let id = element.attributes["id"], let type = element.attributes["type"],
                let kind = element.attributes["kind"].flatMap(MentionKind.init(rawValue:))
            else {
                throw XMLError("<mention> needs id, type and kind", line: element.line)
            }
            let (ruleID, variant) = splitRule(element.attributes["rule"] ?? "")
            mentionIndex[id] = mentions.count
            mentions.append(
                Mention(
                    span: try span(element), type: type, entity: element.attributes["entity"],
                    candidates: element.attributes["candidates"].map { $0.split(separator: " ").map(String.init) }
                        ?? [],
                    kind: kind,
                    rule: RuleReference(
                        id: ruleID, variant: variant, line: element.attributes["line"].flatMap(Int.init) ?? 0)))
        }
        func mention(_ element: XMLElementNode, _ attribute: String) throws -> Int {
            guard let id = element.attributes[attribute], let index = mentionIndex[id] else {
                throw XMLError("<\(element.name)> \(attribute) does not name a mention", line: element.line)
            }
            return index
        }
        var quoteIndex: [String: Int] = [:]
        var quotes: [Quote] = []
        for element in root.child("quotes")?.children("quote") ?? [] {
            guard let kind = element.attributes["kind"].flatMap(Quote.Kind.init(rawValue:)) else {
                throw XMLError("<quote> needs kind=\"direct\" or \"indirect\"", line: element.line)
            }
            quoteIndex[element.attributes["id"] ?? ""] = quotes.count
            quotes.append(
                Quote(
                    span: try span(element), kind: kind,
                    speaker: element.attributes["speaker"] == nil ? nil : try mention(element, "speaker"),
                    attribution: element.attributes["attributionStart"] == nil
                        ? nil : try span(element, "attributionStart", "attributionEnd")))
        }
        var stances: [Stance] = []
        for element in root.child("stances")?.children("stance") ?? [] {
            guard let polarity = element.attributes["polarity"].flatMap(Polarity.init(rawValue:)),
                let holderVia = element.attributes["holderVia"].flatMap(Stance.HolderSource.init(rawValue:)),
                let targetVia = element.attributes["targetVia"].flatMap(Stance.TargetSource.init(rawValue:))
            else {
                throw XMLError("<stance> needs polarity, holderVia and targetVia", line: element.line)
            }
            let (ruleID, variant) = splitRule(element.attributes["rule"] ?? "")
            var quote: Int?
            if let id = element.attributes["quote"] {
                guard let index = quoteIndex[id] else {
                    throw XMLError("<stance> quote=\"\(id)\" does not name a quote", line: element.line)
                }
                quote = index
            }
            stances.append(
                Stance(
                    holder: try mention(element, "holder"), target: try mention(element, "target"), polarity: polarity,
                    cue: try span(element, "cueStart", "cueEnd"), negated: element.attributes["negated"] == "true",
                    rule: RuleReference(
                        id: ruleID, variant: variant, line: element.attributes["line"].flatMap(Int.init) ?? 0),
                    holderSource: holderVia, targetSource: targetVia, quote: quote))
        }
        let document = AnnotatedDocument(
            source: sourceText, sentences: sentences, mentions: mentions, quotes: quotes, stances: stances)
        return ImportedDocument(
            document: document, offsetUnit: unit, rulesPath: rules.attributes["path"] ?? "",
            rulesSHA256: rules.attributes["sha256"] ?? "")
    }

    private static func element(_ parent: XMLElementNode, _ name: String) throws -> XMLElementNode {
        guard let child = parent.child(name) else {
            throw XMLError("<\(parent.name)> has no <\(name)>", line: parent.line)
        }
        return child
    }

    /// `lavrov:title+family` → (`lavrov`, `title+family`); ids never hold a colon.
    private static func splitRule(_ rule: String) -> (String, String) {
        guard let colon = rule.firstIndex(of: ":") else { return (rule, "") }
        return (String(rule[..<colon]), String(rule[rule.index(after: colon)...]))
    }
}
