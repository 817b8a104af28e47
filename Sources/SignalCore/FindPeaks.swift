import Foundation

/// Conditions for `Peaks.find`, each optional, with `scipy.signal.find_peaks` semantics.
public struct PeakCriteria: Sendable, Equatable, Codable {
    /// Peak height range [min, max] in signal units.
    public var height: ClosedRange<Double>?
    /// Vertical distance to both direct neighbours, [min, max].
    public var threshold: ClosedRange<Double>?
    /// Minimal horizontal distance between peaks in samples (≥ 1; rounded up). Smaller peaks are
    /// removed first until all remaining peaks are at least this far apart.
    public var distance: Double?
    /// Prominence range [min, max].
    public var prominence: ClosedRange<Double>?
    /// Width range [min, max] in samples, measured at `relativeHeight` of the prominence.
    public var width: ClosedRange<Double>?
    /// Window length in samples for prominence (limits the search for bases; nil = whole signal).
    public var windowLength: Double?
    /// Relative height at which width is measured (0.5 = half prominence).
    public var relativeHeight: Double

    public init(
        height: ClosedRange<Double>? = nil, threshold: ClosedRange<Double>? = nil, distance: Double? = nil,
        prominence: ClosedRange<Double>? = nil, width: ClosedRange<Double>? = nil,
        windowLength: Double? = nil, relativeHeight: Double = 0.5
    ) {
        self.height = height
        self.threshold = threshold
        self.distance = distance
        self.prominence = prominence
        self.width = width
        self.windowLength = windowLength
        self.relativeHeight = relativeHeight
    }

    /// Lower bound only: `x...` as a closed range up to +∞.
    public static func atLeast(_ x: Double) -> ClosedRange<Double> { x...Double.infinity }
}

/// Peaks found and their properties (arrays parallel to `indices`; property arrays are empty when
/// the property was not needed).
public struct PeakResult: Sendable, Equatable {
    public var indices: [Int]
    public var prominences: [Double] = []
    public var leftBases: [Int] = []
    public var rightBases: [Int] = []
    public var widths: [Double] = []
    public var widthHeights: [Double] = []
    public var leftIPs: [Double] = []
    public var rightIPs: [Double] = []
}

/// Local-maximum peak finding with the definitions of `scipy.signal.find_peaks` (SciPy 1.x):
/// a peak is a sample greater than its left neighbour and greater than the first differing sample
/// to its right (flat tops give their midpoint, rounded down); conditions are applied in scipy's
/// order: height, threshold, distance, prominence, width.
///
/// Prominence (Topographic prominence): x_peak − max(min over the left interval, min over the right
/// interval), each interval extending until a higher sample or the window edge. Width: distance
/// between the linearly interpolated crossings of x_peak − prominence·relativeHeight, bounded by the bases.
public enum Peaks {
    public static func find(_ x: [Double], _ c: PeakCriteria = PeakCriteria()) throws(SignalError) -> PeakResult {
        try requireFinite(x, what: "peak-finding input")
        if let d = c.distance, !(d >= 1) {
            throw .invalidParameter(name: "peak distance", value: "\(d)", expected: "≥ 1 sample")
        }
        if let w = c.windowLength, !(w > 1) {
            throw .invalidParameter(name: "prominence window length", value: "\(w)", expected: "> 1 sample")
        }
        guard c.relativeHeight >= 0 else {
            throw .invalidParameter(name: "relative height", value: "\(c.relativeHeight)", expected: "≥ 0")
        }
        var peaks = localMaxima(x)
        if let h = c.height { peaks = peaks.filter { h.contains(x[$0]) } }
        if let t = c.threshold {
            peaks = peaks.filter { t.contains(x[$0] - x[$0 - 1]) && t.contains(x[$0] - x[$0 + 1]) }
        }
        if let d = c.distance { peaks = selectByDistance(peaks, x: x, distance: Int(d.rounded(.up))) }
        var result = PeakResult(indices: peaks)
        if c.prominence != nil || c.width != nil {
            let wlen = c.windowLength.map { Int($0.rounded(.up)) } ?? -1
            var proms = prominences(x, peaks: peaks, wlen: wlen)
            if let p = c.prominence {
                let keep = proms.value.indices.filter { p.contains(proms.value[$0]) }
                peaks = keep.map { peaks[$0] }
                proms = (keep.map { proms.value[$0] }, keep.map { proms.left[$0] }, keep.map { proms.right[$0] })
            }
            result = PeakResult(
                indices: peaks, prominences: proms.value, leftBases: proms.left, rightBases: proms.right)
            if let wr = c.width {
                let w = widths(
                    x, peaks: peaks, relHeight: c.relativeHeight, prominences: proms.value,
                    leftBases: proms.left, rightBases: proms.right)
                let keep = w.width.indices.filter { wr.contains(w.width[$0]) }
                result = PeakResult(
                    indices: keep.map { peaks[$0] }, prominences: keep.map { proms.value[$0] },
                    leftBases: keep.map { proms.left[$0] }, rightBases: keep.map { proms.right[$0] },
                    widths: keep.map { w.width[$0] }, widthHeights: keep.map { w.height[$0] },
                    leftIPs: keep.map { w.left[$0] }, rightIPs: keep.map { w.right[$0] })
            }
        }
        return result
    }

    /// Indices of local maxima; plateaus give their midpoint (⌊(left + right)/2⌋).
    public static func localMaxima(_ x: [Double]) -> [Int] {
        var out: [Int] = []
        guard x.count >= 3 else { return out }
        var i = 1
        let iMax = x.count - 1
        while i < iMax {
            if x[i - 1] < x[i] {
                var ahead = i + 1
                while ahead < iMax && x[ahead] == x[i] { ahead += 1 }
                if x[ahead] < x[i] {
                    out.append((i + ahead - 1) / 2)
                    i = ahead
                }
            }
            i += 1
        }
        return out
    }

    /// Keeps the highest peaks first and removes any peak closer than `distance` to a kept one.
    static func selectByDistance(_ peaks: [Int], x: [Double], distance: Int) -> [Int] {
        let n = peaks.count
        var keep = [Bool](repeating: true, count: n)
        // Ascending priority, ties by position (stable), processed from the highest.
        let order = (0..<n).sorted { (x[peaks[$0]], $0) < (x[peaks[$1]], $1) }
        for j in order.reversed() where keep[j] {
            var k = j - 1
            while k >= 0 && peaks[j] - peaks[k] < distance {
                keep[k] = false
                k -= 1
            }
            k = j + 1
            while k < n && peaks[k] - peaks[j] < distance {
                keep[k] = false
                k += 1
            }
        }
        return (0..<n).filter { keep[$0] }.map { peaks[$0] }
    }

    /// Prominence and bases of each peak (scipy `peak_prominences`); `wlen` < 2 means no window.
    public static func prominences(_ x: [Double], peaks: [Int], wlen: Int = -1)
        -> (value: [Double], left: [Int], right: [Int])
    {
        var value = [Double]()
        var lefts = [Int]()
        var rights = [Int]()
        for peak in peaks {
            var iMin = 0
            var iMax = x.count - 1
            if wlen >= 2 {
                iMin = max(peak - wlen / 2, 0)
                iMax = min(peak + wlen / 2, x.count - 1)
            }
            var i = peak
            var leftBase = peak
            var leftMin = x[peak]
            while iMin <= i && x[i] <= x[peak] {
                if x[i] < leftMin {
                    leftMin = x[i]
                    leftBase = i
                }
                i -= 1
            }
            i = peak
            var rightBase = peak
            var rightMin = x[peak]
            while i <= iMax && x[i] <= x[peak] {
                if x[i] < rightMin {
                    rightMin = x[i]
                    rightBase = i
                }
                i += 1
            }
            value.append(x[peak] - max(leftMin, rightMin))
            lefts.append(leftBase)
            rights.append(rightBase)
        }
        return (value, lefts, rights)
    }

    /// Widths at `relHeight` of the prominence (scipy `peak_widths`), with interpolated crossings.
    public static func widths(
        _ x: [Double], peaks: [Int], relHeight: Double, prominences: [Double],
        leftBases: [Int], rightBases: [Int]
    )
        -> (width: [Double], height: [Double], left: [Double], right: [Double])
    {
        var w = [Double]()
        var hs = [Double]()
        var ls = [Double]()
        var rs = [Double]()
        for (p, peak) in peaks.enumerated() {
            let height = x[peak] - prominences[p] * relHeight
            var i = peak
            while leftBases[p] < i && height < x[i] { i -= 1 }
            var left = Double(i)
            if x[i] < height { left += (height - x[i]) / (x[i + 1] - x[i]) }
            i = peak
            while i < rightBases[p] && height < x[i] { i += 1 }
            var right = Double(i)
            if x[i] < height { right -= (height - x[i]) / (x[i - 1] - x[i]) }
            w.append(right - left)
            hs.append(height)
            ls.append(left)
            rs.append(right)
        }
        return (w, hs, ls, rs)
    }
}
