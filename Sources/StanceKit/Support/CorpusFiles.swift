import Foundation

/// One input document of a batch and where its output goes.
public struct CorpusFile: Sendable, Hashable {
    /// The path to read, as found.
    public var path: String
    /// The path relative to the batch's root, used as the document id (without extension) and to
    /// mirror the input tree in the output folder.
    public var relativePath: String

    /// The document id: the relative path without its `.txt` extension.
    public var id: String {
        relativePath.hasSuffix(".txt") ? String(relativePath.dropLast(4)) : relativePath
    }

    /// The output path under `folder` with the given extension (`xml`).
    public func outputPath(in folder: String, extension ext: String) -> String {
        "\(folder)/\(id).\(ext)"
    }
}

/// Finds the documents of a batch: every `.txt` file under the given folders (recursively, in
/// name order) and every file given by name.
public enum CorpusFiles {
    /// A path that could not be used as input.
    public struct Problem: Sendable, Hashable {
        public var path: String
        public var reason: String
    }

    /// - Returns: the files, relative to the deepest folder that holds every input, and the
    ///   paths that do not exist.
    public static func collect(_ paths: [String]) -> (files: [CorpusFile], problems: [Problem]) {
        let manager = FileManager.default
        var found: [String] = []
        var problems: [Problem] = []
        var roots: [String] = []
        for given in paths {
            let path = normalize(given)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Problem(path: given, reason: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                roots.append(path)
                found.append(contentsOf: textFiles(under: path))
            } else {
                roots.append(parent(of: path))
                found.append(path)
            }
        }
        let root = commonFolder(roots)
        var seen: Set<String> = []
        let files = found.filter { seen.insert($0).inserted }.map { path in
            CorpusFile(path: path, relativePath: relative(path, to: root))
        }
        return (files, problems)
    }

    /// Every `.txt` file under `folder`, sorted by path. Hidden files and folders are skipped.
    static func textFiles(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var result: [String] = []
        while let item = enumerator.nextObject() as? String {
            let name = item.split(separator: "/").last.map(String.init) ?? item
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            if name.hasSuffix(".txt") {
                let full = folder == "." ? item : "\(folder)/\(item)"
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                    result.append(full)
                }
            }
        }
        return result.sorted()
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if path.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func commonFolder(_ folders: [String]) -> String {
        guard var common = folders.first else { return "." }
        for folder in folders.dropFirst() {
            while !(folder == common || folder.hasPrefix(common == "/" ? "/" : common + "/") || common == ".") {
                common = parent(of: common)
            }
            if common == "." && folder.hasPrefix("/") { common = "/" }
        }
        return common
    }

    static func relative(_ path: String, to root: String) -> String {
        if root == "." { return path }
        if root == "/" { return String(path.dropFirst()) }
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
