// Physio: ECG/PPG cleaning and beat detection, artefact and ectopic-beat correction, HRV
// (time, frequency, nonlinear; NeuroKit2 names and units), EDA tonic/phasic and SCRs, respiration.
