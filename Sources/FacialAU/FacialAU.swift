// FacialAU: landmark streams (OpenFace 2.x CSV, MediaPipe 478, iBUG .pts, menpo LJSON) to head pose,
// frontalised landmarks, geometric action-unit intensity estimates with visibility grades, blinks
// with a smile/squint guard, micro/macro expression spotting with a MEGC evaluator, per-window AU
// functionals, and landmark NME. Entry points: LandmarkReader.parseCSV → LandmarkStream;
// FaceAnalyzer.analyse → FaceAnalysis; FaceAnalysis.functionals(start:end:).
