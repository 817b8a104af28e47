import AffectTestSupport
import SignalCore
import Testing

@testable import FacialAU

@Suite struct SelectionMedianTests {
    /// The selection median equals `Stats.median` (a full sort) exactly, for odd and even sizes,
    /// ties and already-sorted input.
    @Test func equalsSortedMedian() {
        for n in [1, 2, 3, 4, 5, 10, 11, 100, 1001] {
            let x = Generate.noise(count: n, sd: 1, seed: UInt64(n))
            #expect(Smoothing.median(x) == Stats.median(x))
            let ties = x.map { ($0 * 2).rounded() }
            #expect(Smoothing.median(ties) == Stats.median(ties))
            #expect(Smoothing.median(x.sorted()) == Stats.median(x))
            #expect(Smoothing.median(x.sorted().reversed()) == Stats.median(x))
        }
        #expect(Smoothing.median([]).isNaN)
    }
}
