/// A brat standoff `.ann` file, in the convention of the project's gold: text-bound (`T`),
/// normalization (`N`), attribute (`A`) and event (`E`) lines. Offsets are Unicode code points,
/// end exclusive.
public struct BratAnnotations: Sendable, Hashable {
    /// `T1<TAB>PERSON 0 13<TAB>Sergey Lavrov`; discontinuous spans are `0 3;6 9`.
    public struct TextBound: Sendable, Hashable {
        public var id: String
        public var type: String
        /// Fragments as code-point ranges.
        public var fragments: [Range<Int>]
        public var text: String
    }

    /// `N1<TAB>Reference T1 rules:lavrov<TAB>lavrov`.
    public struct Normalization: Sendable, Hashable {
        public var id: String
        public var type: String
        public var target: String
        /// `rules:lavrov`
        public var reference: String
        public var text: String

        /// The part of the reference after the resource prefix (`lavrov`).
        public var referenceID: String {
            reference.split(separator: ":", maxSplits: 1).last.map(String.init) ?? reference
        }
    }

    /// `A1<TAB>MentionKind T12 descriptor`; a binary attribute has no value.
    public struct Attribute: Sendable, Hashable {
        public var id: String
        public var name: String
        public var target: String
        public var value: String?
    }

    /// `E1<TAB>StanceCue:T24 Holder:T28 Target:T25`.
    public struct Event: Sendable, Hashable {
        public var id: String
        public var type: String
        public var trigger: String
        public var arguments: [(role: String, target: String)]

        public static func == (lhs: Event, rhs: Event) -> Bool {
            lhs.id == rhs.id && lhs.type == rhs.type && lhs.trigger == rhs.trigger
                && lhs.arguments.map(\.role) == rhs.arguments.map(\.role)
                && lhs.arguments.map(\.target) == rhs.arguments.map(\.target)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(id)
            hasher.combine(trigger)
        }
    }

    public var textBounds: [TextBound] = []
    public var normalizations: [Normalization] = []
    public var attributes: [Attribute] = []
    public var events: [Event] = []
    /// Lines of other kinds (relations `R`, notes `#`, equivalences `*`), kept verbatim.
    public var otherLines: [String] = []

    public init() {}

    /// A problem in an `.ann` file, with its 1-based line.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses the text of an `.ann` file.
    /// - Throws: ``ParseError`` at the first malformed line.
    public init(parsing text: String) throws(ParseError) {
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { continue }
            let columns = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            let number = index + 1
            guard let id = columns.first, let kind = id.first else { continue }
            guard columns.count >= 2 else { throw ParseError(line: number, message: "expected a tab after '\(id)'") }
            let fields = columns[1].split(separator: " ").map(String.init)
            switch kind {
            case "T":
                guard columns.count == 3, let type = fields.first else {
                    throw ParseError(line: number, message: "a text-bound annotation needs TYPE START END and the text")
                }
                var fragments: [Range<Int>] = []
                let offsets = columns[1].dropFirst(type.count + 1)
                for fragment in offsets.split(separator: ";") {
                    let pair = fragment.split(separator: " ")
                    guard pair.count == 2, let start = Int(pair[0]), let end = Int(pair[1]), start <= end else {
                        throw ParseError(line: number, message: "bad offsets '\(fragment)'")
                    }
                    fragments.append(start..<end)
                }
                textBounds.append(TextBound(id: id, type: type, fragments: fragments, text: columns[2]))
            case "N":
                guard fields.count == 3 else {
                    throw ParseError(line: number, message: "a normalization needs TYPE TARGET RESOURCE:ID")
                }
                normalizations.append(
                    Normalization(
                        id: id, type: fields[0], target: fields[1], reference: fields[2],
                        text: columns.count == 3 ? columns[2] : ""))
            case "A", "M":
                guard fields.count == 2 || fields.count == 3 else {
                    throw ParseError(line: number, message: "an attribute needs NAME TARGET [VALUE]")
                }
                attributes.append(
                    Attribute(id: id, name: fields[0], target: fields[1], value: fields.count == 3 ? fields[2] : nil))
            case "E":
                var arguments: [(role: String, target: String)] = []
                for field in fields {
                    let pair = field.split(separator: ":", maxSplits: 1).map(String.init)
                    guard pair.count == 2 else {
                        throw ParseError(line: number, message: "bad event argument '\(field)'")
                    }
                    arguments.append((pair[0], pair[1]))
                }
                guard let trigger = arguments.first else {
                    throw ParseError(line: number, message: "an event needs TYPE:TRIGGER")
                }
                events.append(
                    Event(id: id, type: trigger.role, trigger: trigger.target, arguments: Array(arguments.dropFirst())))
            default:
                otherLines.append(String(line))
            }
        }
    }

    /// The entity id a text-bound annotation is normalized to, if any.
    public func reference(of textBoundID: String) -> String? {
        normalizations.first { $0.target == textBoundID }?.referenceID
    }

    /// The value of attribute `name` on `target`, if any.
    public func attribute(_ name: String, of target: String) -> String? {
        attributes.first { $0.name == name && $0.target == target }?.value
    }
}
