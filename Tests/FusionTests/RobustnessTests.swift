import AffectTestSupport
import Foundation
import Tabular
import Testing

@testable import Fusion

/// Determinism and bad-input handling. Serialized: one test changes the process-wide OpenBLAS
/// thread count.
@Suite("Determinism and bad input", .serialized)
struct RobustnessTests {
    static let lr = ClassifierSpec.logistic(parameters: .init(C: 1, tol: 1e-8))
    static let mlp = ClassifierSpec.mlp(
        parameters: .init(hiddenLayers: [8, 8], learningRate: 0.01, batchSize: 64, maxEpochs: 5))

    /// Two fits with the same seed give byte-identical weights (JSON text); another seed differs.
    @Test func sameSeedGivesByteIdenticalWeights() throws {
        let table = try FusionFixtures.table()
        for params in [
            FusionParameters(classifier: Self.mlp, strategy: .early, modalityDropout: 0.2),
            FusionParameters(classifier: Self.lr, strategy: .hybrid, modalityDropout: 0.2),
        ] {
            let a = try FusionModelFile.render(FusionTrainer.fit(table, parameters: params, seed: 11), input: .null)
            let b = try FusionModelFile.render(FusionTrainer.fit(table, parameters: params, seed: 11), input: .null)
            let c = try FusionModelFile.render(FusionTrainer.fit(table, parameters: params, seed: 12), input: .null)
            #expect(a == b)
            #expect(a != c)
        }
    }

    /// OpenBLAS with 1 and 2 threads: every pooled metric and probability agrees to 1e-12.
    @Test func blasThreadCountDoesNotChangeResults() throws {
        let table = try FusionFixtures.table()
        let params = FusionParameters(classifier: Self.mlp, strategy: .early)
        try BLASInfo.setThreads(1)
        let one = try CrossValidation.run(table: table, parameters: params, protocol: .groupKFold(k: 3), seed: 1)
        try BLASInfo.setThreads(2)
        #expect(BLASInfo.threads == 2)
        let two = try CrossValidation.run(table: table, parameters: params, protocol: .groupKFold(k: 3), seed: 1)
        try BLASInfo.setThreads(1)
        let r1 = CrossValidation.report(one, labels: table.labels).pooled
        let r2 = CrossValidation.report(two, labels: table.labels).pooled
        #expect(abs(r1.accuracy - r2.accuracy) <= 1e-12 && abs(r1.uar - r2.uar) <= 1e-12)
        #expect(abs(r1.logLoss - r2.logLoss) <= 1e-12 && abs(r1.macroF1 - r2.macroF1) <= 1e-12)
        #expect(Tolerance.maxAbsDiff(one.probabilities.data, two.probabilities.data) <= 1e-12)
        #expect(!BLASInfo.config.isEmpty && !BLASInfo.coreName.isEmpty)
        #expect(throws: FusionError.self) { try BLASInfo.setThreads(0) }
    }

    static func csv(_ text: String) throws -> CSVTable { try CSVTable(text: text, source: "test.csv") }

    static let small = """
        subject,label,a_x,a_y,b_z
        s1,0,0.1,1.0,0.3
        s1,1,0.9,0.2,0.8
        s1,0,0.2,1.1,0.1
        s2,1,1.0,0.1,0.9
        s2,0,0.0,0.9,0.2
        s2,1,0.8,0.3,0.7
        s3,0,0.3,1.2,0.2
        s3,1,1.1,0.0,1.0
        s3,0,0.1,0.8,0.3
        s3,1,0.7,0.2,0.9
        """

    /// Empty or "nan" cells are missing values: masked, imputed with the training mean, and every
    /// row is still predicted. ±Inf and text are errors naming the file, column and row.
    @Test func missingCellsAreImputedAndNonFiniteIsAnError() throws {
        let text = Self.small.replacingOccurrences(of: "s1,1,0.9,0.2,0.8", with: "s1,1,,nan,0.8")
            .replacingOccurrences(of: "s2,0,0.0,0.9,0.2", with: "s2,0,0.0,0.9,")
        let opts = FeatureTable.CSVOptions(label: "label", subject: "subject", modalityPrefixes: ["a_", "b_"])
        let t = try FeatureTable.fromCSV(Self.csv(text), options: opts)
        #expect(t.available[1] == [false, true] && t.available[4] == [true, false])
        for strategy in FusionStrategy.allCases {
            let oof = try CrossValidation.run(table: t, parameters: .init(classifier: Self.lr, strategy: strategy))
            #expect(oof.probabilities.data.allSatisfy { $0.isFinite }, "\(strategy)")
        }
        let inf = Self.small.replacingOccurrences(of: "0.9,0.2,0.8", with: "0.9,inf,0.8")
        #expect {
            try FeatureTable.fromCSV(Self.csv(inf), options: opts)
        } throws: { e in "\(e)".contains("a_y") && "\(e)".contains("row 2") && "\(e)".contains("not finite") }
        let word = Self.small.replacingOccurrences(of: "0.9,0.2,0.8", with: "0.9,high,0.8")
        #expect {
            try FeatureTable.fromCSV(Self.csv(word), options: opts)
        } throws: { e in "\(e)".contains("'high' is not a number") }
        #expect {
            try FeatureTable.fromCSV(Self.csv(Self.small), options: .init(label: "emotion", subject: "subject"))
        } throws: { e in "\(e)".contains("no column 'emotion'") }
        #expect {
            try FeatureTable.fromCSV(Self.csv(Self.small), options: .init(modalityPrefixes: ["c_"]))
        } throws: { e in "\(e)".contains("no feature column starts with prefix 'c_'") }
    }

    /// A constant column standardises to 0 (scale 1, listed in constantColumns) and gets weight 0.
    @Test func constantColumnIsHandled() throws {
        var lines = Self.small.split(separator: "\n").map(String.init)
        lines[0] += ",a_const"
        for i in 1..<lines.count { lines[i] += ",5" }
        let t = try FeatureTable.fromCSV(
            Self.csv(lines.joined(separator: "\n")), options: .init(modalityPrefixes: ["a_", "b_"]))
        let model = try FusionTrainer.fit(t, parameters: .init(classifier: Self.lr, maskFeatures: false))
        let comp = model.components[0]
        let j = t.featureNames.firstIndex(of: "a_const")!
        #expect(comp.standardizer.constantColumns == [j])
        guard case .logistic(let m) = comp.classifier else { throw FusionError.invalidData("expected logistic") }
        #expect(m.coef[0, j] == 0)
    }

    /// A class missing from a training fold gets probability 0 from that fold's model; the
    /// out-of-fold run still predicts every row and the log-loss stays finite (clipped at ε).
    @Test func classAbsentFromATrainingFold() throws {
        let text = Self.small + "\ns4,2,0.5,0.5,0.5\ns4,2,0.6,0.4,0.5"
        let t = try FeatureTable.fromCSV(Self.csv(text), options: .init(modalityPrefixes: ["a_", "b_"]))
        #expect(t.classes == ["0", "1", "2"])
        let oof = try CrossValidation.run(table: t, parameters: .init(classifier: Self.lr))
        let fold = try #require(oof.folds.firstIndex { $0.name == "s4" })
        guard case .logistic(let m) = oof.models[fold].components[0].classifier else {
            throw FusionError.invalidData("expected logistic")
        }
        #expect(m.absentClasses == [2])
        #expect(oof.probabilities[10, 2] == 0 && oof.probabilities[11, 2] == 0)
        #expect(CrossValidation.report(oof, labels: t.labels).pooled.logLoss.isFinite)
    }

    /// One subject cannot be cross-validated subject-wise; one class cannot be fitted.
    @Test func singleSubjectAndSingleClassAreErrors() throws {
        let one = Self.small.replacingOccurrences(of: "s2,", with: "s1,").replacingOccurrences(of: "s3,", with: "s1,")
        let t = try FeatureTable.fromCSV(Self.csv(one), options: .init(modalityPrefixes: ["a_", "b_"]))
        #expect {
            try CrossValidation.run(table: t, parameters: .init(classifier: Self.lr))
        } throws: { e in "\(e)".contains("at least 2 subjects") }
        let lines = Self.small.split(separator: "\n").filter { !$0.contains(",1,") }.joined(separator: "\n")
        let single = try FeatureTable.fromCSV(Self.csv(lines), options: .init(modalityPrefixes: ["a_", "b_"]))
        #expect {
            try FusionTrainer.fit(single, parameters: .init(classifier: Self.lr))
        } throws: { e in "\(e)".contains("expected at least 2") }
    }

    /// Predicting with other feature names is an error naming the missing and unexpected columns.
    @Test func mismatchedFeatureNamesAtPredictTime() throws {
        let t = try FeatureTable.fromCSV(Self.csv(Self.small), options: .init(modalityPrefixes: ["a_", "b_"]))
        let model = try FusionTrainer.fit(t, parameters: .init(classifier: Self.lr))
        let renamed = Self.small.replacingOccurrences(of: "a_y", with: "a_w")
        let t2 = try FeatureTable.fromCSV(
            Self.csv(renamed), options: .init(label: nil, modalityPrefixes: ["a_", "b_"]))
        #expect {
            try model.predictProbabilities(t2)
        } throws: { e in "\(e)".contains("missing a_y") && "\(e)".contains("unexpected a_w") }
        #expect {
            try FusionModelFile.load(text: "{\"schema\": \"other.v1\"}", source: "m.json")
        } throws: { e in "\(e)".contains("schema 'other.v1'") }
    }
}
