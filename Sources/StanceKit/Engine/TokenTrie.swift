/// A trie over token ids whose transitions live in one hash table keyed by (node, token id,
/// whether whitespace precedes the token). Each terminal node holds a list of payloads.
///
/// Built once; read-only afterwards and shared by every worker. A class, so that walking it
/// never copies (and retains) its arrays.
final class TokenTrie: Sendable {
    private let transitions: TransitionTable
    /// For each node: the start of its payloads in `payloads`, and how many.
    private let terminalStart: [Int32]
    private let terminalCount: [UInt16]
    private let payloads: [Int32]

    /// The number of nodes.
    var nodeCount: Int { terminalStart.count }

    /// Builds a trie from token-key sequences and their payloads.
    /// - Complexity: O(total tokens).
    init(entries: [(keys: [(id: Int32, spaceBefore: Bool)], payload: Int32)]) {
        var transitions = TransitionTable()
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
                }
                node = child
            }
            nodePayloads[Int(node)].append(entry.payload)
        }
        var terminalStart = [Int32](repeating: 0, count: nodePayloads.count)
        var terminalCount = [UInt16](repeating: 0, count: nodePayloads.count)
        var payloads: [Int32] = []
        for (node, list) in nodePayloads.enumerated() {
            terminalStart[node] = Int32(payloads.count)
            let kept = list.prefix(Int(UInt16.max))
            terminalCount[node] = UInt16(kept.count)
            payloads.append(contentsOf: kept)
        }
        self.transitions = transitions
        self.terminalStart = terminalStart
        self.terminalCount = terminalCount
        self.payloads = payloads
        self.nodePayloadLists = nodePayloads.map { $0.count > 1 ? $0 : [] }
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
        return payloads[start..<(start + Int(terminalCount[Int(node)]))]
    }

    /// Every terminal node reached from token `start`, nearest first, with the index of its last token.
    /// - Complexity: O(L) for the longest entry L, in tokens.
    @inline(__always)
    func matches(from start: Int, tokens: [Token], ids: [Int32], into ends: inout [(token: Int, node: Int32)]) {
        ends.removeAll(keepingCapacity: true)
        let first = ids[start]
        if first < 0 { return }
        var node = transitions.value(for: TokenTrie.edge(0, first, false))
        var j = start
        while node >= 0 {
            if terminalCount[Int(node)] > 0 { ends.append((j, node)) }
            j += 1
            guard j < tokens.count, ids[j] >= 0 else { break }
            node = transitions.value(for: TokenTrie.edge(node, ids[j], tokens[j].spaceBefore))
        }
    }
}
