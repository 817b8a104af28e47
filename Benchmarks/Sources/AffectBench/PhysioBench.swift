import ArgumentParser
import Foundation
import Physio
import SignalCore

/// `affect-bench physio [--hours 1] [--shared PATH]`: MIT-BIH record 100 (MLII, 360 Hz) resampled
/// to 250 Hz (Resample.poly 25/36) and tiled to the requested duration; times ECG cleaning +
/// R-peaks (default detector) + artefact correction + time, frequency (Welch 4 Hz) and nonlinear HRV
/// on the whole recording (`--hours ≤ 2`), or, for longer recordings, time + frequency HRV on the
/// whole and nonlinear HRV in 5-min windows. Prints CPU and wall seconds and peak RSS.
struct PhysioBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "physio", abstract: "ECG → peaks → HRV on tiled MIT-BIH 100 at 250 Hz.")

    @Option(help: "Recording length in hours.") var hours: Double = 1
    @Option(help: "Path of ../shared.") var shared: String = "../shared"
    @Option(help: "Repeats (best of).") var repeats: Int = 3

    func run() throws {
        let dir = shared + "/data/physio/mitdb100/"
        let header = try WFDB.parseHeader(String(contentsOfFile: dir + "100.hea", encoding: .utf8))
        let dat = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "100.dat")))
        let mv = try WFDB.physicalSignal(header: header, index: 0, dataFile: dat)
        let base = try Resample.poly(mv, up: 25, down: 36)
        let n = Int(hours * 3600 * 250)
        var x = [Double](repeating: 0, count: n)
        for i in 0..<n { x[i] = base[i % base.count] }
        let signal = try Signal(samples: x, sampleRate: 250)
        var beats = 0
        var rmssd = Double.nan
        var windows = 0
        let t = try Timing.best(repeats: repeats) {
            var p = ECGParameters()
            p.cleaning.powerlineHz = 60
            let b = try ECG.process(signal, parameters: p)
            guard let nn = b.intervals() else { return }
            beats = b.peaks.count
            var hp = HRVParameters()
            if hours <= 2 {
                let f = try HRV.features(nn, parameters: hp)
                rmssd = f[feature: "HRV_RMSSD"] ?? .nan
            } else {
                hp.nonlinearComplexity = false
                let f = try HRVTime.features(nn, parameters: hp) + HRVFrequency.features(nn)
                rmssd = f[feature: "HRV_RMSSD"] ?? .nan
                hp.nonlinearComplexity = true
                var w = 0
                var start = nn.beatTimes.first ?? 0
                let end = nn.beatTimes.last ?? 0
                while start + 300 <= end {
                    _ = HRVNonlinear.windowFeatures(nn.slice(from: start, to: start + 300), parameters: hp)
                    w += 1
                    start += 300
                }
                windows = w
            }
        }
        let what =
            hours <= 2
            ? "peaks + time + freq + nonlinear HRV" : "peaks + time + freq HRV + 5-min nonlinear (\(windows) windows)"
        print(
            Timing.row([
                "AffectWorkbench", "\(hours) h ECG @ 250 Hz", what, "\(beats) beats",
                "RMSSD \(Timing.fmt(rmssd, 2)) ms",
                "CPU \(Timing.fmt(t.cpu, 3)) s", "wall \(Timing.fmt(t.wall, 3)) s",
                "peak RSS \(Timing.fmt(Timing.peakRSSMiB(), 0)) MiB",
            ]))
    }
}

extension HRVNonlinear {
    /// Nonlinear features, or nothing for a window too short to compute them.
    static func windowFeatures(_ rr: RRSeries, parameters: HRVParameters) -> [PhysioFeature] {
        (try? HRVNonlinear.features(rr, parameters: parameters)) ?? []
    }
}
