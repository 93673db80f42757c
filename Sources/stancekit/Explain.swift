import ArgumentParser
import Foundation
import StanceKit
import StanceKitXML

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain the annotations of one output file: the rule, variant and rule-file line of each, "
            + "and how each stance's holder and target were chosen.")

    @Argument(help: "A native XML file written by annotate.")
    var file: String

    @Option(name: .long, help: "Only annotations covering this offset (in the file's offset unit).")
    var at: Int?

    @Option(name: .long, help: "Only annotations of this entity or topic id.")
    var entity: String?

    func run() throws {
        let imported = try NativeXMLImporter.read(try FileIO.read(file), name: file)
        let document = imported.document
        let converter = OffsetConverter(text: document.source.text)
        let unit = imported.offsetUnit
        let ruleLines = (try? FileIO.read(imported.rulesPath)).map {
            String(decoding: $0, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
                String.init)
        }
        let atByte = try at.map { offset -> Int in
            guard let byte = converter.byteOffset(offset, from: unit) else {
                throw ValidationError("--at \(offset) is outside the text (\(unit.rawValue) offsets)")
            }
            return byte
        }

        func range(_ span: Span) -> String {
            "[\(converter.offset(span.start, in: unit)),\(converter.offset(span.end, in: unit)))"
        }
        func covers(_ span: Span) -> Bool {
            guard let atByte else { return true }
            return span.start <= atByte && atByte < max(span.end, span.start + 1)
        }
        func ruleText(_ line: Int) -> String {
            guard line > 0 else { return "" }
            let text = ruleLines.flatMap { line <= $0.count ? $0[line - 1].trimmingCharacters(in: .whitespaces) : nil }
            return "\(imported.rulesPath):\(line)" + (text.map { "  \($0)" } ?? "")
        }
        let mentions = document.mentions
        var printed = 0
        for (index, mention) in mentions.enumerated() where covers(mention.span) {
            if let entity, mention.entity != entity && !mention.candidates.contains(entity) { continue }
            let who = mention.entity ?? "ambiguous: \(mention.candidates.joined(separator: ", "))"
            print(
                "m\(index + 1) \(range(mention.span)) \"\(document.source.surface(mention.span))\" \(mention.type) \(who)"
            )
            switch mention.kind {
            case .pronoun:
                print("    a pronoun resolved to the last person named as a subject in this or the previous sentence")
            default:
                print("    rule \(mention.rule.label) (variant \(mention.rule.variant), \(mention.kind.rawValue))")
                if mention.rule.line > 0 { print("    \(ruleText(mention.rule.line))") }
            }
            printed += 1
        }
        for (index, quote) in document.quotes.enumerated() where covers(quote.span) {
            let speaker = quote.speaker.map { mentions[$0] }
            if let entity, speaker?.entity != entity { continue }
            let text = document.source.surface(quote.span)
            let preview = text.count > 60 ? String(text.prefix(57)) + "..." : text
            print("q\(index + 1) \(range(quote.span)) \(quote.kind.rawValue) quote \"\(preview)\"")
            if let speaker, let index = quote.speaker {
                let via = speaker.kind == .pronoun ? " (a pronoun, resolved)" : ""
                print(
                    "    speaker m\(index + 1) \"\(document.source.surface(speaker.span))\" \(speaker.entity ?? "?")\(via)"
                )
            } else {
                print("    no speaker found")
            }
            if let attribution = quote.attribution {
                print("    attribution \"\(document.source.surface(attribution))\" \(range(attribution))")
            }
            printed += 1
        }
        for (index, stance) in document.stances.enumerated() where covers(stance.cue) {
            let holder = mentions[stance.holder]
            let target = mentions[stance.target]
            if let entity, holder.entity != entity && target.entity != entity { continue }
            print(
                "st\(index + 1) \(holder.entity ?? "?") \(stance.polarity.rawValue) \(target.entity ?? "?")"
                    + " on \"\(document.source.surface(stance.cue))\" \(range(stance.cue))")
            print(
                "    cue rule \(stance.rule.label)\(stance.negated ? ", negated: the cue's polarity was flipped" : "")")
            if stance.rule.line > 0 { print("    \(ruleText(stance.rule.line))") }
            print(
                "    holder m\(stance.holder + 1) \"\(document.source.surface(holder.span))\": \(Explain.why(stance.holderSource))"
            )
            print(
                "    target m\(stance.target + 1) \"\(document.source.surface(target.span))\": \(Explain.why(stance.targetSource))"
            )
            if let quote = stance.quote { print("    inside quote q\(quote + 1)") }
            printed += 1
        }
        if printed == 0 {
            print("nothing to explain\(at.map { " at \($0)" } ?? "")\(entity.map { " for \($0)" } ?? "")")
        }
    }

    static func why(_ source: Stance.HolderSource) -> String {
        switch source {
        case .pattern: return "bound by the {holder} slot of the cue's pattern"
        case .subject: return "the subject of the cue's clause"
        case .pronoun: return "a pronoun subject, resolved to the last person named as a subject"
        case .speaker: return "the speaker of the quote the cue is in"
        case .sharedSubject: return "the subject shared with the sentence's earlier verb (after and/but)"
        case .passiveAgent: return "the agent of the passive verb (after \"by\")"
        }
    }

    static func why(_ source: Stance.TargetSource) -> String {
        switch source {
        case .pattern: return "bound by the {target} slot of the cue's pattern"
        case .object: return "the nearest entity or topic the cue governs in its clause"
        case .quoteSubject: return "the entity the quoted clause is about (its subject)"
        case .antecedent: return "\"it\" after the cue, resolved to the last target or topic"
        case .passiveSubject: return "the subject of the passive verb"
        }
    }
}
