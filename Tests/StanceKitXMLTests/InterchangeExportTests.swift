import Foundation
import StanceKit
import StanceKitXML
import Testing

/// GATE XML, UIMA CAS XMI and TEI: every annotation points at its surface in the format's own
/// unit (UTF-16 for GATE and XMI, code points for TEI), and the text survives the XML parse byte
/// for byte. `Tests/Interop/run.sh` loads the same files with the formats' real readers.
@Suite struct InterchangeExportTests {

    static let provenance = ExportProvenance(rulesPath: "rules.yaml", rulesSHA256: "abc", generator: "stancekit 9.8.7")

    @Test(arguments: ExportInput.all)
    func gateNodesAndAnnotationsCountInUTF16(_ input: ExportInput) throws {
        let document = try input.annotate()
        let text = document.source.text
        let root = try XMLTreeReader.parse(try GATEExporter(provenance: Self.provenance).export(document))
        #expect(root.name == "GateDocument" && root.attributes["version"] == "3")
        let textWithNodes = try #require(root.child("TextWithNodes"))
        #expect(Array(textWithNodes.text.utf8) == Array(text.utf8), "text nodes concatenate to the source")
        let nodes = Set(textWithNodes.children("Node").compactMap { $0.attributes["id"].flatMap(Int.init) })

        let sets = root.children("AnnotationSet")
        #expect(sets.count == 2 && sets[0].attributes["Name"] == nil)
        let set = try #require(sets.last)
        #expect(set.attributes["Name"] == GATEExporter.annotationSetName)
        let annotations = set.children("Annotation")
        #expect(
            annotations.count == document.mentions.count + document.quotes.count + document.stances.count
                + document.sentences.count)
        #expect(Set(annotations.map { $0.attributes["Id"] }).count == annotations.count, "ids are unique")

        func features(_ annotation: XMLElementNode) -> [String: (String, String)] {
            var result: [String: (String, String)] = [:]
            for feature in annotation.children("Feature") {
                let value = feature.child("Value")
                result[feature.child("Name")?.text ?? ""] = (value?.attributes["className"] ?? "", value?.text ?? "")
            }
            return result
        }
        func surface(_ annotation: XMLElementNode) throws -> String? {
            let start = try #require(annotation.attributes["StartNode"].flatMap(Int.init))
            let end = try #require(annotation.attributes["EndNode"].flatMap(Int.init))
            #expect(nodes.contains(start) && nodes.contains(end))
            return slice(text, start, end, unit: .utf16)
        }
        for (mention, annotation) in zip(document.mentions, annotations) {
            #expect(annotation.attributes["Type"] == mention.type)
            #expect(try surface(annotation) == document.source.surface(mention.span))
            let features = features(annotation)
            if let entity = mention.entity {
                #expect(features["entity"]! == ("java.lang.String", entity))
            } else {
                #expect(features["candidates"]?.0 == "gate.corpora.ObjectWrapper")
            }
            #expect(features["kind"]?.1 == mention.kind.rawValue)
            #expect(features["rule"]?.1 == mention.rule.label)
        }
        let quotes = annotations.filter { $0.attributes["Type"] == "Quote" }
        #expect(quotes.count == document.quotes.count)
        for (quote, annotation) in zip(document.quotes, quotes) {
            #expect(try surface(annotation) == document.source.surface(quote.span))
            if let speaker = quote.speaker {
                #expect(features(annotation)["speaker"]! == ("java.lang.Integer", "\(speaker)"))
            }
        }
        let stances = annotations.filter { $0.attributes["Type"] == "Stance" }
        #expect(stances.count == document.stances.count)
        for (stance, annotation) in zip(document.stances, stances) {
            #expect(try surface(annotation) == document.source.surface(stance.cue))
            let features = features(annotation)
            #expect(features["holder"]?.1 == "\(stance.holder)" && features["target"]?.1 == "\(stance.target)")
            #expect(features["polarity"]?.1 == stance.polarity.rawValue)
            #expect(features["negated"]! == ("java.lang.String", stance.negated ? "true" : "false"))
        }
    }

    @Test(arguments: ExportInput.all)
    func xmiOffsetsAreUTF16AndLinksResolve(_ input: ExportInput) throws {
        let document = try input.annotate()
        let text = document.source.text
        let root = try XMLTreeReader.parse(try XMIExporter().export(document))
        #expect(root.name == "XMI")
        let sofa = try #require(root.child("Sofa"))
        #expect(Array((sofa.attributes["sofaString"] ?? "").utf8) == Array(text.utf8), "CR, LF and tabs survive")
        let byID = Dictionary(
            uniqueKeysWithValues: root.children.compactMap { node in
                node.attributes["xmi:id"].map { ($0, node) } ?? node.attributes["id"].map { ($0, node) }
            })
        func surface(_ node: XMLElementNode) -> String? {
            guard let begin = node.attributes["begin"].flatMap(Int.init),
                let end = node.attributes["end"].flatMap(Int.init)
            else { return nil }
            return slice(text, begin, end, unit: .utf16)
        }
        let mentions = root.children("StanceKitMention")
        #expect(mentions.map(surface) == document.mentions.map { document.source.surface($0.span) })
        #expect(mentions.map { $0.attributes["label"] } == document.mentions.map(\.type))
        #expect(
            root.children("StanceKitQuote").map(surface) == document.quotes.map { document.source.surface($0.span) })
        let stances = root.children("StanceKitStance")
        #expect(stances.map(surface) == document.stances.map { document.source.surface($0.cue) })
        for (stance, node) in zip(document.stances, stances) {
            let links = (node.attributes["arguments"] ?? "").split(separator: " ").compactMap { byID[String($0)] }
            #expect(links.map { $0.attributes["role"] } == ["holder", "target"])
            let targets = links.compactMap { $0.attributes["target"].flatMap { byID[$0] } }.map(surface)
            #expect(
                targets == [
                    document.source.surface(document.mentions[stance.holder].span),
                    document.source.surface(document.mentions[stance.target].span),
                ])
        }
        #expect(root.children("Sentence").count == document.sentences.count)
        let tokens = root.children("Token")
        #expect(tokens.count == tokenSpans(of: text).count && !tokens.isEmpty)
        #expect(tokens.allSatisfy { !(surface($0) ?? " ").contains(where: \.isWhitespace) })

        let view = try #require(root.child("View"))
        let members = Set((view.attributes["members"] ?? "").split(separator: " ").map(String.init))
        let annotationIDs = root.children.filter { $0.attributes["begin"] != nil }.compactMap {
            $0.attributes["xmi:id"] ?? $0.attributes["id"]
        }
        #expect(members == Set(annotationIDs), "every annotation is indexed; links are not")
    }

    @Test func typeSystemDeclaresEveryTypeAndFeatureTheXMIUses() throws {
        let document = try ExportInput.all[0].annotate()
        let xmi = try XMLTreeReader.parse(try XMIExporter().export(document))
        let typeSystem = try XMLTreeReader.parse(try XMIExporter.typeSystem())
        #expect(typeSystem.name == "typeSystemDescription")
        var declared: [String: Set<String>] = [:]
        for type in try #require(typeSystem.child("types")).children("typeDescription") {
            let name = type.child("name")?.text ?? ""
            declared[name] = Set(
                type.child("features")?.children("featureDescription").compactMap { $0.child("name")?.text } ?? [])
        }
        let builtIn: Set<String> = ["xmi:id", "id", "sofa", "begin", "end"]
        for node in xmi.children where node.namespace == XMIExporter.customNamespace {
            let features = try #require(declared["webanno.custom.\(node.name)"], "\(node.name) is declared")
            #expect(Set(node.attributes.keys).subtracting(builtIn).isSubset(of: features), "\(node.name)")
        }
        #expect(declared[XMIExporter.sentenceType] != nil && declared[XMIExporter.tokenType] != nil)
    }

    @Test(arguments: ExportInput.all)
    func teiStringRangesCountCodePointsAndLengths(_ input: ExportInput) throws {
        let document = try input.annotate()
        let text = document.source.text
        let root = try XMLTreeReader.parse(try TEIExporter(provenance: Self.provenance).export(document))
        #expect(root.name == "TEI" && root.namespace == TEIExporter.namespace)
        let paragraph = try #require(root.child("text")?.child("body")?.child("p"))
        #expect(Array(paragraph.text.utf8) == Array(text.utf8))
        let standOff = try #require(root.child("standOff"))
        let structures = Set(standOff.children("fs").compactMap { $0.attributes["xml:id"] ?? $0.attributes["id"] })
        var groups: [String: [String?]] = [:]
        for group in standOff.children("spanGrp") {
            for span in group.children("span") {
                let target = try #require(span.attributes["target"])
                let numbers = target.dropFirst("#string-range(p1,".count).dropLast().split(separator: ",").compactMap {
                    Int($0)
                }
                #expect(target.hasPrefix("#string-range(p1,") && numbers.count == 2, "\(target)")
                groups[group.attributes["type"] ?? "", default: []].append(
                    slice(text, numbers[0], numbers[0] + numbers[1], unit: .codepoint))
                if let ana = span.attributes["ana"] { #expect(structures.contains(String(ana.dropFirst()))) }
            }
        }
        #expect(groups["mentions", default: []] == document.mentions.map { document.source.surface($0.span) })
        #expect(groups["quotes", default: []] == document.quotes.map { document.source.surface($0.span) })
        #expect(groups["stances", default: []] == document.stances.map { document.source.surface($0.cue) })
        #expect(groups["sentences", default: []].count == document.sentences.count)
    }

    @Test func everyXMLFormatWritesReplacementsForTextXML10CannotCarry() throws {
        // "Lavrov" after a U+0001 keeps its offsets: one code point and one UTF-16 unit either way.
        let text = "\u{1}Lavrov\u{FFFF}said"
        let document = AnnotatedDocument(
            source: SourceText(id: "bad", path: "bad.txt", text: text), sentences: [],
            mentions: [
                Mention(
                    span: Span(start: 1, end: 7), type: "PERSON", entity: "lavrov", kind: .name,
                    rule: RuleReference(id: "lavrov", variant: "family", line: 1))
            ])
        let exporters: [any DocumentExporter] = [
            GATEExporter(provenance: Self.provenance), XMIExporter(), TEIExporter(provenance: Self.provenance),
        ]
        for exporter in exporters {
            let xml = try exporter.export(document)
            let written = String(decoding: xml, as: UTF8.self)
            #expect(written.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 2, "\(type(of: exporter))")
            #expect(!written.contains("&#1;") && written.contains("Lavrov"))
            #expect(try XMLTreeReader.parse(xml).name != "", "well-formed")
        }
    }

    @Test func controlCharactersInPathsBecomeReplacementCharacters() throws {
        let document = AnnotatedDocument(
            source: SourceText(id: "a\u{1}b", path: "in/a\u{1}b.txt", text: "Lavrov said."), sentences: [],
            mentions: [])
        let provenance = ExportProvenance(rulesPath: "r\u{2}.yaml", rulesSHA256: "abc", generator: "stancekit 1.0")
        let gate = try XMLTreeReader.parse(try GATEExporter(provenance: provenance).export(document))
        let features = try #require(gate.child("GateDocumentFeatures")).children("Feature")
        #expect(features.contains { $0.child("Value")?.text == "in/a\u{FFFD}b.txt" })
        #expect(features.contains { $0.child("Value")?.text == "r\u{FFFD}.yaml" })
        let tei = try XMLTreeReader.parse(try TEIExporter(provenance: provenance).export(document))
        #expect(tei.child("teiHeader")?.child("fileDesc")?.child("titleStmt")?.child("title")?.text == "a\u{FFFD}b")
    }

    @Test func formatListsParseInOrderWithoutRepeats() throws {
        #expect(try ExportFormat.list("gate, xmi,gate,brat").get() == [.gate, .xmi, .brat])
        #expect(ExportFormat.allCases.map(\.rawValue) == ["native", "gate", "xmi", "tei", "brat"])
        switch ExportFormat.list("native,conll") {
        case .success: Issue.record("conll is not a format")
        case .failure(let error): #expect(error.name == "conll" && error.description.contains("native, gate"))
        }
        let files = try MultiFormatExporter(formats: [.brat, .native], offsetUnit: .utf16, provenance: Self.provenance)
            .files(for: try ExportInput.all[2].annotate())
        #expect(files.map(\.name) == ["txt", "ann", "xml"])
        #expect(
            files[0].bytes == Project.bytes(ExportInput.all[2].document), "the brat text is the source, byte for byte")
    }
}
