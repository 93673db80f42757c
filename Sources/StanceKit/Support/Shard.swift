/// One of N deterministic parts of a corpus, chosen by a hash of each document's id, so that N
/// processes (or machines) given the same input and `--shard 0/N` … `--shard N-1/N` annotate
/// every document exactly once, whatever the input order.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// Parses `I/N` with 0 ≤ I < N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count > 0, index >= 0,
            index < count
        else { return nil }
        self.index = index
        self.count = count
    }

    /// Whether the document with this id belongs to the shard (FNV-1a of the id's UTF-8, modulo N).
    public func contains(_ id: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(count)) == index
    }

    public var description: String { "\(index)/\(count)" }
}
