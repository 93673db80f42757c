import Foundation

extension RuleFileReader {
    mutating func entities(_ node: RuleNode) {
        guard case .sequence(let sequence) = node else {
            if RuleFileReader.isNull(node) { return }
            error("'entities' must be a list of entities, not \(RuleFileReader.describe(node))", node)
            return
        }
        for item in sequence {
            if let entity = entity(item) { entitiesFound.append(entity) }
        }
    }

    mutating func entity(_ node: RuleNode) -> EntityRule? {
        guard case .mapping(let mapping) = node else {
            error(
                "each entity must be a mapping with 'id', 'type' and 'name', not \(RuleFileReader.describe(node))", node
            )
            return nil
        }
        var id: Located<String>?
        var type: Located<String>?
        var name: Located<String>?
        // The list keys (given, family, titles, aliases, descriptors), in the order read.
        var lists: [(key: String, values: [Located<String>], node: RuleNode)] = []
        func list(_ key: String) -> [Located<String>] { lists.first { $0.key == key }?.values ?? [] }
        for (key, _, value) in pairs(of: mapping, known: RuleFileParser.entityKeys, context: "entity") {
            switch key {
            case "id":
                id = identifier(value, of: "entity")
            case "type":
                type = string(value, key: key)
                if let value = type, !RuleFileReader.isTypeName(value.value) {
                    error(
                        "entity type '\(value.value)' may use only letters, digits, '-' and '_', and must start with a letter",
                        value)
                    type = nil
                }
            case "name":
                name = string(value, key: key)
            default:
                lists.append((key, strings(value, key: key), value))
            }
        }
        if let id { claim(id) }
        let entityLabel = id.map { "entity '\($0.value)'" } ?? "entity"
        for required in ["id", "type", "name"] {
            let present = required == "id" ? id != nil : required == "type" ? type != nil : name != nil
            let written = mapping.contains { $0.key.scalar?.string == required }
            if !present && !written {
                error("\(entityLabel) is missing required key '\(required)'", node)
            }
        }
        guard let id, let type, let name else { return nil }
        if type.value != "PERSON" {
            for key in ["given", "family", "titles"] where !list(key).isEmpty {
                warning(
                    "'\(key)' applies to PERSON entities only; ignored for \(type.value) '\(id.value)'",
                    lists.first { $0.key == key }?.node)
            }
        }
        return EntityRule(
            id: id, type: type, name: name, given: list("given"), family: list("family"), titles: list("titles"),
            aliases: list("aliases"), descriptors: list("descriptors"))
    }

    mutating func error(_ message: String, _ value: Located<String>) {
        diagnostics.append(
            Diagnostic(.error, message, at: SourceLocation(file: path, line: value.line, column: value.column)))
    }

    mutating func topics(_ node: RuleNode) {
        guard case .sequence(let sequence) = node else {
            if RuleFileReader.isNull(node) { return }
            error("'topics' must be a list of topics, not \(RuleFileReader.describe(node))", node)
            return
        }
        for item in sequence {
            guard case .mapping(let mapping) = item else {
                error("each topic must be a mapping with 'id' and 'names', not \(RuleFileReader.describe(item))", item)
                continue
            }
            var id: Located<String>?
            var names: [Located<String>] = []
            var sawNames = false
            for (key, _, value) in pairs(of: mapping, known: RuleFileParser.topicKeys, context: "topic") {
                switch key {
                case "id":
                    id = identifier(value, of: "topic")
                default:
                    sawNames = true
                    names = strings(value, key: key)
                }
            }
            let written = mapping.contains { $0.key.scalar?.string == "id" }
            if id == nil && !written { error("topic is missing required key 'id'", item) }
            if !sawNames {
                error("topic\(id.map { " '\($0.value)'" } ?? "") is missing required key 'names'", item)
            }
            guard let id else { continue }
            claim(id)
            if sawNames && names.isEmpty { error("topic '\(id.value)' needs at least one name", item) }
            topicsFound.append(TopicRule(id: id, names: names))
        }
    }

    /// Records an entity or topic id, reporting a duplicate.
    mutating func claim(_ id: Located<String>) {
        if let first = idLines[id.value] {
            error("duplicate id '\(id.value)' (first defined at \(first))", id)
        } else {
            idLines[id.value] = path == rootPath ? "line \(id.line)" : "\(path):\(id.line)"
        }
    }
}
