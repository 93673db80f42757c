/// A trie over token ids whose transitions live in one hash table keyed by (node, token id,
/// whether whitespace precedes the token). Each terminal node holds a list of payloads.
///
/// Built once; read-only afterwards and shared by every worker (hence `@unchecked Sendable`). Its
/// tables live in memory it owns and frees, so that walking it costs no reference count. The
/// root's children are a direct table by token id: a token that starts no entry costs one load.
final class TokenTrie: @unchecked Sendable {
    private let transitions: TransitionTable
    /// The child of the root for each token id, or -1.
    private let rootChild: RawVector<Int32>
    /// For each node: the start of its payloads in `payloadList`, and how many.
    private let terminalStart: RawVector<Int32>
    private let terminalCount: RawVector<UInt16>
    private let payloadList: [Int32]

    /// The number of nodes.
    let nodeCount: Int

    /// Builds a trie from token-key sequences and their payloads.
    /// - Parameter idCount: the number of token ids (every key id is below it).
    /// - Complexity: O(total tokens + idCount).
    init(entries: [(keys: [(id: Int32, spaceBefore: Bool)], payload: Int32)], idCount: Int) {
        var transitions = TransitionTable()
        let rootChild = RawVector<Int32>(repeating: -1, count: idCount)
        var nodePayloads: [[Int32]] = [[]]
        for entry in entries where !entry.keys.isEmpty {
            var node: Int32 = 0
            for (k, key) in entry.keys.enumerated() {
                let edge = TokenTrie.edge(node, key.id, k > 0 && key.spaceBefore)
                var child = transitions.value(for: edge)
                if child < 0 {
                    child = Int32(nodePayloads.count)
                    nodePayloads.append([])
                    transitions.set(child, for: edge)
                    if node == 0 { rootChild[Int(key.id)] = child }
                }
                node = child
            }
            nodePayloads[Int(node)].append(entry.payload)
        }
        let terminalStart = RawVector<Int32>(repeating: 0, count: nodePayloads.count)
        let terminalCount = RawVector<UInt16>(repeating: 0, count: nodePayloads.count)
        var payloads: [Int32] = []
        for (node, list) in nodePayloads.enumerated() {
            terminalStart[node] = Int32(payloads.count)
            let kept = list.prefix(Int(UInt16.max))
            terminalCount[node] = UInt16(kept.count)
            payloads.append(contentsOf: kept)
        }
        self.transitions = transitions
        self.rootChild = rootChild
        self.terminalStart = terminalStart
        self.terminalCount = terminalCount
        self.payloadList = payloads
        self.nodeCount = nodePayloads.count
        self.nodePayloadLists = nodePayloads.map { $0.count > 1 ? $0 : [] }
    }

    deinit {
        transitions.free()
        rootChild.free()
        terminalStart.free()
        terminalCount.free()
    }

    /// Payload lists of nodes with more than one payload (for ambiguity reports at compile time).
    let nodePayloadLists: [[Int32]]

    @inline(__always)
    static func edge(_ node: Int32, _ id: Int32, _ spaceBefore: Bool) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: id)) << 1 | (spaceBefore ? 1 : 0)
    }

    /// The payloads of a node (empty for a non-terminal node).
    @inline(__always)
    func payloads(of node: Int32) -> ArraySlice<Int32> {
        let start = Int(terminalStart[Int(node)])
        return payloadList[start..<(start + Int(terminalCount[Int(node)]))]
    }

    /// Whether some entry starts with the token id `id` (-1 for none).
    @inline(__always)
    func starts(with id: Int32) -> Bool { id >= 0 && rootChild[Int(id)] >= 0 }

    /// Every terminal node reached from token `start`, nearest first, with the index of its last
    /// token: written to the front of `ends`, whose other elements are left as they were (the
    /// array is scratch space reused from call to call, never shrunk).
    /// - Returns: how many matches were written.
    /// - Complexity: O(L) for the longest entry L, in tokens.
    @inline(__always)
    func matches(
        from start: Int, tokens: UnsafeBufferPointer<Token>, into ends: inout [(token: Int, node: Int32)]
    ) -> Int {
        var found = 0
        let first = tokens[start].id
        if first < 0 { return 0 }
        var node = rootChild[Int(first)]
        var j = start
        while node >= 0 {
            if terminalCount[Int(node)] > 0 {
                if found < ends.count { ends[found] = (j, node) } else { ends.append((j, node)) }
                found += 1
            }
            j += 1
            guard j < tokens.count else { break }
            let token = tokens[j]
            guard token.id >= 0 else { break }
            node = transitions.value(for: TokenTrie.edge(node, token.id, token.spaceBefore))
        }
        return found
    }
}
