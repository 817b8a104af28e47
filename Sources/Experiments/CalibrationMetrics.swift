import Foundation

/// Calibration metrics offered to configs. Filled from the Calibration module once it is part
/// of the build (its functions carry the reference conventions); empty until then, so a config
/// asking for `ece` is rejected with the list of what exists.
enum CalibrationMetrics {
    static let table: [(String, MetricRegistry.Metric)] = []
}
