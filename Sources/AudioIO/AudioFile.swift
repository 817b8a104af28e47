internal import CSndFile
import Foundation
import SignalCore

/// What an audio file's header says (as `soxi` / `sndfile-info` report it).
public struct AudioInfo: Sendable, Equatable, Codable {
    public let path: String
    /// Sample rate in Hz.
    public let sampleRate: Int
    public let channels: Int
    /// Frames (samples per channel).
    public let frames: Int64
    /// frames / sampleRate, in seconds.
    public var durationSeconds: Double { Double(frames) / Double(sampleRate) }
    /// Container and encoding, e.g. "WAV (Microsoft) / Signed 16 bit PCM".
    public let format: String
}

/// Reading and writing audio files through libsndfile (every format it supports: WAV, FLAC,
/// OGG/Vorbis, AIFF, any PCM width, float).
///
/// Samples are returned as Doubles normalised to full scale [−1, 1) (libsndfile's default for
/// integer PCM: x / 2^(bits−1)), identical to Python soundfile's `dtype="float64"`.
public enum AudioFile {
    /// The libsndfile version string, e.g. "libsndfile-1.2.0".
    public static var libraryVersion: String { String(cString: sf_version_string()) }

    /// Header information without reading the samples.
    public static func info(_ path: String) throws(AudioError) -> AudioInfo {
        let reader = try AudioStreamReader(path: path)
        return reader.info
    }

    /// All channels, de-interleaved: `channels[c][frame]`.
    public static func readChannels(_ path: String) throws(AudioError) -> (info: AudioInfo, channels: [[Double]]) {
        let reader = try AudioStreamReader(path: path)
        let info = reader.info
        var channels = [[Double]](repeating: [], count: info.channels)
        for c in 0..<info.channels { channels[c].reserveCapacity(Int(info.frames)) }
        while let block = try reader.readInterleaved(frames: 65536) {
            let n = block.count / info.channels
            for f in 0..<n {
                for c in 0..<info.channels { channels[c].append(block[f * info.channels + c]) }
            }
        }
        return (info, channels)
    }

    /// The file mixed down to mono (mean of channels), optionally resampled to `analysisRate` Hz
    /// with `Resample.poly` (scipy `resample_poly` semantics).
    public static func readMono(_ path: String, analysisRate: Double? = nil) throws(AudioError) -> Signal {
        let reader = try AudioStreamReader(path: path)
        var mono = [Double]()
        mono.reserveCapacity(Int(reader.info.frames))
        while let block = try reader.readMono(frames: 65536) { mono.append(contentsOf: block) }
        let signal: Signal
        do {
            signal = try Signal(samples: mono, sampleRate: Double(reader.info.sampleRate))
            if let rate = analysisRate { return try Resample.signal(signal, to: rate) }
        } catch {
            throw .invalidParameter(name: "analysis rate", value: "\(analysisRate ?? 0)", expected: "\(error)")
        }
        return signal
    }

    /// Encodings for writing.
    public enum WriteFormat: String, Sendable, Codable, CaseIterable {
        case wav16, wav24, wavFloat, flac16, flac24
        var sfFormat: Int32 {
            switch self {
            case .wav16: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
            case .wav24: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
            case .wavFloat: return Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
            case .flac16: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
            case .flac24: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
            }
        }
    }

    /// Writes channels (equal lengths, full-scale Doubles) atomically: to a temporary file in the
    /// same directory, then renamed. Integer formats clip at full scale (libsndfile's
    /// SFC_SET_CLIPPING), rather than wrapping.
    public static func write(channels: [[Double]], sampleRate: Int, to path: String, format: WriteFormat = .wav16)
        throws(AudioError)
    {
        guard !channels.isEmpty, channels.allSatisfy({ $0.count == channels[0].count }) else {
            throw .invalidParameter(
                name: "channels", value: "\(channels.map(\.count))", expected: "≥ 1 of equal length")
        }
        guard sampleRate > 0 else {
            throw .invalidParameter(name: "sample rate", value: "\(sampleRate)", expected: "> 0 Hz")
        }
        for (c, ch) in channels.enumerated() {
            if let i = ch.firstIndex(where: { !$0.isFinite }) {
                throw .invalidParameter(name: "channel \(c) sample \(i)", value: "\(ch[i])", expected: "finite")
            }
        }
        let url = URL(fileURLWithPath: path)
        let tmp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels.count)
        info.format = format.sfFormat
        guard let f = sf_open(tmp.path, Int32(SFM_WRITE), &info) else {
            throw .unwritable(path: path, reason: String(cString: sf_strerror(nil)))
        }
        sf_command(f, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
        let nc = channels.count
        let frames = channels[0].count
        var inter = [Double](repeating: 0, count: frames * nc)
        for fr in 0..<frames { for c in 0..<nc { inter[fr * nc + c] = channels[c][fr] } }
        let written = sf_writef_double(f, inter, sf_count_t(frames))
        let closeStatus = sf_close(f)
        guard written == frames, closeStatus == 0 else {
            try? FileManager.default.removeItem(at: tmp)
            throw .unwritable(path: path, reason: "wrote \(written) of \(frames) frames")
        }
        if rename(tmp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw .unwritable(path: path, reason: reason)
        }
    }

    /// Writes a mono signal (rate must be a whole number of Hz).
    public static func write(_ signal: Signal, to path: String, format: WriteFormat = .wav16) throws(AudioError) {
        guard signal.sampleRate == signal.sampleRate.rounded() else {
            throw .invalidParameter(
                name: "sample rate", value: "\(signal.sampleRate)", expected: "a whole number of Hz")
        }
        try write(channels: [signal.samples], sampleRate: Int(signal.sampleRate), to: path, format: format)
    }
}

/// Reads an audio file block by block, so a long recording never has to be in memory at once.
///
/// Not shareable between tasks (it owns an open libsndfile handle).
public final class AudioStreamReader {
    public let info: AudioInfo
    private let handle: OpaquePointer
    private var framesRead: Int64 = 0
    private var finished = false

    public init(path: String) throws(AudioError) {
        var attrs = stat()
        guard stat(path, &attrs) == 0 else { throw .unreadable(path: path, reason: "no such file") }
        guard attrs.st_size > 0 else { throw .empty(path: path) }
        var sfinfo = SF_INFO()
        guard let h = sf_open(path, Int32(SFM_READ), &sfinfo) else {
            if let bad = WAVHeaderDiagnosis.badField(path: path) { throw bad }
            throw .unreadable(path: path, reason: "libsndfile: " + String(cString: sf_strerror(nil)))
        }
        guard sfinfo.samplerate > 0 else {
            sf_close(h)
            throw .badHeader(path: path, field: "sample rate", value: "\(sfinfo.samplerate)", expected: "> 0 Hz")
        }
        guard sfinfo.channels > 0 else {
            sf_close(h)
            throw .badHeader(path: path, field: "channels", value: "\(sfinfo.channels)", expected: "≥ 1")
        }
        guard sfinfo.frames > 0 else {
            sf_close(h)
            throw .empty(path: path)
        }
        handle = h
        info = AudioInfo(
            path: path, sampleRate: Int(sfinfo.samplerate), channels: Int(sfinfo.channels),
            frames: Int64(sfinfo.frames), format: AudioStreamReader.formatName(sfinfo.format))
        if AudioStreamReader.logSaysTruncated(h) {
            sf_close(h)
            throw .truncated(path: path, declaredFrames: Int64(sfinfo.frames), readFrames: Int64(sfinfo.frames))
        }
    }

    deinit { sf_close(handle) }

    /// Up to `frames` interleaved frames, or nil at the end of the file.
    public func readInterleaved(frames: Int) throws(AudioError) -> [Double]? {
        if finished { return nil }
        let want = Int(min(Int64(frames), info.frames - framesRead))
        if want <= 0 {
            finished = true
            return nil
        }
        var buf = [Double](repeating: 0, count: want * info.channels)
        let got = buf.withUnsafeMutableBufferPointer { sf_readf_double(handle, $0.baseAddress, sf_count_t(want)) }
        if got < want {
            throw .truncated(path: info.path, declaredFrames: info.frames, readFrames: framesRead + Int64(got))
        }
        if let i = buf.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(path: info.path, frame: framesRead + Int64(i / info.channels))
        }
        framesRead += Int64(got)
        return buf
    }

    /// Up to `frames` frames mixed to mono (mean over channels), or nil at the end of the file.
    public func readMono(frames: Int) throws(AudioError) -> [Double]? {
        guard let inter = try readInterleaved(frames: frames) else { return nil }
        let nc = info.channels
        if nc == 1 { return inter }
        let n = inter.count / nc
        var out = [Double](repeating: 0, count: n)
        let scale = 1 / Double(nc)
        for f in 0..<n {
            var s = 0.0
            for c in 0..<nc { s += inter[f * nc + c] }
            out[f] = s * scale
        }
        return out
    }

    /// libsndfile repairs a data chunk that is shorter than its header declares and notes it in its
    /// log; we refuse such files instead of reading them silently repaired.
    static func logSaysTruncated(_ h: OpaquePointer) -> Bool {
        var buf = [CChar](repeating: 0, count: 4096)
        sf_command(h, Int32(SFC_GET_LOG_INFO), &buf, Int32(buf.count))
        let log = String(cString: buf).lowercased()
        return log.contains("should be") || log.contains("is wrong") || log.contains("truncated")
    }

    static func formatName(_ format: Int32) -> String {
        func name(_ code: Int32, _ command: Int32) -> String {
            var fi = SF_FORMAT_INFO()
            fi.format = code
            sf_command(nil, command, &fi, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
            return fi.name.map { String(cString: $0) } ?? "unknown"
        }
        let major = name(format & Int32(SF_FORMAT_TYPEMASK), Int32(SFC_GET_FORMAT_INFO))
        let sub = name(format & Int32(SF_FORMAT_SUBMASK), Int32(SFC_GET_FORMAT_INFO))
        return "\(major) / \(sub)"
    }
}
