import AudioIO
import Foundation
import SignalCore
import Tabular

/// The streams of one recording, read from disk and placed on the recording timeline.
///
/// Audio is mono (channel mean) at the file's rate with `startTime = offset_s`; physiological
/// signals are `Signal`s at `rate_hz` (or the WFDB header's rate) with `startTime = offset_s`, keyed by signal name (`ecg`,
/// `ppg`, `eda`, `rsp`); the face stream is the landmark CSV as a table with frame times
/// (`timestamp + offset_s`) and per-frame tracking success (all true without a `success` column).
/// Only the Experiments module reads files; stages get these values.
public struct LoadedStreams: Sendable {
    public var audio: Signal?
    public var face: CSVTable?
    public var faceTimes: [Double] = []
    public var faceSuccess: [Bool] = []
    /// The face stream's `offset_s` (added to its `timestamp` column).
    public var faceOffset: Double = 0
    public var physio: [String: Signal] = [:]

    /// Reads every stream of `recording`.
    public static func load(_ recording: DatasetManifest.Recording, manifest: DatasetManifest) throws(ExperimentsError)
        -> LoadedStreams
    {
        var out = LoadedStreams()
        for s in recording.streams {
            let path = manifest.resolve(s.file)
            switch s.kind {
            case .audio:
                do {
                    var sig = try AudioFile.readMono(path)
                    sig.startTime = s.offsetS
                    out.audio = sig
                } catch { throw .file(path: path, message: "audio cannot be read (\(error))") }
            case .face:
                do {
                    let t = try CSVTable(contentsOfFile: path)
                    let ts = try t.numbers("timestamp")
                    out.faceTimes = ts.map { $0 + s.offsetS }
                    out.faceOffset = s.offsetS
                    out.faceSuccess =
                        t.has("success") ? try t.numbers("success").map { $0 >= 0.5 } : ts.map { _ in true }
                    out.face = t
                } catch { throw .file(path: path, message: "\(error)") }
            case .physio where s.format == "wfdb":
                for (k, v) in try WFDBStream.load(s, manifest: manifest) { out.physio[k] = v }
            case .physio:
                do {
                    let t = try CSVTable(contentsOfFile: path)
                    for (sigName, column) in s.columns {
                        let x = try t.numbers(column)
                        out.physio[sigName] = try Signal(samples: x, sampleRate: s.rateHz ?? 0, startTime: s.offsetS)
                    }
                } catch let e as TableError {
                    throw .file(path: path, message: "\(e)")
                } catch { throw .file(path: path, message: "physio stream cannot be read (\(error))") }
            }
        }
        return out
    }

    /// Fraction of the window covered by the modality's stream (0 when absent). Face coverage is
    /// the share of successfully tracked frames among the frames expected at the stream's median
    /// frame interval; physio coverage is the best of its signals.
    public func coverage(_ kind: DatasetManifest.Stream.Kind, start: Double, end: Double) -> Double {
        switch kind {
        case .audio:
            guard let a = audio, a.count > 0 else { return 0 }
            return WindowPlanner.coverage(start: start, end: end, from: a.startTime, to: a.startTime + a.duration)
        case .physio:
            return physio.values.map {
                WindowPlanner.coverage(start: start, end: end, from: $0.startTime, to: $0.startTime + $0.duration)
            }.max() ?? 0
        case .face:
            guard faceTimes.count >= 2 else { return 0 }
            let dts = zip(faceTimes.dropFirst(), faceTimes).map { $0 - $1 }.filter { $0 > 0 }
            guard !dts.isEmpty else { return 0 }
            let dt = Stats.median(dts)
            var n = 0
            for (t, ok) in zip(faceTimes, faceSuccess) where ok && t >= start && t < end { n += 1 }
            return min(1, Double(n) * dt / (end - start))
        }
    }
}
