// SignalCore: the signal value type and the numerical building blocks every stage uses.
//
// Files, one concept each: Signal, SignalError, Window, Framing, FFTPlanner + FFT (FFTW behind an
// internal import), STFT, SeededRandom, Statistics; filters, resampling, peaks, spectra and
// interpolation in their own files. Units are stated in every doc comment (Hz, s, samples).
