/// Correspondence from MediaPipe FaceMesh's 478 vertices to the 68 iBUG points.
///
/// `to68[i]` is the MediaPipe vertex index used for iBUG point `i` (0-based both). It is the
/// correspondence behind the shipped `pyfeat_single_face_mp_as68_openface.csv` (recovered as the
/// nearest MediaPipe vertex to each mapped point; it matches the table commonly used to compare
/// MediaPipe with dlib). The correspondence is approximate: the jaw line and brows of the two
/// models do not mark the same anatomy (the provenance file reports NME 0.04–0.10 for it).
public enum MediaPipeMapping {
    public static let to68: [Int] = [
        127, 234, 93, 213, 138, 136, 150, 176, 152, 400, 379, 365, 367, 361, 323, 454, 356,
        70, 63, 105, 66, 107, 336, 296, 334, 293, 300,
        168, 195, 5, 4, 75, 97, 2, 326, 305,
        33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380,
        61, 39, 37, 0, 267, 269, 291, 321, 314, 17, 84, 91,
        78, 82, 13, 312, 308, 317, 14, 87,
    ]
}
