// Prosody: voice features from speech — pitch (Praat-compatible autocorrelation and eGeMAPS-style
// subharmonic summation), voicing, loudness, jitter/shimmer/HNR, formants, spectral and MFCC
// descriptors, frame-level LLDs and per-segment functionals with openSMILE eGeMAPSv02 names, and
// Praat-style measures prefixed `praat_`.
