/// SHA-256 (FIPS 180-4), in pure Swift so the core needs no C library.
public enum SHA256 {
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// The eight working words of the hash state.
    private typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    /// The 32-byte digest of `bytes`.
    /// - Complexity: O(n), about 3,000 instructions per 64-byte block on x86-64; whole blocks
    ///   are hashed in place, only the tail is copied (to a 128-byte scratch buffer on the stack).
    public static func digest(of bytes: [UInt8]) -> [UInt8] {
        let h = bytes.withUnsafeBytes { state(of: $0) }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
            out.append(UInt8(word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex(of bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex(of: $0) }
    }

    /// The digest of the UTF-8 of `text` as 64 lowercase hex digits, hashed in place (no copy
    /// of the text).
    package static func hex(of text: String) -> String {
        var text = text
        return text.withUTF8 { hex(of: UnsafeRawBufferPointer($0)) }
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    package static func hex(of bytes: UnsafeRawBufferPointer) -> String {
        hex(state(of: bytes))
    }

    /// The digests of the UTF-8 of several texts, as 64 lowercase hex digits each, in the order of
    /// `texts`; hashed in place (no copy of a native text) four messages at a time (see
    /// ``hex(ofMessages:)``).
    /// - Complexity: O(total bytes), about 1,500 instructions per 64-byte block on x86-64 once
    ///   there are four texts or more, against about 3,000 for ``hex(of:)-(String)`` one by one
    ///   (measured over the Reuters texts in groups of 64).
    package static func hex(of texts: [String]) -> [String] {
        // Groups of 64: `withUTF8(of:into:_:)` nests one call a text, so the stack stays small
        // however many texts there are.
        var digests: [String] = []
        digests.reserveCapacity(texts.count)
        var start = texts.startIndex
        while start < texts.endIndex {
            let end = min(start + 64, texts.endIndex)
            var buffers: [UnsafeRawBufferPointer] = []
            buffers.reserveCapacity(end - start)
            digests += withUTF8(of: texts[start..<end], into: &buffers) { hex(ofMessages: $0) }
            start = end
        }
        return digests
    }

    /// Calls `body` with the UTF-8 of every text in `texts` after the buffers already in
    /// `buffers`: each text's storage is held for the whole call, one nested `withUTF8` a text.
    private static func withUTF8<R>(
        of texts: ArraySlice<String>, into buffers: inout [UnsafeRawBufferPointer],
        _ body: ([UnsafeRawBufferPointer]) -> R
    ) -> R {
        guard var text = texts.first else { return body(buffers) }
        return text.withUTF8 { utf8 in
            buffers.append(UnsafeRawBufferPointer(utf8))
            return withUTF8(of: texts.dropFirst(), into: &buffers, body)
        }
    }

    /// The digests of several messages, as 64 lowercase hex digits each, in the order given.
    ///
    /// Four messages go through the compression function at once, one in each lane of
    /// `SIMD4<UInt32>` words (SSE2 on baseline x86-64); a lane whose message is done takes the
    /// next one, longest messages first, so lanes stay busy until the last few blocks, which a
    /// lone remaining lane finishes with the scalar code.
    /// - Complexity: O(total bytes): about 5,600 instructions per step of four 64-byte blocks
    ///   (1,950 of them the message schedule), plus about 3,000 a block a lone lane finishes.
    package static func hex(ofMessages messages: [UnsafeRawBufferPointer]) -> [String] {
        states(of: messages).map { hex($0) }
    }

    /// The 64 lowercase hex digits of a final hash state.
    private static func hex(_ h: State) -> String {
        String(unsafeUninitializedCapacity: 64) { out in
            let digits: StaticString = "0123456789abcdef"
            var i = 0
            for word in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
                for shift in stride(from: 28, through: 0, by: -4) {
                    out[i] = digits.utf8Start[Int((word >> UInt32(shift)) & 0xF)]
                    i += 1
                }
            }
            return 64
        }
    }

    private static let initial: State = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )

    /// Each round constant in all four lanes.
    private static let k4: [SIMD4<UInt32>] = k.map { SIMD4(repeating: $0) }

    /// The final hash states of `messages`, in order, four at a time in SIMD lanes.
    private static func states(of messages: [UnsafeRawBufferPointer]) -> [State] {
        var result = [State](repeating: initial, count: messages.count)
        guard messages.count > 1 else {
            for index in messages.indices { result[index] = state(of: messages[index]) }
            return result
        }
        // Longest first: the lanes run out of work at about the same time.
        let order = messages.indices.sorted { messages[$0].count > messages[$1].count }
        k.withUnsafeBufferPointer { constants in
            k4.withUnsafeBufferPointer { constants4 in
                // 64 schedule words, then each lane's padded tail (128 bytes = 8 vectors a lane).
                withUnsafeTemporaryAllocation(of: SIMD4<UInt32>.self, capacity: 64 + 32) { scratch in
                    let w = scratch.baseAddress!
                    let tails = UnsafeMutableRawPointer(w + 64)
                    /// Per lane: the message (-1 for none), the next block and the block count
                    /// with padding, and the whole blocks in the message itself.
                    var lane: [(message: Int, block: Int, blocks: Int, whole: Int)] = Array(
                        repeating: (-1, 0, 0, 0), count: 4)
                    var v = Vector8(initial)
                    var next = 0
                    var active = 0
                    /// Starts message `order[next]` in lane `l`: the initial state and its padded tail.
                    func start(_ l: Int) {
                        guard next < order.count else {
                            lane[l].message = -1
                            active -= 1
                            return
                        }
                        let index = order[next]
                        next += 1
                        let input = messages[index]
                        let whole = input.count / 64
                        let blocks = whole + pad(input, into: tails + l &* 128)
                        lane[l] = (index, 0, blocks, whole)
                        v.set(lane: l, to: initial)
                    }
                    /// Where lane `l`'s next block is: in the message or in its tail (anything
                    /// readable when the lane is idle).
                    func block(_ l: Int) -> UnsafeRawPointer {
                        let (index, block, _, whole) = lane[l]
                        guard index >= 0, block < whole else {
                            return UnsafeRawPointer(tails + l &* 128 + (index < 0 ? 0 : (block &- whole) &* 64))
                        }
                        return messages[index].baseAddress! + block &* 64
                    }
                    for l in 0..<4 {
                        active += 1
                        start(l)
                    }
                    while active > 1 {
                        compress4(block(0), block(1), block(2), block(3), &v, w, constants4.baseAddress!)
                        for l in 0..<4 where lane[l].message >= 0 {
                            lane[l].block += 1
                            if lane[l].block == lane[l].blocks {
                                result[lane[l].message] = v.state(lane: l)
                                start(l)
                            }
                        }
                    }
                    // The last lane at work, if any, alone.
                    for l in 0..<4 where lane[l].message >= 0 {
                        var h = v.state(lane: l)
                        let scalar = UnsafeMutableRawPointer(w).assumingMemoryBound(to: UInt32.self)
                        while lane[l].block < lane[l].blocks {
                            compress(block(l), &h, scalar, constants.baseAddress!)
                            lane[l].block += 1
                        }
                        result[lane[l].message] = h
                    }
                }
            }
        }
        return result
    }

    /// Writes the last part of `input` (after its whole blocks) with its padding to `tail`, which
    /// has room for 128 bytes.
    /// - Returns: the padded tail's blocks, 1 or 2.
    private static func pad(_ input: UnsafeRawBufferPointer, into tail: UnsafeMutableRawPointer) -> Int {
        let count = input.count
        let rest = count % 64
        if rest > 0 { tail.copyMemory(from: input.baseAddress! + (count - rest), byteCount: rest) }
        tail.storeBytes(of: 0x80, toByteOffset: rest, as: UInt8.self)
        let padded = rest < 56 ? 64 : 128
        (tail + rest + 1).initializeMemory(as: UInt8.self, repeating: 0, count: padded - rest - 9)
        tail.storeBytes(of: (UInt64(count) &* 8).bigEndian, toByteOffset: padded - 8, as: UInt64.self)
        return padded / 64
    }

    /// The hash state after all of `input` and its padding.
    private static func state(of input: UnsafeRawBufferPointer) -> State {
        var h = initial
        let fullBlocks = input.count / 64
        k.withUnsafeBufferPointer { constants in
            // 64 words of message schedule, then 128 bytes for the padded tail.
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64 + 32) { scratch in
                let w = scratch.baseAddress!
                let k = constants.baseAddress!
                for block in 0..<fullBlocks {
                    compress(input.baseAddress! + block &* 64, &h, w, k)
                }
                // Padding: the tail, 0x80, zeros, and the length in bits, in one or two blocks.
                let tail = UnsafeMutableRawPointer(w + 64)
                let padded = pad(input, into: tail)
                compress(tail, &h, w, k)
                if padded == 2 { compress(tail + 64, &h, w, k) }
            }
        }
        return h
    }

    /// One 64-byte block of the compression function: the message schedule into `w`, then the 64
    /// rounds (``rounds(_:_:)``).
    ///
    /// Each Σ and σ is written with two rotations nested instead of three side by side (x86-64
    /// without BMI2 needs a copy before each rotation), and Maj as `((a ^ b) & (b ^ c)) ^ b`,
    /// whose `b ^ c` is the previous round's `a ^ b`: about 28 instructions a round.
    @inline(__always)
    private static func compress(
        _ m: UnsafeRawPointer, _ h: inout State, _ w: UnsafeMutablePointer<UInt32>, _ k: UnsafePointer<UInt32>
    ) {
        for t in 0..<16 {
            w[t] = UInt32(bigEndian: m.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
        }
        for t in 16..<64 {
            let w15 = w[t &- 15]
            let w2 = w[t &- 2]
            let s0 = rotr(w15 ^ rotr(w15, 11), 7) ^ (w15 &>> 3)
            let s1 = rotr(w2 ^ rotr(w2, 2), 17) ^ (w2 &>> 10)
            w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
        }
        let (a, b, c, d, e, f, g, hh) = rounds(h) { round($0, $1, $2, &$3, $4, $5, $6, &$7, k[$8] &+ w[$8]) }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
    }

    /// The 64 rounds on the working words `s`, unrolled eight at a time, the words changing roles
    /// instead of places: `round(a, b, c, &d, e, f, g, &h, t)` does round `t` with the words in
    /// those roles. Inlined with its closure, for one lane (`UInt32`) or four (`SIMD4<UInt32>`).
    @inline(__always)
    private static func rounds<W>(
        _ s: (W, W, W, W, W, W, W, W), _ round: (W, W, W, inout W, W, W, W, inout W, Int) -> Void
    ) -> (W, W, W, W, W, W, W, W) {
        var (a, b, c, d, e, f, g, hh) = s
        var t = 0
        while t < 64 {
            round(a, b, c, &d, e, f, g, &hh, t)
            round(hh, a, b, &c, d, e, f, &g, t &+ 1)
            round(g, hh, a, &b, c, d, e, &f, t &+ 2)
            round(f, g, hh, &a, b, c, d, &e, t &+ 3)
            round(e, f, g, &hh, a, b, c, &d, t &+ 4)
            round(d, e, f, &g, hh, a, b, &c, t &+ 5)
            round(c, d, e, &f, g, hh, a, &b, t &+ 6)
            round(b, c, d, &e, f, g, hh, &a, t &+ 7)
            t &+= 8
        }
        return (a, b, c, d, e, f, g, hh)
    }

    /// One round, written for the roles the words play in it: `d` gains `t1`, and `h` becomes
    /// the new `a`.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
        _ h: inout UInt32, _ kw: UInt32
    ) {
        let s1 = rotr(e ^ rotr(e ^ rotr(e, 14), 5), 6)  // rotr 6 ^ rotr 11 ^ rotr 25
        let ch = ((f ^ g) & e) ^ g
        let t1 = h &+ s1 &+ ch &+ kw
        let s0 = rotr(a ^ rotr(a ^ rotr(a, 9), 11), 2)  // rotr 2 ^ rotr 13 ^ rotr 22
        let maj = ((a ^ b) & (b ^ c)) ^ b
        d = d &+ t1
        h = t1 &+ s0 &+ maj
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// The eight working words of four hash states, lane `l` of each word for message `l`.
    private struct Vector8 {
        var a, b, c, d, e, f, g, h: SIMD4<UInt32>

        init(_ s: State) {
            (a, b, c, d) = (.init(repeating: s.0), .init(repeating: s.1), .init(repeating: s.2), .init(repeating: s.3))
            (e, f, g, h) = (.init(repeating: s.4), .init(repeating: s.5), .init(repeating: s.6), .init(repeating: s.7))
        }

        /// Lane `l` of the eight words.
        func state(lane l: Int) -> State { (a[l], b[l], c[l], d[l], e[l], f[l], g[l], h[l]) }

        mutating func set(lane l: Int, to s: State) {
            (a[l], b[l], c[l], d[l], e[l], f[l], g[l], h[l]) = s
        }
    }

    /// One 64-byte block of each of four messages (`m0` in lane 0, and so on), the same steps as
    /// ``compress(_:_:_:_:)`` on `SIMD4<UInt32>` words: each instruction works for four messages.
    /// Rotations are two shifts (SSE2 has no vector rotation), so each Σ is six shifts and five
    /// xors, about 16 instructions with the copies, for four lanes.
    @inline(__always)
    private static func compress4(
        _ m0: UnsafeRawPointer, _ m1: UnsafeRawPointer, _ m2: UnsafeRawPointer, _ m3: UnsafeRawPointer,
        _ v: inout Vector8, _ w: UnsafeMutablePointer<SIMD4<UInt32>>, _ k: UnsafePointer<SIMD4<UInt32>>
    ) {
        for t in 0..<16 {
            let offset = t &* 4
            w[t] = SIMD4(
                UInt32(bigEndian: m0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
                UInt32(bigEndian: m1.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
                UInt32(bigEndian: m2.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
                UInt32(bigEndian: m3.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }
        for t in 16..<64 {
            let w15 = w[t &- 15]
            let w2 = w[t &- 2]
            // σ0 = rotr 7 ^ rotr 18 ^ shr 3; σ1 = rotr 17 ^ rotr 19 ^ shr 10 (see round4 for the pairs)
            let s0 = ((w15 &>> 3) ^ (w15 &<< 25)) ^ ((w15 &>> 7) ^ (w15 &<< 14)) ^ (w15 &>> 18)
            let s1 = ((w2 &>> 10) ^ (w2 &<< 15)) ^ ((w2 &>> 17) ^ (w2 &<< 13)) ^ (w2 &>> 19)
            w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
        }
        let (a, b, c, d, e, f, g, hh) = rounds((v.a, v.b, v.c, v.d, v.e, v.f, v.g, v.h)) {
            round4($0, $1, $2, &$3, $4, $5, $6, &$7, k[$8] &+ w[$8])
        }
        v.a &+= a
        v.b &+= b
        v.c &+= c
        v.d &+= d
        v.e &+= e
        v.f &+= f
        v.g &+= g
        v.h &+= hh
    }

    /// ``round(_:_:_:_:_:_:_:_:_:)`` on four lanes.
    @inline(__always)
    private static func round4(
        _ a: SIMD4<UInt32>, _ b: SIMD4<UInt32>, _ c: SIMD4<UInt32>, _ d: inout SIMD4<UInt32>,
        _ e: SIMD4<UInt32>, _ f: SIMD4<UInt32>, _ g: SIMD4<UInt32>, _ h: inout SIMD4<UInt32>,
        _ kw: SIMD4<UInt32>
    ) {
        // Σ1 = rotr 6 ^ rotr 11 ^ rotr 25; Σ0 = rotr 2 ^ rotr 13 ^ rotr 22. Each pair xors a right
        // and a left shift of different rotations: LLVM turns the two halves of one rotation into
        // a vector rotate, which SSE2 lacks and it does lane by lane, and two right shifts side
        // by side into shuffles; paired this way, each shift is one psrld or pslld.
        let s1 = ((e &>> 6) ^ (e &<< 21)) ^ ((e &>> 11) ^ (e &<< 7)) ^ ((e &>> 25) ^ (e &<< 26))
        let ch = ((f ^ g) & e) ^ g
        let t1 = h &+ s1 &+ ch &+ kw
        let s0 = ((a &>> 2) ^ (a &<< 19)) ^ ((a &>> 13) ^ (a &<< 10)) ^ ((a &>> 22) ^ (a &<< 30))
        let maj = ((a ^ b) & (b ^ c)) ^ b
        d = d &+ t1
        h = t1 &+ s0 &+ maj
    }
}
