// FacialAU: landmark streams (OpenFace CSV, MediaPipe 478, iBUG .pts) to head pose, geometric
// action-unit intensity estimates with visibility grades, blinks, and micro/macro expression
// spotting, with a MEGC evaluator.
