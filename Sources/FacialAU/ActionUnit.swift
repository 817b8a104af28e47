/// How well 68 tracked 2D points can show an action unit.
public enum Visibility: String, Codable, Sendable {
    /// The AU moves tracked points directly and largely (brows, lids, lip corners, lips, jaw).
    case good
    /// Only a side effect reaches the tracked points (cheeks, nose wrinkles, dimples, lip
    /// tightening have no points of their own); estimates are confounded by other AUs.
    case weak
    /// Landmarks cannot show it.
    case none
}

/// The action units estimated from landmarks (FACS numbering, OpenFace names `AU01_r` …).
///
/// Each AU has one geometric cue measured on frontalised points (inter-ocular units, y down;
/// "eye line" = mean y of the four eye corners 36, 39, 42, 45; "nose base" = mean y of 31–35),
/// signed so that the AU increases it, and a full-scale displacement `fullScale` (the cue's change
/// at intensity 5, FACS "E"). The cues follow the published geometric AU proxies (brow–eye distance,
/// lid apertures, lip-corner height against the lip centre, mouth width and opening, chin and lower
/// lip to nose: Valstar & Pantic 2006; Tian, Kanade & Cohn 2001; eye aspect ratio: Soukupová &
/// Čech 2016). The full-scale values are engineering choices (set from the displacement the
/// shipped synthetic corpus designs for each AU where it appears, otherwise judged from the mean
/// face), NOT calibrated on FACS-coded video: treat the 0–5 scale as approximate.
public enum ActionUnit: Int, CaseIterable, Codable, Sendable {
    case au1 = 1, au2 = 2, au4 = 4, au5 = 5, au6 = 6, au7 = 7, au9 = 9, au10 = 10, au12 = 12, au14 = 14, au15 = 15
    case au17 = 17, au20 = 20, au23 = 23, au25 = 25, au26 = 26, au45 = 45

    /// "AU01", "AU12", … (OpenFace's zero-padded numbering).
    public var name: String { rawValue < 10 ? "AU0\(rawValue)" : "AU\(rawValue)" }

    public var visibility: Visibility {
        switch self {
        case .au1, .au2, .au4, .au5, .au12, .au15, .au17, .au20, .au25, .au26, .au45: return .good
        case .au6, .au7, .au9, .au10, .au14, .au23: return .weak
        }
    }

    /// Cue change (inter-ocular units) at intensity 5.
    public var fullScale: Double {
        switch self {
        case .au1: return 0.08
        case .au2: return 0.09
        case .au4: return 0.10
        case .au5: return 0.06
        case .au6: return 0.02
        case .au7: return 0.02
        case .au9: return 0.04
        case .au10: return 0.04
        case .au12: return 0.10
        case .au14: return 0.05
        case .au15: return 0.08
        case .au17: return 0.08
        case .au20: return 0.15
        case .au23: return 0.09
        case .au25: return 0.085
        case .au26: return 0.25
        case .au45: return 0.09
        }
    }

    /// The cue in words (written to JSON outputs next to each AU).
    public var cue: String {
        switch self {
        case .au1: return "inner brow (20-23) height above the eye line"
        case .au2: return "outer brow (17,18,25,26) height above the eye line"
        case .au4: return "brow (17-26) lowering below the eye line plus inner-brow gap closing (half weight)"
        case .au5: return "upper lid (37,38,43,44) height above the eye line"
        case .au6: return "lower lid (40,41,46,47) raise toward the eye line (cheek raise seen only through the lid)"
        case .au7: return "lid aperture narrowing (lower minus upper lid); shared with blinks and AU6"
        case .au9: return "nose base (31-35) raise toward the nose root (27); no wrinkle points exist"
        case .au10: return "upper lip (50-52) raise toward the nose base"
        case .au12: return "lip-corner (48,54,60,64) height above the lip centre"
        case .au14: return "mouth widening; the dimple itself has no landmark"
        case .au15: return "lip-corner depression below the lip centre"
        case .au17: return "lower lip (56-58) raise toward the nose base plus chin (7-9) raise (half weight)"
        case .au20: return "mouth width (corners 48/60 to 54/64)"
        case .au23: return "lip thinning (red-lip heights 50-52 to 61-63 and 65-67 to 56-58)"
        case .au25: return "inner-lip gap (61-63 to 65-67)"
        case .au26: return "chin (7-9) to nose-base distance"
        case .au45:
            return "upper lid (37,38,43,44) descent toward the eye line (the lower lid is left out: AU6/AU7 move it)"
        }
    }

    /// Time constant of the smoothing applied to this AU's cue (seconds): blinks are short.
    var smoothingScale: Double { self == .au45 ? 0.4 : 1 }

    /// The cue of one frame, from pointers to its 68 frontal x and y values.
    @inline(__always)
    func cue(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double {
        let eyeLine = (y[36] + y[39] + y[42] + y[45]) / 4
        switch self {
        case .au1: return eyeLine - (y[20] + y[21] + y[22] + y[23]) / 4
        case .au2: return eyeLine - (y[17] + y[18] + y[25] + y[26]) / 4
        case .au4:
            var b = 0.0
            for i in 17...26 { b += y[i] }
            return b / 10 - eyeLine + 0.25 * (x[21] + x[20] - x[22] - x[23])
        case .au5: return eyeLine - (y[37] + y[38] + y[43] + y[44]) / 4
        case .au6: return eyeLine - (y[40] + y[41] + y[46] + y[47]) / 4
        case .au7: return (y[37] + y[38] + y[43] + y[44]) / 4 - (y[40] + y[41] + y[46] + y[47]) / 4
        case .au45: return (y[37] + y[38] + y[43] + y[44]) / 4 - eyeLine
        case .au9: return y[27] - (y[31] + y[32] + y[33] + y[34] + y[35]) / 5
        case .au10: return (y[31] + y[32] + y[33] + y[34] + y[35]) / 5 - (y[50] + y[51] + y[52]) / 3
        case .au12, .au15:
            let c = y[50] + y[51] + y[52] + y[56] + y[57] + y[58] + y[61] + y[62] + y[63] + y[65] + y[66] + y[67]
            let up = c / 12 - (y[48] + y[54] + y[60] + y[64]) / 4
            return self == .au12 ? up : -up
        case .au14, .au20: return (x[54] + x[64] - x[48] - x[60]) / 2
        case .au17:
            let nose = (y[31] + y[32] + y[33] + y[34] + y[35]) / 5
            return -((y[56] + y[57] + y[58]) / 3 - nose) - 0.5 * ((y[7] + y[8] + y[9]) / 3 - nose)
        case .au23:
            return
                -(((y[61] + y[62] + y[63]) - (y[50] + y[51] + y[52])) / 3
                + ((y[56] + y[57] + y[58]) - (y[65] + y[66] + y[67])) / 3)
        case .au25: return (y[65] + y[66] + y[67]) / 3 - (y[61] + y[62] + y[63]) / 3
        case .au26: return (y[7] + y[8] + y[9]) / 3 - (y[31] + y[32] + y[33] + y[34] + y[35]) / 5
        }
    }
}
