import Foundation
import StanceKit
import StanceKitXML
import Testing

/// Every exported span slices the original text to its surface, in both offset units, and every
/// file validates against the XSD.
@Suite struct NativeXMLExportTests {
    @Test(arguments: ExportInput.all, [OffsetUnit.codepoint, .utf16])
    func spansSliceTheOriginalTextInTheDeclaredUnit(_ input: ExportInput, _ unit: OffsetUnit) throws {
        let rules = Project.compile(input.rules)
        let bytes = Project.bytes(input.document)
        let source = try SourceText(id: "doc", path: input.document, bytes: bytes)
        let document = rules.annotate(source)
        #expect(!document.mentions.isEmpty)
        let xml = try NativeXMLExporter(offsetUnit: unit, rules: rules.rules).export(document)

        #expect(Project.schema.validate(xml).isEmpty, "\(Project.schema.validate(xml))")

        let root = try XMLTreeReader.parse(xml)
        #expect(root.name == "document" && root.namespace == NativeXMLExporter.namespace)
        #expect(root.attributes["offsetUnit"] == unit.rawValue)
        let text = try #require(root.child("text")).text
        #expect(Array(text.utf8) == bytes, "the text survives the XML round trip byte for byte (CR, BOM)")
        #expect(root.child("source")?.attributes["length"] == String(length(source.text, unit: unit)))
        #expect(root.child("source")?.attributes["sha256"] == SHA256.hex(of: bytes))

        let mentions = try #require(root.child("mentions")).children("mention")
        #expect(mentions.count == document.mentions.count)
        for (element, mention) in zip(mentions, document.mentions) {
            let start = try #require(Int(element.attributes["start"] ?? ""))
            let end = try #require(Int(element.attributes["end"] ?? ""))
            let surface = slice(text, start, end, unit: unit)
            #expect(surface == element.text, "\(element.attributes["id"] ?? "")")
            #expect(surface == source.surface(mention.span))
        }
        let quotes = try #require(root.child("quotes")).children("quote")
        #expect(quotes.count == document.quotes.count)
        for (element, quote) in zip(quotes, document.quotes) {
            let start = try #require(Int(element.attributes["start"] ?? ""))
            let end = try #require(Int(element.attributes["end"] ?? ""))
            #expect(slice(text, start, end, unit: unit) == source.surface(quote.span))
        }
        let stances = try #require(root.child("stances")).children("stance")
        #expect(stances.count == document.stances.count)
        let mentionIDs = Set(mentions.compactMap { $0.attributes["id"] })
        for (element, stance) in zip(stances, document.stances) {
            let start = try #require(Int(element.attributes["cueStart"] ?? ""))
            let end = try #require(Int(element.attributes["cueEnd"] ?? ""))
            #expect(slice(text, start, end, unit: unit) == element.text)
            #expect(element.text == source.surface(stance.cue))
            #expect(mentionIDs.contains(element.attributes["holder"] ?? ""))
            #expect(mentionIDs.contains(element.attributes["target"] ?? ""))
        }
        for sentence in try #require(root.child("sentences")).children("s") {
            let start = try #require(Int(sentence.attributes["start"] ?? ""))
            let end = try #require(Int(sentence.attributes["end"] ?? ""))
            #expect(slice(text, start, end, unit: unit) != nil)
        }
    }

    @Test func unicodeFixtureOffsetsDifferBetweenUnits() throws {
        // The flag and emoji before "Ukrainian" are 1 code point each per regional indicator but 2 UTF-16 units.
        let rules = Project.compile("Tests/Fixtures/unicode/rules.yaml")
        let source = try SourceText(
            id: "u", path: "u", bytes: Project.bytes("Tests/Fixtures/unicode/crlf-bom-emoji.txt"))
        let document = rules.annotate(source)
        let first = try #require(document.mentions.first)
        let converter = OffsetConverter(text: source.text)
        #expect(converter.offset(first.span.start, in: .codepoint) == 4)  // BOM, 2 regional indicators, space
        #expect(converter.offset(first.span.start, in: .utf16) == 6)
        #expect(source.surface(first.span) == "Ukrainian President Volodymyr Zelenskyy")
    }

    @Test(arguments: [OffsetUnit.codepoint, .utf16])
    func charactersXMLCannotCarryBecomeReplacementsWithOffsetsKept(_ unit: OffsetUnit) throws {
        let rules = Project.compile("rules/summit.yaml")
        let text = "A\u{0}B\u{1}C \u{FFFE}\u{FFFF} \u{1F600} Putin\rsaid\u{7F} to Lavrov."
        let document = rules.annotate(SourceText(id: "x", path: "x", text: text))
        let xml = try NativeXMLExporter(offsetUnit: unit, rules: rules.rules).export(document)
        #expect(Project.schema.validate(xml).isEmpty, "\(Project.schema.validate(xml))")
        let root = try XMLTreeReader.parse(xml)
        let written = try #require(root.child("text")).text
        #expect(written == "A\u{FFFD}B\u{FFFD}C \u{FFFD}\u{FFFD} \u{1F600} Putin\rsaid\u{7F} to Lavrov.")
        #expect(length(written, unit: unit) == length(text, unit: unit))
        #expect(root.child("source")?.attributes["replacedNonXMLCharacters"] == "4")
        #expect(root.child("source")?.attributes["sha256"] == SHA256.hex(of: Array(text.utf8)))
        let mentions = try #require(root.child("mentions")).children("mention")
        #expect(mentions.map(\.text) == ["Putin", "Lavrov"])
        for element in mentions {
            let start = try #require(Int(element.attributes["start"] ?? ""))
            let end = try #require(Int(element.attributes["end"] ?? ""))
            #expect(slice(text, start, end, unit: unit) == element.text, "offsets point into the original text")
        }
        let imported = try NativeXMLImporter.read(xml)
        #expect(imported.document.source.sha256 == SHA256.hex(of: Array(text.utf8)))
    }

    @Test func ambiguousMentionsCarryTheirCandidatesAndValidate() throws {
        let (rules, _) = RuleFileParser.parse(
            "version: 1\nentities:\n  - {id: a, type: PERSON, name: Jeb Bush}\n  - {id: b, type: PERSON, name: George Bush}\n",
            path: "r.yaml")
        let compiled = CompiledRules(try #require(rules))
        let xml = try NativeXMLExporter(rules: compiled.rules).export(
            compiled.annotate(SourceText(id: "x", path: "x", text: "Bush said.")))
        #expect(Project.schema.validate(xml).isEmpty)
        let mention = try #require(try XMLTreeReader.parse(xml).child("mentions")?.child("mention"))
        #expect(mention.attributes["candidates"] == "a b")
        #expect(mention.attributes["entity"] == nil)
    }

    @Test func schemaRejectsABrokenDocument() throws {
        let bad = Array(
            "<document xmlns=\"urn:stancekit:standoff:1\" id=\"x\" offsetUnit=\"bytes\"><source/></document>".utf8)
        #expect(!Project.schema.validate(bad).isEmpty)
    }
}

/// Native XML re-imports to an identical annotated document.
@Suite struct NativeXMLRoundTripTests {
    @Test(arguments: ExportInput.all, [OffsetUnit.codepoint, .utf16])
    func exportThenImportGivesTheSameDocument(_ input: ExportInput, _ unit: OffsetUnit) throws {
        let rules = Project.compile(input.rules)
        let source = try SourceText(id: "doc", path: input.document, bytes: Project.bytes(input.document))
        var document = rules.annotate(source)
        let xml = try NativeXMLExporter(offsetUnit: unit, rules: rules.rules).export(document)
        let imported = try NativeXMLImporter.read(xml)
        document.warnings = []  // warnings are reported on the terminal, not written
        #expect(imported.document == document)
        #expect(imported.offsetUnit == unit)
        #expect(imported.rulesSHA256 == rules.rules.sha256)
    }

    @Test func importRefusesOffsetsOutsideTheText() throws {
        let xml = """
            <document xmlns="urn:stancekit:standoff:1" id="x" offsetUnit="codepoint">
            <source path="x" sha256="0000000000000000000000000000000000000000000000000000000000000000" length="3"/>
            <rules path="r" sha256="0000000000000000000000000000000000000000000000000000000000000000"/>
            <text>abc</text><sentences/>
            <mentions><mention id="m1" start="1" end="9" type="GPE" entity="x" kind="name" rule="x:name" line="1">bc</mention></mentions>
            </document>
            """
        #expect(throws: XMLError.self) { try NativeXMLImporter.read(Array(xml.utf8)) }
    }

    @Test func importRefusesADoctype() throws {
        let xml =
            "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><document>&e;</document>"
        #expect(throws: XMLError.self) { try NativeXMLImporter.read(Array(xml.utf8)) }
    }
}

/// The byte scan for characters XML 1.0 cannot carry agrees with a scalar-by-scalar reference.
@Suite struct XMLCharacterScanTests {
    @Test(arguments: [
        "plain ASCII text", "tab\tLF\nCR\r fine", "NUL \u{0} here", "caf\u{E9} \u{1} late", "\u{FFFE} first",
        "emoji \u{1F600} then \u{FFFF}", "\u{EF}\u{BF} not a non-character \u{FFFD}", "\u{1F}", "",
        "\u{FEFF}BOM \u{7F} DEL is allowed",
    ])
    func byteScanMatchesTheScalars(_ text: String) {
        Self.expectScanMatchesScalars(text)
    }

    /// The scan reads eight bytes at a time: a character at every position of a word, after
    /// ASCII or after a four-byte emoji, and a non-character split across two words.
    @Test(arguments: ["\u{0}", "\u{1}", "\u{1F}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\r"])
    func everyPositionInAWord(_ character: String) {
        for prefix in ["", "\u{1F600}", "\t\n"] {
            for position in 0..<20 {
                let padding = String(repeating: "x", count: position)
                Self.expectScanMatchesScalars(prefix + padding + character + "tail of the text \u{E9}")
            }
        }
    }

    static func expectScanMatchesScalars(_ text: String) {
        var expected: (scalar: UInt32, byteOffset: Int)?
        var offset = 0
        for scalar in text.unicodeScalars {
            if !XMLCharacters.isAllowed(scalar.value) {
                expected = (scalar.value, offset)
                break
            }
            offset += UTF8.width(scalar)
        }
        let found = XMLCharacters.firstDisallowed(in: text)
        #expect(
            found?.scalar == expected?.scalar && found?.byteOffset == expected?.byteOffset, "\(text.debugDescription)")
    }
}
