import Foundation

/// Reader for PhysioNet WFDB records: the `.hea` header, signal files in format 16 and 212, and
/// MIT-format annotation files (`.atr`).
///
/// Reference: WFDB Programmer's Guide / `header(5)`, `signal(5)` and `annot(5)` man pages (Moody,
/// PhysioNet). These are parse-from-bytes functions: the CLI reads the files and passes their
/// contents, so the stage stays pure.
public enum WFDB {
    /// One signal line of a header.
    public struct SignalSpec: Sendable, Equatable {
        /// Name of the file holding the samples (e.g. `100.dat`).
        public var fileName: String
        /// Storage format (16 or 212 are supported).
        public var format: Int
        /// ADC units per physical unit (WFDB default 200 when 0 or absent).
        public var gain: Double
        /// ADC value corresponding to 0 physical units (defaults to `adcZero`).
        public var baseline: Int
        /// Physical unit (default "mV").
        public var units: String
        /// ADC zero value.
        public var adcZero: Int
        /// First sample value (checked against the decoded data).
        public var initialValue: Int?
        /// Signal description (e.g. `MLII`).
        public var description: String
    }

    /// A parsed `.hea` header.
    public struct Header: Sendable, Equatable {
        public var recordName: String
        /// Sampling frequency in Hz (WFDB default 250 when absent).
        public var samplingFrequency: Double
        /// Samples per signal (nil when the header does not say).
        public var sampleCount: Int?
        public var signals: [SignalSpec]
    }

    /// Parses the text of a `.hea` file (single-segment records). Comment lines (`#`) and blank
    /// lines are skipped.
    public static func parseHeader(_ text: String, file: String = "header") throws(PhysioError) -> Header {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard let first = lines.first else { throw .malformed(file: file, detail: "no record line") }
        let rec = first.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard rec.count >= 2, let nsig = Int(rec[1]), nsig >= 0 else {
            throw .malformed(file: file, detail: "record line '\(first)' lacks a signal count")
        }
        if rec[0].contains("/") { throw .malformed(file: file, detail: "multi-segment records are not supported") }
        var fs = 250.0
        if rec.count >= 3 {
            let f = rec[2].split(separator: "/")[0]
            guard let v = Double(f), v > 0, v.isFinite else {
                throw .malformed(file: file, detail: "sampling frequency '\(rec[2])' is not a positive number")
            }
            fs = v
        }
        let nsamp = rec.count >= 4 ? Int(rec[3]) : nil
        guard lines.count >= 1 + nsig else {
            throw .malformed(file: file, detail: "declares \(nsig) signals but has \(lines.count - 1) signal lines")
        }
        var specs: [SignalSpec] = []
        for k in 0..<nsig {
            let f = lines[1 + k].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard f.count >= 2 else { throw .malformed(file: file, detail: "signal line \(k + 1) is too short") }
            let fmtField = f[1].prefix { $0.isNumber }
            guard let fmt = Int(fmtField) else {
                throw .malformed(file: file, detail: "signal line \(k + 1) format '\(f[1])' is not a number")
            }
            var gain = 200.0
            var baseline: Int?
            var units = "mV"
            if f.count >= 3 {
                var g = f[2]
                if let slash = g.firstIndex(of: "/") {
                    units = String(g[g.index(after: slash)...])
                    g = String(g[..<slash])
                }
                if let open = g.firstIndex(of: "("), let close = g.firstIndex(of: ")") {
                    baseline = Int(g[g.index(after: open)..<close])
                    g = String(g[..<open])
                }
                guard let v = Double(g) else {
                    throw .malformed(file: file, detail: "signal line \(k + 1) gain '\(f[2])' is not a number")
                }
                gain = v == 0 ? 200 : v
            }
            let adcZero = f.count >= 5 ? Int(f[4]) ?? 0 : 0
            let initial = f.count >= 6 ? Int(f[5]) : nil
            let desc = f.count >= 9 ? f[8...].joined(separator: " ") : "signal \(k)"
            specs.append(
                SignalSpec(
                    fileName: f[0], format: fmt, gain: gain, baseline: baseline ?? adcZero, units: units,
                    adcZero: adcZero, initialValue: initial, description: desc))
        }
        return Header(recordName: rec[0], samplingFrequency: fs, sampleCount: nsamp, signals: specs)
    }

    /// Decodes the interleaved samples of the signals stored in one file, in ADC units.
    ///
    /// Format 212: pairs of 12-bit two's-complement samples packed in 3 bytes
    /// (`s0 = b0 | (b1 & 0x0F) << 8`, `s1 = b2 | (b1 & 0xF0) << 4`). Format 16: 16-bit
    /// little-endian two's complement. Returns one array per signal (`signalCount` interleaved).
    public static func decode(_ bytes: [UInt8], format: Int, signalCount: Int, file: String = "signal file")
        throws(PhysioError) -> [[Int]]
    {
        guard signalCount > 0 else { throw .malformed(file: file, detail: "no signals to decode") }
        var flat: [Int] = []
        switch format {
        case 212:
            flat.reserveCapacity(bytes.count * 2 / 3 + 1)
            var i = 0
            while i + 2 < bytes.count {
                let b0 = Int(bytes[i])
                let b1 = Int(bytes[i + 1])
                let b2 = Int(bytes[i + 2])
                var s0 = b0 | ((b1 & 0x0F) << 8)
                var s1 = b2 | ((b1 & 0xF0) << 4)
                if s0 > 2047 { s0 -= 4096 }
                if s1 > 2047 { s1 -= 4096 }
                flat.append(s0)
                flat.append(s1)
                i += 3
            }
            if bytes.count - i == 2 {  // a trailing single sample
                var s0 = Int(bytes[i]) | ((Int(bytes[i + 1]) & 0x0F) << 8)
                if s0 > 2047 { s0 -= 4096 }
                flat.append(s0)
            }
        case 16:
            guard bytes.count % 2 == 0 else { throw .malformed(file: file, detail: "odd byte count for format 16") }
            flat.reserveCapacity(bytes.count / 2)
            var i = 0
            while i + 1 < bytes.count {
                flat.append(Int(Int16(bitPattern: UInt16(bytes[i]) | (UInt16(bytes[i + 1]) << 8))))
                i += 2
            }
        default:
            throw .malformed(file: file, detail: "WFDB format \(format) is not supported (expected 16 or 212)")
        }
        let frames = flat.count / signalCount
        var out = [[Int]](repeating: [], count: signalCount)
        for s in 0..<signalCount {
            out[s] = (0..<frames).map { flat[$0 * signalCount + s] }
        }
        return out
    }

    /// Reads signal `index` of a record in physical units: `(adc − baseline) / gain`.
    /// `dataFile` is the raw content of the signal's file (all signals stored in it, interleaved).
    public static func physicalSignal(header: Header, index: Int, dataFile: [UInt8]) throws(PhysioError) -> [Double] {
        guard header.signals.indices.contains(index) else {
            throw .invalidParameter(
                name: "signal index", value: "\(index)",
                expected: "0..<\(header.signals.count) for \(header.recordName)")
        }
        let spec = header.signals[index]
        let sameFile = header.signals.enumerated().filter { $0.element.fileName == spec.fileName }
        let position = sameFile.firstIndex { $0.offset == index } ?? 0
        let adc = try decode(dataFile, format: spec.format, signalCount: sameFile.count, file: spec.fileName)[position]
        if let n = header.sampleCount, n > 0, adc.count < n {
            throw .malformed(file: spec.fileName, detail: "holds \(adc.count) samples; the header declares \(n)")
        }
        let n = header.sampleCount.map { $0 > 0 ? $0 : adc.count } ?? adc.count
        let base = Double(spec.baseline)
        return adc.prefix(n).map { (Double($0) - base) / spec.gain }
    }

    /// One annotation: sample index, WFDB code and its mnemonic.
    public struct Annotation: Sendable, Equatable {
        public var sample: Int
        public var code: Int
        public var symbol: String
        /// True for beat annotations (wfdb-python's beat set `NLRBAaJSVrFejnE/fQ?`).
        public var isBeat: Bool
    }

    /// Mnemonics of the standard annotation codes (index = code), as in `ecgcodes.h`.
    static let symbols: [String] = [
        " ", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "~", " ", "|", " ", "s", "T", "*",
        "D", "\"", "=", "p", "B", "^", "t", "+", "u", "?", "!", "[", "]", "e", "n", "@", "x", "f", "(", ")", "r",
    ]
    static let beatCodes: Set<Int> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38, 41]

    /// Parses an MIT-format annotation file: 16-bit little-endian words, code in the top 6 bits and
    /// the sample increment in the low 10; SKIP (59) carries a 32-bit increment, NUM/SUB/CHN
    /// (60–62) modify the last annotation, AUX (63) is followed by its string bytes (even-padded).
    public static func parseAnnotations(_ bytes: [UInt8], file: String = "annotation file") throws(PhysioError)
        -> [Annotation]
    {
        var out: [Annotation] = []
        var t = 0
        var i = 0
        func word(_ k: Int) -> Int { Int(bytes[k]) | (Int(bytes[k + 1]) << 8) }
        while i + 1 < bytes.count {
            let w = word(i)
            i += 2
            let code = w >> 10
            let value = w & 0x3FF
            if code == 0 && value == 0 { return out }
            switch code {
            case 59:
                guard i + 3 < bytes.count else { throw .malformed(file: file, detail: "truncated SKIP at byte \(i)") }
                let hi = word(i)
                let lo = word(i + 2)
                t += Int(Int32(bitPattern: UInt32(hi << 16 | lo)))
                i += 4
            case 60, 61, 62:
                break
            case 63:
                i += value + (value & 1)
            default:
                t += value
                let sym = code < symbols.count ? symbols[code] : "?"
                out.append(Annotation(sample: t, code: code, symbol: sym, isBeat: beatCodes.contains(code)))
            }
        }
        throw .malformed(file: file, detail: "ends without the end-of-file marker")
    }
}
