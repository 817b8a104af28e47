/// One named feature value. Undefined values are NaN with a `reason` saying why (e.g. "needs at
/// least 3 windows of 5 min"); defined values have `reason == nil`.
public struct PhysioFeature: Sendable, Equatable, Codable {
    /// Feature name (NeuroKit2 style, e.g. `HRV_RMSSD`, `SCR_Peaks_N`, `RSP_Rate_Mean`).
    public var name: String
    /// Value in the unit the feature's documentation states (ms, ms², %, Hz, µS, breaths/min, …).
    public var value: Double
    /// Why the value is NaN, when it is.
    public var reason: String?

    public init(_ name: String, _ value: Double, reason: String? = nil) {
        self.name = name
        self.value = value
        self.reason = value.isNaN ? (reason ?? "undefined for this input") : nil
    }
}

extension Array where Element == PhysioFeature {
    /// The value of the first feature called `name`, or nil.
    public subscript(feature name: String) -> Double? {
        first { $0.name == name }?.value
    }
}
