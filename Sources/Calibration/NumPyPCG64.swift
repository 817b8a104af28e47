/// numpy's default generator, bit for bit: `numpy.random.default_rng(seed)` =
/// `Generator(PCG64(SeedSequence(seed)))`, with `Generator.integers(0, n, size=k)` (int64).
///
/// Used by `Bootstrap` when the caller asks for `BootstrapGenerator.numpyPCG64`, so that a
/// bootstrap written against numpy (e.g. the reference intervals of calibration_reference.json:
/// `rng = default_rng(12345)`, one `rng.integers(0, n, n)` per replicate) draws the same rows.
///
/// Algorithms (numpy ≥ 1.17 documentation and source, `numpy/random`):
/// - Seeding, `SeedSequence` (bit_generator.pyx): the seed integer as little-endian 32-bit words
///   is hashed into a pool of 4 words (hashmix: v ^= h; h *= 0x931e8875; v *= h; v ^= v >> 16,
///   h starting at 0x43b0d7e5; mix(x, y) = (0xca01f9dd·x − 0x4973f715·y) ^ (· >> 16), every word
///   into every other word); `generate_state(4, uint64)` hashes the pool cyclically into 8 words
///   (the same hash with h starting at 0x8b51f9dd and multiplier 0x58f38ded), read as 4
///   little-endian uint64 v0…v3.
/// - PCG64 (O'Neill 2014, "PCG: A family of simple fast space-efficient statistically good
///   algorithms for random number generation", HMC-CS-2014-0905; numpy pcg64.h): 128-bit LCG
///   s ← s·M + c with M = 0x2360ed051fc65da44385df649fccf645, c = 2·(v2·2⁶⁴ + v3) + 1, seeded by
///   s = 0, step, s += v0·2⁶⁴ + v1, step. Output (XSL-RR): step, then
///   rotr64(hi(s) ^ lo(s), s >> 122).
/// - 32-bit draws: one 64-bit output serves two calls, low half first, the high half buffered in
///   the generator state (so it carries across `integers` calls).
/// - `integers(0, n)`, range r = n − 1 (distributions.c `random_bounded_uint64_fill`, unmasked):
///   r = 0 → 0 without drawing; r < 2³² − 1 → Lemire (2019) on 32-bit draws: m = x·(r+1),
///   reject while lo32(m) < (2³² − 1 − r) mod (r + 1), result hi32(m); r = 2³² − 1 → a 32-bit
///   draw; r < 2⁶⁴ − 1 → the same on 64-bit draws with 128-bit products.
///
/// Verified against numpy 2.4.6 (Tests/CalibrationTests/Reference/make_pcg64_reference.py).
public struct NumPyPCG64: Sendable, Equatable {
    /// LCG state s (128 bits).
    public private(set) var state: UInt128
    /// LCG increment c (odd).
    public let increment: UInt128
    /// The buffered upper half of the last 64-bit output, if a 32-bit draw left one.
    private var buffered: UInt32?

    /// PCG's default 128-bit multiplier.
    static let multiplier: UInt128 = (UInt128(0x2360_ED05_1FC6_5DA4) << 64) | UInt128(0x4385_DF64_9FCC_F645)

    /// `default_rng(seed)` for a non-negative integer seed.
    public init(seed: UInt64) {
        let lo = UInt32(truncatingIfNeeded: seed)
        let hi = UInt32(truncatingIfNeeded: seed >> 32)
        self.init(entropy: hi == 0 ? [lo] : [lo, hi])
    }

    /// `default_rng(SeedSequence(entropy))` for an entropy integer given as little-endian 32-bit
    /// words (numpy's coercion of a Python int: the fewest words, `[0]` for 0).
    public init(entropy: [UInt32]) {
        let v = Self.seedSequenceState(entropy: entropy)
        let s = (UInt128(v[0]) << 64) | UInt128(v[1])
        let i = (UInt128(v[2]) << 64) | UInt128(v[3])
        self.init(seedState: s, sequence: i)
    }

    /// numpy `pcg64_set_seed`: state 0, increment 2·sequence + 1, step, add `seedState`, step.
    public init(seedState: UInt128, sequence: UInt128) {
        increment = (sequence << 1) | 1
        state = 0
        state = state &* Self.multiplier &+ increment
        state = state &+ seedState
        state = state &* Self.multiplier &+ increment
    }

    /// `SeedSequence(entropy).generate_state(4, np.uint64)` (pool size 4, no spawn key).
    static func seedSequenceState(entropy: [UInt32]) -> [UInt64] {
        var hashConst: UInt32 = 0x43B0_D7E5
        func hashmix(_ value: UInt32) -> UInt32 {
            var v = value ^ hashConst
            hashConst = hashConst &* 0x931E_8875
            v = v &* hashConst
            return v ^ (v >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let r = 0xCA01_F9DD &* x &- 0x4973_F715 &* y
            return r ^ (r >> 16)
        }
        var pool = [UInt32](repeating: 0, count: 4)
        for i in 0..<4 { pool[i] = hashmix(i < entropy.count ? entropy[i] : 0) }
        for src in 0..<4 {
            for dst in 0..<4 where src != dst { pool[dst] = mix(pool[dst], hashmix(pool[src])) }
        }
        for src in 4..<max(4, entropy.count) {
            for dst in 0..<4 { pool[dst] = mix(pool[dst], hashmix(entropy[src])) }
        }
        var h: UInt32 = 0x8B51_F9DD
        var words = [UInt32](repeating: 0, count: 8)
        for i in 0..<8 {
            var v = pool[i % 4] ^ h
            h = h &* 0x58F3_8DED
            v = v &* h
            words[i] = v ^ (v >> 16)
        }
        return (0..<4).map { UInt64(words[2 * $0]) | (UInt64(words[2 * $0 + 1]) << 32) }
    }

    /// The next 64-bit output (`bit_generator.random_raw()`).
    public mutating func next() -> UInt64 {
        state = state &* Self.multiplier &+ increment
        let x = UInt64(truncatingIfNeeded: state >> 64) ^ UInt64(truncatingIfNeeded: state)
        let rot = UInt64(truncatingIfNeeded: state >> 122)
        return (x >> rot) | (x << ((64 &- rot) & 63))
    }

    /// The next 32-bit output: the low half of a fresh 64-bit output, then its buffered high half.
    public mutating func next32() -> UInt32 {
        if let b = buffered {
            buffered = nil
            return b
        }
        let x = next()
        buffered = UInt32(truncatingIfNeeded: x >> 32)
        return UInt32(truncatingIfNeeded: x)
    }

    /// One draw uniform on 0…range (inclusive), numpy's unmasked bounded path.
    public mutating func bounded(_ range: UInt64) -> UInt64 {
        if range == 0 { return 0 }
        if range < 0xFFFF_FFFF {
            let r = UInt32(range)
            let excl = r + 1
            var m = UInt64(next32()) &* UInt64(excl)
            var leftover = UInt32(truncatingIfNeeded: m)
            if leftover < excl {
                let threshold = (UInt32.max - r) % excl
                while leftover < threshold {
                    m = UInt64(next32()) &* UInt64(excl)
                    leftover = UInt32(truncatingIfNeeded: m)
                }
            }
            return m >> 32
        }
        if range == 0xFFFF_FFFF { return UInt64(next32()) }
        if range == UInt64.max { return next() }
        let excl = range + 1
        var m = next().multipliedFullWidth(by: excl)
        if m.low < excl {
            let threshold = (UInt64.max - range) % excl
            while m.low < threshold { m = next().multipliedFullWidth(by: excl) }
        }
        return m.high
    }

    /// `Generator.integers(0, n, size=count)` with int64 output; n ≥ 1.
    public mutating func integers(below n: Int, count: Int) -> [Int] {
        let range = UInt64(max(n, 1) - 1)
        var out = [Int](repeating: 0, count: max(count, 0))
        for i in out.indices { out[i] = Int(bounded(range)) }
        return out
    }
}
