/// A trie over token ids whose transitions live in one hash table keyed by (node, token id,
/// whether whitespace precedes the token). Each terminal node holds a list of payloads.
///
/// Built once; read-only afterwards and shared by every worker (hence `@unchecked Sendable`). Its
/// tables live in memory it owns and frees, so that walking it costs no reference count.
///
/// A walk reads one table entry a step, which gives the next node together with its
/// ``NodeInfo``: whether forms end there, and a 16-bit filter of the tokens that can follow. A
/// token the filter rules out ends the walk with no look-up, and a node with no children rules
/// out every token. The root's children are a direct table over the range of token ids that
/// start entries: a token outside it costs one comparison (``CompiledRules`` numbers the
/// vocabulary so that each trie's first tokens are one range).
final class TokenTrie: @unchecked Sendable {
    /// A node's facts, packed in 32 bits: the number of payloads in the low 16 bits, and above
    /// them a filter of its outgoing edges (``childBit(_:_:)``), 0 for a leaf.
    typealias NodeInfo = UInt32

    private let transitions: TransitionTable
    /// The first token id of ``roots``.
    private let firstRootID: Int32
    /// For each token id from ``firstRootID``: the root's child by it and that child's
    /// ``NodeInfo`` (``entry(_:_:)``), or ``none``.
    private let roots: RawVector<UInt64>
    /// For each node: the start of its payloads in `payloadList`, and its ``NodeInfo``.
    private let terminalStart: RawVector<Int32>
    private let nodeInfo: RawVector<NodeInfo>
    private let payloadList: [Int32]

    /// The number of nodes.
    let nodeCount: Int

    /// The ``roots`` entry of a missing child.
    private static let none = UInt64.max

    /// Builds a trie from token-key sequences and their payloads.
    /// - Complexity: O(total tokens + the range of first-token ids).
    init(entries: [(keys: [(id: Int32, spaceBefore: Bool)], payload: Int32)]) {
        var transitions = TransitionTable()
        var firstChildren: [(id: Int32, node: Int32)] = []
        var nodePayloads: [[Int32]] = [[]]
        var filters: [NodeInfo] = [0]
        for entry in entries where !entry.keys.isEmpty {
            var node: Int32 = 0
            for (k, key) in entry.keys.enumerated() {
                let spaceBefore = k > 0 && key.spaceBefore
                let edge = TokenTrie.edge(node, key.id, spaceBefore)
                let existing = transitions.value(for: edge)
                var child = Int32(truncatingIfNeeded: existing)
                if existing == TransitionTable.missing {
                    child = Int32(nodePayloads.count)
                    nodePayloads.append([])
                    filters.append(0)
                    transitions.set(UInt64(UInt32(bitPattern: child)), for: edge)
                    // The root's children are found through `roots`, with no filter.
                    if node == 0 {
                        firstChildren.append((key.id, child))
                    } else {
                        filters[Int(node)] |= TokenTrie.childBit(key.id, spaceBefore)
                    }
                }
                node = child
            }
            nodePayloads[Int(node)].append(entry.payload)
        }
        let terminalStart = RawVector<Int32>(repeating: 0, count: nodePayloads.count)
        let nodeInfo = RawVector<NodeInfo>(repeating: 0, count: nodePayloads.count)
        var payloads: [Int32] = []
        for (node, list) in nodePayloads.enumerated() {
            terminalStart[node] = Int32(payloads.count)
            let kept = list.prefix(Int(UInt16.max))
            nodeInfo[node] = NodeInfo(kept.count) | filters[node]
            payloads.append(contentsOf: kept)
        }
        // Each transition's value carries its child's facts, so that a step reads one entry.
        transitions.updateValues { child in
            TokenTrie.entry(Int32(truncatingIfNeeded: child), nodeInfo[Int(child)])
        }
        let firstRootID = firstChildren.map(\.id).min() ?? 0
        let lastRootID = firstChildren.map(\.id).max() ?? -1
        let roots = RawVector<UInt64>(repeating: TokenTrie.none, count: Int(lastRootID - firstRootID) + 1)
        for (id, node) in firstChildren { roots[Int(id - firstRootID)] = TokenTrie.entry(node, nodeInfo[Int(node)]) }
        self.transitions = transitions
        self.firstRootID = firstRootID
        self.roots = roots
        self.terminalStart = terminalStart
        self.nodeInfo = nodeInfo
        self.payloadList = payloads
        self.nodeCount = nodePayloads.count
        self.nodePayloadLists = nodePayloads.map { $0.count > 1 ? $0 : [] }
    }

    deinit {
        transitions.free()
        roots.free()
        terminalStart.free()
        nodeInfo.free()
    }

    /// Payload lists of nodes with more than one payload (for ambiguity reports at compile time).
    let nodePayloadLists: [[Int32]]

    @inline(__always)
    static func edge(_ node: Int32, _ id: Int32, _ spaceBefore: Bool) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: id)) << 1 | (spaceBefore ? 1 : 0)
    }

    /// The bit of a node's ``NodeInfo`` filter that an edge by this token sets: one of the top 16,
    /// picked by a hash of the id and the space flag.
    @inline(__always)
    static func childBit(_ id: Int32, _ spaceBefore: Bool) -> NodeInfo {
        let key = (UInt32(bitPattern: id) &<< 1 | (spaceBefore ? 1 : 0)) &* 0x9E37_79B1
        return 0x1_0000 &<< (key &>> 28)
    }

    /// A node and its ``NodeInfo`` in one word: the node in the low 32 bits.
    @inline(__always)
    private static func entry(_ node: Int32, _ info: NodeInfo) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) | UInt64(info) << 32
    }

    /// The root's child entry for the token id `id`, or ``none``.
    @inline(__always)
    private func root(_ id: Int32) -> UInt64 {
        let index = UInt32(bitPattern: id &- firstRootID)
        return index < UInt32(truncatingIfNeeded: roots.count) ? roots[Int(index)] : TokenTrie.none
    }

    /// The payloads of a node (empty for a non-terminal node).
    @inline(__always)
    func payloads(of node: Int32) -> ArraySlice<Int32> {
        let start = Int(terminalStart[Int(node)])
        return payloadList[start..<(start + Int(nodeInfo[Int(node)] & 0xFFFF))]
    }

    /// Whether some entry starts with the token id `id` (-1 for none).
    @inline(__always)
    func starts(with id: Int32) -> Bool { root(id) != TokenTrie.none }

    /// Every terminal node reached from token `start`, nearest first, with the index of its last
    /// token: written to the front of `ends`, whose other elements are left as they were (the
    /// array is scratch space reused from call to call, never shrunk).
    /// - Returns: how many matches were written.
    /// - Complexity: O(L) for the longest entry L, in tokens; one table read a token.
    @inline(__always)
    func matches(
        from start: Int, tokens: UnsafeBufferPointer<Token>, into ends: inout [(token: Int, node: Int32)]
    ) -> Int {
        var found = 0
        var entry = root(tokens[start].id)
        var j = start
        while entry != TokenTrie.none {
            let node = Int32(truncatingIfNeeded: entry)
            let info = NodeInfo(truncatingIfNeeded: entry &>> 32)
            if info & 0xFFFF != 0 {
                if found < ends.count { ends[found] = (j, node) } else { ends.append((j, node)) }
                found += 1
            }
            j += 1
            guard j < tokens.count else { break }
            let token = tokens[j]
            guard token.id >= 0, info & TokenTrie.childBit(token.id, token.spaceBefore) != 0 else { break }
            entry = transitions.value(for: TokenTrie.edge(node, token.id, token.spaceBefore))
        }
        return found
    }
}
