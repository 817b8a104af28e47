import AffectTestSupport
import Foundation
import Physio
import SignalCore
import Testing

@Suite("Artefact and ectopic-beat detection (Lipponen & Tarvainen 2019)")
struct ArtefactTests {
    enum Kind: CaseIterable { case ectopic, missed, extra }

    /// A clean series (800 ms, RSA 0.25 Hz ±25 ms, slow drift, Gaussian noise sd 8 ms) with an event
    /// every 25 intervals; returns the corrupted series and, per event, the corrupted span.
    static func injected(seed: UInt64, inject: Bool = true) throws -> (RRSeries, [ClosedRange<Int>], Int) {
        var g = SeededRandom(seed: seed)
        var clean: [Double] = []
        var t = 0.0
        for _ in 0..<2000 {
            let v = 800 + 25 * sin(2 * Double.pi * 0.25 * t) + 40 * sin(2 * Double.pi * 0.01 * t) + g.normal() * 8
            clean.append(v)
            t += v / 1000
        }
        var out: [Double] = []
        var spans: [ClosedRange<Int>] = []
        var i = 0
        var k = 0
        while i < clean.count {
            if inject && i > 30 && i % 25 == 0 && i + 2 < clean.count {
                let kind = Kind.allCases[k % 3]
                k += 1
                let start = out.count
                switch kind {
                case .ectopic:  // premature beat with compensatory pause
                    out.append(clean[i] * 0.7)
                    out.append(clean[i + 1] + clean[i] * 0.3)
                    spans.append(start...(start + 1))
                    i += 2
                case .missed:  // a beat not detected: two intervals merge
                    out.append(clean[i] + clean[i + 1])
                    spans.append(start...start)
                    i += 2
                case .extra:  // a spurious beat splits an interval
                    out.append(clean[i] * 0.4)
                    out.append(clean[i] * 0.6)
                    spans.append(start...(start + 1))
                    i += 1
                }
                continue
            }
            out.append(clean[i])
            i += 1
        }
        return (try RRSeries(intervalsMs: out), spans, out.count)
    }

    @Test(
        "Injected ectopic, missed and extra beats: sensitivity ≥ 95 %, false flags ≤ 1 %",
        arguments: [1, 2, 3] as [UInt64])
    func injection(seed: UInt64) throws {
        let (rr, spans, n) = try Self.injected(seed: seed)
        let result = try Artefacts.correct(rr)
        let flagged = Set(result.flagged)
        let found = spans.filter { s in s.contains { flagged.contains($0) } }.count
        let inEvents = Set(spans.flatMap { Array($0) })
        let falseFlags = flagged.subtracting(inEvents).count
        let sensitivity = Double(found) / Double(spans.count)
        let falseRate = Double(falseFlags) / Double(n - inEvents.count)
        print(
            "seed \(seed): events \(spans.count) found \(found) (\(sensitivity * 100) %), false flags \(falseFlags)/\(n - inEvents.count) (\(falseRate * 100) %)"
        )
        #expect(sensitivity >= 0.95)
        #expect(falseRate <= 0.01)
        // Correction restores the clean statistics: no interval left near 2× or 0.4× the median.
        let fixed = result.corrected.intervalsMs
        let med = Stats.median(fixed)
        #expect(fixed.filter { $0 > 1.6 * med || $0 < 0.6 * med }.count <= spans.count / 20)
    }

    @Test("The same series without injected events: ≤ 1 % flagged, correction leaves it unchanged")
    func cleanSeries() throws {
        let (rr, _, n) = try Self.injected(seed: 7, inject: false)
        let r = try Artefacts.correct(rr)
        #expect(r.labels.count == n)
        #expect(Double(r.flagged.count) <= 0.01 * Double(n))
        #expect(r.corrected.count == n)
    }
}
