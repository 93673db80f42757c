import Yams

/// A node of a rule file's YAML, as the rule reader walks it: scalars stay strings (no guessing
/// of numbers or booleans), and every node keeps where it starts.
///
/// Built by ``YAMLSubsetReader`` for the plain YAML that rule files are written in, and from a
/// Yams tree (``init(_:)``) for everything else.
package enum RuleNode: Equatable {
    /// Where a node starts: 1-based line and 1-based column, in Unicode scalars, as Yams counts.
    package struct Mark: Equatable {
        package var line: Int
        package var column: Int
    }

    package enum Style: Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    package struct Scalar: Equatable {
        package var string: String
        package var style: Style
        package var mark: Mark
    }

    package struct Mapping: Sequence, Equatable {
        package var pairs: [(key: RuleNode, value: RuleNode)]
        package var mark: Mark

        package func makeIterator() -> IndexingIterator<[(key: RuleNode, value: RuleNode)]> { pairs.makeIterator() }

        package static func == (a: Mapping, b: Mapping) -> Bool {
            a.mark == b.mark && a.pairs.count == b.pairs.count
                && zip(a.pairs, b.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        }
    }

    package struct List: Sequence, Equatable {
        package var items: [RuleNode]
        package var mark: Mark

        package func makeIterator() -> IndexingIterator<[RuleNode]> { items.makeIterator() }
    }

    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(List)
    /// An alias Yams left unresolved.
    case alias(Mark)

    package var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    package var mark: Mark {
        switch self {
        case .scalar(let scalar): return scalar.mark
        case .mapping(let mapping): return mapping.mark
        case .sequence(let list): return list.mark
        case .alias(let mark): return mark
        }
    }
}

extension RuleNode {
    /// The tree Yams composes from `text` (with the basic resolver: every scalar a string), or
    /// `nil` for a document with no node.
    /// - Throws: Yams's `YamlError` for text that is not YAML.
    package static func composedByYams(_ text: String) throws -> RuleNode? {
        try Yams.compose(yaml: text, .basic).map(RuleNode.init)
    }

    /// The node of a Yams tree (composed with the basic resolver: every scalar a string).
    /// - Complexity: O(nodes).
    init(_ node: Node) {
        func mark(_ mark: Yams.Mark?) -> Mark { Mark(line: mark?.line ?? 1, column: mark?.column ?? 1) }
        switch node {
        case .scalar(let scalar):
            let style: Style
            switch scalar.style {
            case .singleQuoted: style = .singleQuoted
            case .doubleQuoted: style = .doubleQuoted
            case .literal: style = .literal
            case .folded: style = .folded
            default: style = .plain
            }
            self = .scalar(Scalar(string: scalar.string, style: style, mark: mark(scalar.mark)))
        case .mapping(let mapping):
            self = .mapping(
                Mapping(pairs: mapping.map { (RuleNode($0.key), RuleNode($0.value)) }, mark: mark(mapping.mark)))
        case .sequence(let sequence):
            self = .sequence(List(items: sequence.map { RuleNode($0) }, mark: mark(sequence.mark)))
        case .alias(let alias):
            self = .alias(mark(alias.mark))
        }
    }
}
