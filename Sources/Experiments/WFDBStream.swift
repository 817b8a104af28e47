import Foundation
import Physio
import SignalCore

/// Physio streams stored as PhysioNet WFDB records (manifest `format: wfdb`): the header is the
/// stream's `file`, the signal files it names sit beside it. Reading uses the Physio module's
/// `WFDB` parsers (header, formats 16/212); samples become physical units, `(adc − baseline) / gain`.
enum WFDBStream {
    /// The parsed header of a stream (`path` resolved).
    static func header(path: String) throws(ExperimentsError) -> WFDB.Header {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .file(path: path, message: "cannot be read as a WFDB header (text)")
        }
        do { return try WFDB.parseHeader(text, file: path) } catch { throw .file(path: path, message: "\(error)") }
    }

    /// Manifest-relative paths of the signal files a header (at manifest-relative `file`) names.
    static func dataFiles(header: WFDB.Header, file: String) -> [String] {
        let dir = (file as NSString).deletingLastPathComponent
        var out: [String] = []
        for s in header.signals {
            let p = dir.isEmpty ? s.fileName : "\(dir)/\(s.fileName)"
            if !out.contains(p) { out.append(p) }
        }
        return out
    }

    /// Index of the header signal named `column`: its description (e.g. `MLII`) or its 0-based number.
    static func signalIndex(_ column: String, header: WFDB.Header, path: String) throws(ExperimentsError) -> Int {
        if let i = header.signals.firstIndex(where: { $0.description == column }) { return i }
        if let i = Int(column), header.signals.indices.contains(i) { return i }
        throw .file(
            path: path,
            message:
                "has no signal '\(column)'; expected one of \(header.signals.map(\.description).joined(separator: ", ")) or a number 0..<\(header.signals.count)"
        )
    }

    /// The stream's signals (signal name → `Signal` at the header's rate, `startTime = offset`).
    static func load(_ stream: DatasetManifest.Stream, manifest: DatasetManifest) throws(ExperimentsError)
        -> [String: Signal]
    {
        let path = manifest.resolve(stream.file)
        let h = try header(path: path)
        var bytes: [String: [UInt8]] = [:]
        var out: [String: Signal] = [:]
        for (name, column) in stream.columns {
            let i = try signalIndex(column, header: h, path: path)
            let dataPath = URL(fileURLWithPath: path).deletingLastPathComponent()
                .appendingPathComponent(h.signals[i].fileName).path
            if bytes[dataPath] == nil {
                do { bytes[dataPath] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dataPath))) } catch {
                    throw .file(path: dataPath, message: "WFDB signal file cannot be read")
                }
            }
            do {
                let x = try WFDB.physicalSignal(header: h, index: i, dataFile: bytes[dataPath]!)
                out[name] = try Signal(samples: x, sampleRate: h.samplingFrequency, startTime: stream.offsetS)
            } catch { throw .file(path: dataPath, message: "\(error)") }
        }
        return out
    }
}
