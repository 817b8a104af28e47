import Foundation

/// A minimal complex number for filter design (pole/zero arithmetic). Not used on hot paths.
struct ComplexNumber: Equatable {
    var re: Double
    var im: Double
    init(_ re: Double, _ im: Double = 0) {
        self.re = re
        self.im = im
    }
    static func + (a: Self, b: Self) -> Self { Self(a.re + b.re, a.im + b.im) }
    static func - (a: Self, b: Self) -> Self { Self(a.re - b.re, a.im - b.im) }
    static func * (a: Self, b: Self) -> Self { Self(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func * (a: Double, b: Self) -> Self { Self(a * b.re, a * b.im) }
    static func / (a: Self, b: Self) -> Self {
        let d = b.re * b.re + b.im * b.im
        return Self((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
    }
    static prefix func - (a: Self) -> Self { Self(-a.re, -a.im) }
    var magnitude: Double { (re * re + im * im).squareRoot() }
    var conjugate: Self { Self(re, -im) }
    /// Principal square root.
    var squareRoot: Self {
        let m = magnitude
        let r = ((m + re) / 2).squareRoot()
        let i = ((m - re) / 2).squareRoot()
        return Self(r, im < 0 ? -i : i)
    }
    static func exp(_ a: Self) -> Self {
        let e = Foundation.exp(a.re)
        return Self(e * Foundation.cos(a.im), e * Foundation.sin(a.im))
    }
}
