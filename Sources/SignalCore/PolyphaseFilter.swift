import Synchronization

/// The anti-aliasing filter of `Resample.poly` for one reduced rate pair up/down, split into its
/// polyphase branches (Crochiere & Rabiner 1983, ch. 4), with scipy `resample_poly`'s alignment.
///
/// Design (scipy defaults): L = 10·max(up, down), h = up·firwin(2L+1, 1/max(up, down), kaiser β),
/// preceded by p = down − (L mod down) zeros (scipy's pre-padding), giving h′ of length N = p+2L+1.
/// Branch φ (φ = 0…up−1) holds h′[φ], h′[φ+up], …, ⌈(N − φ)/up⌉ taps, stored reversed and
/// contiguously, led by zeros that round its length K_φ up to a multiple of 4 (the dot products
/// then need no scalar tail; a zero tap adds an exact 0): g_φ[r] = h′[φ + (K_φ−1−r)·up], with h′
/// zero at negative indices.
///
/// Application: output m (after scipy drops the first R = (L + p)/down outputs of upfirdn) has
/// i = (m + R)·down, φ = i mod up, j₀ = (i − φ)/up, and
/// y_m = Σ_r g_φ[r]·x[j₀ − K_φ + 1 + r] over the r with 0 ≤ j₀ − K_φ + 1 + r < n (x is zero
/// outside, scipy's `padtype="constant"`): one contiguous dot product per output sample.
///
/// Filters are immutable; `shared(up:down:beta:)` designs each one once per process (a
/// `Mutex`-protected dictionary, like the FFT plan cache).
struct PolyphaseFilter: Sendable {
    let up: Int
    let down: Int
    /// The branches back to back: branch φ is `taps[offsets[φ]..<offsets[φ + 1]]`.
    let taps: [Double]
    /// `up + 1` branch boundaries into `taps`.
    let offsets: [Int]
    /// Leading outputs of upfirdn that scipy removes (R above).
    let preRemove: Int

    /// Designs the filter for a reduced ratio (gcd(up, down) = 1, up, down ≥ 1) and Kaiser `beta`.
    init(up: Int, down: Int, beta: Double) {
        self.up = up
        self.down = down
        let maxRate = max(up, down)
        let halfLen = 10 * maxRate
        let h = Resample.firwinKaiser(taps: 2 * halfLen + 1, cutoff: 1 / Double(maxRate), beta: beta)
        let prePad = down - halfLen % down
        preRemove = (halfLen + prePad) / down
        let padded = prePad + h.count
        var taps = [Double]()
        taps.reserveCapacity(padded + 3 * up)
        var offsets = [0]
        offsets.reserveCapacity(up + 1)
        for phase in 0..<up {
            let used = phase < padded ? (padded - phase + up - 1) / up : 0
            let k = (used + 3) / 4 * 4
            for r in 0..<k {
                let t = phase + (k - 1 - r) * up - prePad
                taps.append(t >= 0 && t < h.count ? h[t] * Double(up) : 0)
            }
            offsets.append(taps.count)
        }
        self.taps = taps
        self.offsets = offsets
    }

    /// Writes the `outputCount` resampled values of `x[0..<count]` to `y` (definition above).
    func apply(
        _ x: UnsafePointer<Double>, count n: Int, into y: UnsafeMutablePointer<Double>, outputCount: Int
    ) {
        taps.withUnsafeBufferPointer { tp in
            offsets.withUnsafeBufferPointer { op in
                let t = tp.baseAddress!
                let start = preRemove * down
                var phase = start % up
                var j0 = start / up
                let stepQuotient = down / up
                let stepRemainder = down % up
                for m in 0..<outputCount {
                    let first = op[phase]
                    let k = op[phase + 1] - first
                    let base = j0 - k + 1
                    let lo = max(0, -base)
                    let hi = min(k, n - base)
                    y[m] = hi > lo ? Self.dot(t + (first &+ lo), x + (base &+ lo), hi &- lo) : 0
                    // i += down: advance (j₀, φ) with i = up·j₀ + φ
                    phase += stepRemainder
                    j0 += stepQuotient
                    if phase >= up {
                        phase -= up
                        j0 += 1
                    }
                }
            }
        }
    }

    /// Σ_{r<count} a[r]·b[r] with eight lanes (two four-lane accumulators), then a scalar tail
    /// (only where the input edge clips a branch: branch lengths are multiples of 4).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        let stride = MemoryLayout<Double>.stride
        var acc0 = SIMD4<Double>()
        var acc1 = SIMD4<Double>()
        var r = 0
        while r &+ 8 <= count {
            let o = r &* stride
            acc0 +=
                ra.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            acc1 +=
                ra.loadUnaligned(fromByteOffset: o &+ 4 &* stride, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: o &+ 4 &* stride, as: SIMD4<Double>.self)
            r &+= 8
        }
        if r &+ 4 <= count {
            let o = r &* stride
            acc0 +=
                ra.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            r &+= 4
        }
        let acc = acc0 + acc1
        var sum = (acc[0] + acc[1]) + (acc[2] + acc[3])
        while r < count {
            sum += a[r] * b[r]
            r &+= 1
        }
        return sum
    }

    // MARK: process-wide cache

    private struct Key: Hashable {
        let up: Int
        let down: Int
        let betaBits: UInt64
    }

    /// Cached filters and their total tap count (the cache is emptied beyond `cacheTapLimit`).
    private static let cache = Mutex<(filters: [Key: PolyphaseFilter], taps: Int)>(([:], 0))
    /// 4 Mi taps (32 MiB): far above the audio and physiology rate pairs in use (≤ 10 000 taps each).
    static let cacheTapLimit = 1 << 22

    /// The filter for a reduced ratio, designed on first use and cached for the process.
    static func shared(up: Int, down: Int, beta: Double = 5.0) -> PolyphaseFilter {
        let key = Key(up: up, down: down, betaBits: beta.bitPattern)
        if let hit = cache.withLock({ $0.filters[key] }) { return hit }
        let made = PolyphaseFilter(up: up, down: down, beta: beta)
        return cache.withLock { c in
            if let hit = c.filters[key] { return hit }
            if c.taps + made.taps.count > cacheTapLimit {
                c.filters.removeAll()
                c.taps = 0
            }
            c.filters[key] = made
            c.taps += made.taps.count
            return made
        }
    }
}
