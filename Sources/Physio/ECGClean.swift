import SignalCore

/// ECG cleaning: zero-phase Butterworth band-pass plus a powerline notch.
///
/// y = notch(bandpass(x)): a Butterworth band-pass of order `order` between `lowHz` and `highHz`
/// (each applied forward and backward, `sosfiltfilt` with odd padding, so the magnitude response is
/// squared and the phase zero), then a second-order IIR notch at `powerlineHz` with quality
/// `notchQ` (`scipy.signal.iirnotch`), also zero-phase. The high edge is lowered to 0.45·fs when the
/// rate is too low for it; the notch is skipped when the powerline frequency is not below Nyquist.
/// Reference: NeuroKit2 `ecg_clean` (0.5 Hz high-pass, 5th order), Task Force 1996.
public struct ECGCleaning: Codable, Sendable, Equatable {
    /// Low edge in Hz (default 0.5, removes baseline wander).
    public var lowHz: Double = 0.5
    /// High edge in Hz (default 40).
    public var highHz: Double = 40
    /// Butterworth order per edge (default 3; band-pass designs have 2·order poles).
    public var order: Int = 3
    /// Powerline frequency in Hz (default 50; use 60 for North-American recordings such as MIT-BIH).
    public var powerlineHz: Double = 50
    /// Notch quality factor (default 30: −3 dB width powerline/30).
    public var notchQ: Double = 30

    public init() {}

    /// Checks every field.
    public func validate() throws(PhysioError) {
        try requirePositiveParameter(lowHz, "ECG lowHz")
        try requirePositiveParameter(highHz, "ECG highHz")
        try requirePositiveParameter(powerlineHz, "powerlineHz")
        try requirePositiveParameter(notchQ, "notchQ")
        guard lowHz < highHz else {
            throw .invalidParameter(name: "ECG band", value: "\(lowHz)–\(highHz) Hz", expected: "lowHz < highHz")
        }
        guard (1...8).contains(order) else {
            throw .invalidParameter(name: "ECG filter order", value: "\(order)", expected: "1 … 8")
        }
    }

    /// The cleaned signal (same length and rate).
    public func apply(_ signal: Signal) throws(PhysioError) -> Signal {
        try validate()
        let fs = signal.sampleRate
        let high = min(highHz, 0.45 * fs)
        guard lowHz < high else {
            throw .invalidParameter(
                name: "sample rate", value: "\(fs) Hz", expected: "a rate above \(2 * lowHz / 0.45) Hz for ECG")
        }
        var y = signal.samples
        let bp = try signalCore { () throws(SignalError) in
            try Butterworth.design(order: order, band: .bandpass(lowHz: lowHz, highHz: high), sampleRate: fs)
        }
        y = try signalCore { () throws(SignalError) in try SOSFilter.filtfilt(bp, y) }
        if powerlineHz < fs / 2 {
            let notch = try signalCore { () throws(SignalError) in
                try NotchFilter.design(frequencyHz: powerlineHz, quality: notchQ, sampleRate: fs)
            }
            y = try signalCore { () throws(SignalError) in try SOSFilter.filtfilt(notch, y) }
        }
        var out = signal
        out.samples = y
        return out
    }
}
