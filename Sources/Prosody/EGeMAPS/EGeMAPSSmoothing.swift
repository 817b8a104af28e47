/// openSMILE's `sma3` and `sma3nz` contour smoothing (openSMILE book, cContourSmoother,
/// smaWin = 3).
///
/// sma3: y_t = mean of x_{t−1}, x_t, x_{t+1} (only the neighbours that exist at the edges).
/// sma3nz ("no zero"): y_t = 0 where x_t = 0; elsewhere the mean of the non-zero values among
/// x_{t−1}, x_t, x_{t+1}, so unvoiced frames (0) neither move nor are moved by voiced ones.
enum EGeMAPSSmoothing {
    static func sma3(_ x: [Double]) -> [Double] {
        let n = x.count
        var y = x
        for t in 0..<n {
            let a = max(0, t - 1)
            let b = min(n - 1, t + 1)
            var s = 0.0
            for i in a...b { s += x[i] }
            y[t] = s / Double(b - a + 1)
        }
        return y
    }

    static func sma3nz(_ x: [Double]) -> [Double] {
        let n = x.count
        var y = x
        for t in 0..<n where x[t] != 0 {
            var s = 0.0
            var c = 0
            for i in max(0, t - 1)...min(n - 1, t + 1) where x[i] != 0 {
                s += x[i]
                c += 1
            }
            y[t] = s / Double(c)
        }
        return y
    }
}
