#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One input document of a batch and where its output goes.
public struct CorpusFile: Sendable, Hashable {
    /// The path to read, as found.
    public var path: String
    /// The path relative to the batch's root, used as the document id (without extension) and to
    /// mirror the input tree in the output folder.
    public var relativePath: String

    public init(path: String, relativePath: String) {
        self.path = path
        self.relativePath = relativePath
    }

    /// The document id: the relative path without its `.txt` extension (in any case).
    public var id: String {
        CorpusFiles.isText(relativePath) ? String(relativePath.dropLast(4)) : relativePath
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

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// - Returns: the files, relative to the deepest folder that holds every input, and every
    ///   path that could not be used (missing, unreadable folder, a name that is not UTF-8), with
    ///   the reason.
    /// - Parameter excluding: a folder never to read, such as the output folder inside the input.
    public static func collect(_ paths: [String], excluding: String? = nil) -> (
        files: [CorpusFile], problems: [Problem]
    ) {
        let excluded = excluding.map(canonical)
        var found: [String] = []
        var problems: [Problem] = []
        var roots: [String] = []
        for given in paths {
            let path = normalize(given)
            var info = stat()
            guard stat(path, &info) == 0 else {
                problems.append(Problem(path: given, reason: String(cString: strerror(errno))))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                roots.append(path)
                walk(path, into: &found, problems: &problems, excluding: excluded)
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

    /// The absolute path of a folder with symbolic links resolved (or the path as given).
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether a file name ends in `.txt`, in any case.
    static func isText(_ name: String) -> Bool {
        name.count > 4 && name.suffix(4).lowercased() == ".txt"
    }

    /// Collects the `.txt` files under `folder`, in name order, depth first. Hidden entries are
    /// skipped; symbolic links to files are followed, links to folders are not (no loops).
    /// - Complexity: O(entries under the folder).
    static func walk(_ folder: String, into found: inout [String], problems: inout [Problem], excluding: String? = nil)
    {
        if let excluding, canonical(folder) == excluding { return }
        guard let directory = opendir(folder) else {
            problems.append(Problem(path: folder, reason: "cannot read folder: \(String(cString: strerror(errno)))"))
            return
        }
        var entries: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(directory) {
            let nameBytes = FileIO.nameBytes(of: entry)
            if nameBytes.first == UInt8(ascii: ".") { continue }
            guard UTF8Validation.firstInvalidOffset(in: nameBytes) == nil else {
                let shown = String(decoding: nameBytes, as: UTF8.self)
                problems.append(Problem(path: "\(folder)/\(shown)", reason: "the file name is not valid UTF-8"))
                continue
            }
            let name = String(decoding: nameBytes, as: UTF8.self)
            let path = "\(folder)/\(name)"
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            var kind = info.st_mode & S_IFMT
            if kind == S_IFLNK {
                var target = stat()
                guard stat(path, &target) == 0 else {
                    problems.append(Problem(path: path, reason: "broken link: \(String(cString: strerror(errno)))"))
                    continue
                }
                if (target.st_mode & S_IFMT) == S_IFDIR { continue }
                kind = target.st_mode & S_IFMT
            }
            if kind == S_IFDIR {
                entries.append((name, true))
            } else if isText(name) {
                entries.append((name, false))
            }
        }
        closedir(directory)
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            let path = folder == "." ? entry.name : "\(folder)/\(entry.name)"
            if entry.isFolder {
                walk(path, into: &found, problems: &problems, excluding: excluding)
            } else {
                found.append(path)
            }
        }
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
