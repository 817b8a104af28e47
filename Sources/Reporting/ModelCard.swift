/// A model card (Mitchell et al. 2019, "Model Cards for Model Reporting", FAT* '19): model
/// details, intended use, out-of-scope uses, factors, metrics, evaluation data, training data,
/// quantitative analyses, ethical considerations, caveats and recommendations. The same blocks
/// go into `report.html` and `model_card.md`.
///
/// Wording rule (shared/RESPONSIBLE-USE.md): outputs are "indicators" with probabilities and
/// measured calibration, never verdicts about a person.
public struct ModelCard: Sendable, Equatable {
    /// Uses this workbench's models must never be put to, listed in every card.
    public static let outOfScopeUses = [
        "Deception or lie detection.",
        "Hiring, promotion, or any assessment of job applicants or workers.",
        "Grading, admission, or monitoring of students.",
        "Surveillance or monitoring of workers, students or the public.",
        "Security screening, policing, border control or any access decision.",
        "Any decision about an individual person: the outputs are probabilistic indicators of annotated labels under the recorded conditions, not findings about anyone's emotions.",
    ]

    public var modelDetails: [String]
    public var intendedUse: String
    public var purpose: String
    public var factors: [String]
    public var metrics: [String]
    public var evaluationData: [String]
    public var trainingData: [String]
    public var quantitative: [ReportDocument.Block]
    public var ethicalConsiderations: [String]
    public var caveats: [String]

    public init(
        modelDetails: [String], intendedUse: String, purpose: String, factors: [String], metrics: [String],
        evaluationData: [String], trainingData: [String], quantitative: [ReportDocument.Block],
        ethicalConsiderations: [String], caveats: [String]
    ) {
        self.modelDetails = modelDetails
        self.intendedUse = intendedUse
        self.purpose = purpose
        self.factors = factors
        self.metrics = metrics
        self.evaluationData = evaluationData
        self.trainingData = trainingData
        self.quantitative = quantitative
        self.ethicalConsiderations = ethicalConsiderations
        self.caveats = caveats
    }

    /// Standard ethical considerations for affect indicators (always included before any
    /// run-specific ones).
    public static let standardEthics = [
        "Emotion inference from voice, face and physiology is scientifically contested: the same signal can come from fatigue, culture, lighting, a medical condition or acting, and there is no agreed definition of emotion.",
        "Error rates and calibration differ across conditions and groups; the per-condition and per-group tables and reliability diagrams of this run show by how much, with confidence intervals. A single overall number hides these gaps.",
        "Outputs are probabilities of the annotation labels of this dataset, reported as indicators with their measured calibration; they are not verdicts about what a person feels.",
        "Run records keep features, predictions and aggregates only, never raw audio, video or physiological waveforms.",
    ]

    /// The card as report blocks (headings at `level`).
    public func blocks(level: Int = 1) -> [ReportDocument.Block] {
        var b: [ReportDocument.Block] = [.heading(level, "Model card")]
        b.append(.paragraph("Sections follow Mitchell et al. (2019), Model Cards for Model Reporting."))
        b += [.heading(level + 1, "Model details"), .bullets(modelDetails)]
        b += [
            .heading(level + 1, "Intended use"), .paragraph("Purpose: " + purpose),
            .paragraph("Intended use: " + intendedUse),
        ]
        b += [
            .heading(level + 1, "Out-of-scope uses"),
            .paragraph("The following uses are out of scope and must not be made of this model or its outputs:"),
            .bullets(Self.outOfScopeUses),
        ]
        b += [.heading(level + 1, "Factors"), .bullets(factors)]
        b += [.heading(level + 1, "Metrics"), .bullets(metrics)]
        b += [.heading(level + 1, "Evaluation data"), .bullets(evaluationData)]
        b += [.heading(level + 1, "Training data"), .bullets(trainingData)]
        b += [.heading(level + 1, "Quantitative analyses")] + quantitative
        b += [.heading(level + 1, "Ethical considerations"), .bullets(Self.standardEthics + ethicalConsiderations)]
        b += [.heading(level + 1, "Caveats and recommendations"), .bullets(caveats)]
        return b
    }

    /// `model_card.md`.
    public func markdown(title: String) -> String { ReportDocument(title: title, blocks: blocks(level: 1)).markdown() }
}
