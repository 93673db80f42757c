#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Plain POSIX file reading and atomic writing, with the system's reason on failure.
public enum FileIO {
    /// Reads a whole file.
    /// - Throws: ``DocumentError/unreadable(reason:)`` with the system's message.
    public static func read(_ path: String) throws(DocumentError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw .unreadable(reason: systemError()) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw .unreadable(reason: systemError()) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .unreadable(reason: "is a directory") }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Int(max(info.st_size, 0)) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: systemError())
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// The name of a directory entry, read in place up to its NUL (copying the whole `d_name`
    /// array would read past the end of a short entry).
    static func nameBytes(of entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
        withUnsafeMutablePointer(to: &entry.pointee.d_name) { field in
            field.withMemoryRebound(to: UInt8.self, capacity: MemoryLayout.size(ofValue: field.pointee)) { bytes in
                Array(
                    UnsafeBufferPointer(
                        start: bytes, count: strlen(UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self))))
            }
        }
    }

    /// Whether a file (or folder) exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Reads at most the first `count` bytes of a file.
    /// - Throws: ``DocumentError/unreadable(reason:)`` with the system's message.
    public static func readPrefix(_ path: String, count: Int) throws(DocumentError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw .unreadable(reason: systemError()) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, count - filled) }
            if read < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: systemError())
            }
            if read == 0 { break }
            filled += read
        }
        return Array(bytes[0..<filled])
    }

    /// Removes temporary files that `writeAtomically` left behind under `folder` when its process
    /// was killed (hidden files `.NAME.tmp-PID-…` whose process is gone).
    /// - Returns: how many were removed.
    @discardableResult
    public static func removeStaleTemporaryFiles(under folder: String) -> Int {
        guard let directory = opendir(folder) else { return 0 }
        var removed = 0
        var folders: [String] = []
        while let entry = readdir(directory) {
            let name = String(decoding: FileIO.nameBytes(of: entry), as: UTF8.self)
            if name == "." || name == ".." { continue }
            let path = "\(folder)/\(name)"
            if entry.pointee.d_type == UInt8(DT_DIR) {
                folders.append(path)
            } else if name.hasPrefix("."), let marker = name.range(of: ".tmp-") {
                let pid = name[marker.upperBound...].prefix(while: \.isNumber)
                if let pid = Int32(pid), kill(pid, 0) != 0 && errno == ESRCH, unlink(path) == 0 { removed += 1 }
            }
        }
        closedir(directory)
        for child in folders { removed += removeStaleTemporaryFiles(under: child) }
        return removed
    }

    /// Writes `bytes` to `path` atomically: into a temporary file in the same folder, then renamed
    /// over `path`. A reader sees the old file or the whole new one, never a part.
    /// - Throws: ``DocumentError/unreadable(reason:)`` (used for any I/O failure) with the reason.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(DocumentError) {
        let file = try AtomicFileWriter(path: path)
        try file.write(bytes)
        try file.commit()
    }

    /// The hidden temporary name `writeAtomically` and ``AtomicFileWriter`` write into before
    /// the rename: `FOLDER/.NAME.tmp-PID-RANDOM`.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Writes all of `bytes` to `fd`, retrying after signals.
    /// - Returns: `nil`, or the system's reason for the failure.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> String? {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                return systemError()
            }
            written += count
        }
        return nil
    }

    static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

/// A file written piece by piece that appears at its path only when complete: the pieces go to a
/// hidden temporary file in the same folder, which ``commit()`` renames over the path. A writer
/// dropped without a commit removes its temporary file, so a failed or interrupted run leaves the
/// previous file (or none) in place.
public final class AtomicFileWriter {
    /// Where the file appears on commit.
    public let path: String
    private let temporary: String
    private var fd: Int32

    /// Creates the temporary file.
    /// - Throws: ``DocumentError/unreadable(reason:)`` with the system's reason.
    public init(path: String) throws(DocumentError) {
        self.path = path
        temporary = FileIO.temporaryPath(for: path)
        fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 { throw .unreadable(reason: "cannot create \(temporary): \(FileIO.systemError())") }
    }

    /// Appends `bytes`. One system call per piece: pass pieces of some kilobytes at least.
    /// - Throws: ``DocumentError/unreadable(reason:)`` with the system's reason (a full disk).
    public func write(_ bytes: [UInt8]) throws(DocumentError) {
        precondition(fd >= 0, "write after commit")
        if let reason = FileIO.writeAll(bytes, to: fd) { throw .unreadable(reason: "cannot write \(path): \(reason)") }
    }

    /// Closes the temporary file and renames it over `path`.
    /// - Throws: ``DocumentError/unreadable(reason:)``; the temporary file is then removed.
    public func commit() throws(DocumentError) {
        precondition(fd >= 0, "commit twice")
        let closed = close(fd)
        fd = -1
        if closed != 0 {
            let reason = FileIO.systemError()
            unlink(temporary)
            throw .unreadable(reason: "cannot write \(path): \(reason)")
        }
        if rename(temporary, path) != 0 {
            let reason = FileIO.systemError()
            unlink(temporary)
            throw .unreadable(reason: "cannot rename into \(path): \(reason)")
        }
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(temporary)
        }
    }
}
