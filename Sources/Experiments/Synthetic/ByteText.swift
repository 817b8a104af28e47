/// A byte buffer for writing large CSV files quickly and deterministically: fixed-decimal numbers
/// are formatted with integer arithmetic (round half away from zero at the last decimal), so the
/// text never depends on the platform's printf.
struct ByteText {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func text(_ s: String) { bytes.append(contentsOf: s.utf8) }
    mutating func comma() { bytes.append(44) }
    mutating func newline() { bytes.append(10) }

    mutating func int(_ value: Int) {
        if value < 0 {
            bytes.append(45)
            uint(UInt64(-value))
        } else {
            uint(UInt64(value))
        }
    }

    private mutating func uint(_ value: UInt64) {
        var digits: [UInt8] = []
        var v = value
        repeat {
            digits.append(48 + UInt8(v % 10))
            v /= 10
        } while v > 0
        bytes.append(contentsOf: digits.reversed())
    }

    private static let scales: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// `x` with exactly `decimals` (0…6) digits after the point; non-finite values as an empty cell.
    mutating func fixed(_ x: Double, _ decimals: Int) {
        guard x.isFinite else { return }
        let scale = ByteText.scales[decimals]
        let r = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard r < 9e15 else {
            text("\(x)")
            return
        }
        let q = UInt64(r)
        if x < 0, q != 0 { bytes.append(45) }
        let ip = q / UInt64(scale)
        uint(ip)
        if decimals > 0 {
            bytes.append(46)
            var frac = q % UInt64(scale)
            var digits = [UInt8](repeating: 48, count: decimals)
            for k in stride(from: decimals - 1, through: 0, by: -1) {
                digits[k] = 48 + UInt8(frac % 10)
                frac /= 10
            }
            bytes.append(contentsOf: digits)
        }
    }
}
