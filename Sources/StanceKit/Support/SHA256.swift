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
    /// - Complexity: O(n), about 2,600 instructions per 64-byte block on x86-64; whole blocks
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
    public static func hex(of text: String) -> String {
        var text = text
        return text.withUTF8 { hex(of: UnsafeRawBufferPointer($0)) }
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex(of bytes: UnsafeRawBufferPointer) -> String {
        let h = state(of: bytes)
        return String(unsafeUninitializedCapacity: 64) { out in
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

    /// The hash state after all of `input` and its padding.
    private static func state(of input: UnsafeRawBufferPointer) -> State {
        var h: State = (
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
        )
        let count = input.count
        let fullBlocks = count / 64
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
                let rest = count - fullBlocks * 64
                if rest > 0 { tail.copyMemory(from: input.baseAddress! + fullBlocks * 64, byteCount: rest) }
                tail.storeBytes(of: 0x80, toByteOffset: rest, as: UInt8.self)
                let padded = rest < 56 ? 64 : 128
                (tail + rest + 1).initializeMemory(as: UInt8.self, repeating: 0, count: padded - rest - 9)
                tail.storeBytes(of: (UInt64(count) &* 8).bigEndian, toByteOffset: padded - 8, as: UInt64.self)
                compress(tail, &h, w, k)
                if padded == 128 { compress(tail + 64, &h, w, k) }
            }
        }
        return h
    }

    /// One 64-byte block of the compression function: the message schedule into `w`, then 64
    /// rounds unrolled eight at a time, the eight working words changing roles instead of places.
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
        var (a, b, c, d, e, f, g, hh) = h
        var t = 0
        while t < 64 {
            round(a, b, c, &d, e, f, g, &hh, k[t] &+ w[t])
            round(hh, a, b, &c, d, e, f, &g, k[t &+ 1] &+ w[t &+ 1])
            round(g, hh, a, &b, c, d, e, &f, k[t &+ 2] &+ w[t &+ 2])
            round(f, g, hh, &a, b, c, d, &e, k[t &+ 3] &+ w[t &+ 3])
            round(e, f, g, &hh, a, b, c, &d, k[t &+ 4] &+ w[t &+ 4])
            round(d, e, f, &g, hh, a, b, &c, k[t &+ 5] &+ w[t &+ 5])
            round(c, d, e, &f, g, hh, a, &b, k[t &+ 6] &+ w[t &+ 6])
            round(b, c, d, &e, f, g, hh, &a, k[t &+ 7] &+ w[t &+ 7])
            t &+= 8
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
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
}
