import AffectTestSupport
import Foundation

/// The SciPy reference vectors (Tests/SignalCoreTests/Reference/scipy_reference.json, written by
/// make_reference.py beside it).
struct ScipyReference: Decodable {
    struct Butter: Decodable {
        let btype: String
        let order: Int
        let wn: [Double]
        let b: [Double]
        let a: [Double]
        let sos: [[Double]]
        let sosfiltfilt: [Double]
        let sosfilt: [Double]
    }
    struct Notch: Decodable {
        let f0: Double
        let Q: Double
        let b: [Double]
        let a: [Double]
        let filtfilt: [Double]
    }
    struct PeakCase: Decodable {
        struct Criteria: Decodable {
            let height: Double?
            let distance: Double?
            let prominence: Double?
            let wlen: Double?
            let width: Double?
            let threshold: Double?
        }
        let criteria: Criteria
        let indices: [Int]
        let prominences: [Double]?
        let left_bases: [Int]?
        let right_bases: [Int]?
        let widths: [Double]?
        let width_heights: [Double]?
        let left_ips: [Double]?
        let right_ips: [Double]?
    }
    struct Plateau: Decodable {
        let x: [Double]
        let indices: [Int]
    }
    struct ResamplePoly: Decodable {
        let up: Int
        let down: Int
        let y: [Double]
    }
    struct WelchCase: Decodable {
        let nperseg: Int
        let noverlap: Int
        let nfft: Int
        let window: String
        let average: String
        let detrend: String
        let f: [Double]
        let p: [Double]
    }
    struct Lomb: Decodable {
        let t: [Double]
        let y: [Double]
        let f_hz: [Double]
        let power: [Double]
        let power_precenter: [Double]
        let power_normalize: [Double]
    }
    struct Interp: Decodable {
        let t: [Double]
        let y: [Double]
        let tq: [Double]
        let linear: [Double]
        let cubic_not_a_knot: [Double]
        let cubic_natural: [Double]
        let pchip: [Double]
    }
    let scipy_version: String
    let fs: Double
    let x: [Double]
    let butter: [Butter]
    let notch: Notch
    let peaks_input: [Double]
    let peaks: [PeakCase]
    let plateau: Plateau
    let resample_poly: [ResamplePoly]
    let welch: [WelchCase]
    let lombscargle: Lomb
    let interp: Interp

    static let shared: ScipyReference = {
        let path = TestPaths.project("Tests/SignalCoreTests/Reference/scipy_reference.json")
        let data = try! Data(contentsOf: URL(fileURLWithPath: path))
        return try! JSONDecoder().decode(ScipyReference.self, from: data)
    }()
}
