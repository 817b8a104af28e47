import AffectTestSupport
import Experiments
import Foundation
import Testing

@Suite("Experiment config validation")
struct ConfigTests {
    func load(_ text: String, overrides: [String] = []) throws -> ExperimentConfig {
        let (dir, manifest) = try Fixture.dataset(subjects: 3, seconds: 20, physio: false)
        let p = try Fixture.writeConfig(text.replacingOccurrences(of: "MANIFEST", with: manifest), in: dir)
        return try ExperimentConfig.load(path: p, overrides: overrides, registry: Fixture.registry).config
    }

    func message(_ text: String, overrides: [String] = [], plan: Bool = false) throws -> String {
        let (dir, manifest) = try Fixture.dataset(subjects: 3, seconds: 20, physio: false)
        let p = try Fixture.writeConfig(text.replacingOccurrences(of: "MANIFEST", with: manifest), in: dir)
        do {
            let loaded = try ExperimentConfig.load(path: p, overrides: overrides, registry: Fixture.registry)
            if plan { _ = try RunPlan.make(config: loaded.config, configText: loaded.text, registry: Fixture.registry) }
        } catch { return "\(error)" }
        return "no error"
    }

    static let base = """
        schema: affect.experiment.v1
        name: t
        purpose: Testing the config parser.
        intended_use: Software tests only.
        dataset: {manifest: MANIFEST}
        stages: {test_rms: {}}
        fusion: {model: test_centroid}
        """

    @Test func defaultsAreFilledAndResolvedKeysSorted() throws {
        let c = try load(Self.base)
        #expect(c.evaluation.protocolKind == .loso)
        #expect(c.windowing.lengthS == 5 && c.windowing.hopS == 5)
        #expect(c.evaluation.metrics == ["accuracy", "uar", "macro_f1", "log_loss"])
        let text = c.resolvedJSON().rendered()
        #expect(text.contains("\"scale\": 1"))
        guard case .object(let pairs) = c.resolvedJSON() else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == pairs.map(\.0).sorted())
        #expect(c.hash.count == 64)
    }

    @Test func typoInKeyNamesPathAndSuggestion() throws {
        let m = try message(Self.base + "\nevaluation: {bootstrapp: 10}")
        #expect(m.contains("'evaluation.bootstrapp'"), "\(m)")
        #expect(m.contains("did you mean 'bootstrap'?"), "\(m)")
        let top = try message(Self.base + "\nwindowng: {length_s: 2}")
        #expect(top.contains("'windowng'") && top.contains("did you mean 'windowing'?"), "\(top)")
        let stage = try message(
            Self.base.replacingOccurrences(of: "test_rms: {}", with: "test_rms: {parameters: {scal: 2}}"))
        #expect(
            stage.contains("stages.test_rms.parameters.scal") && stage.contains("did you mean 'scale'?"), "\(stage)")
        let model = try message(Self.base.replacingOccurrences(of: "test_centroid", with: "test_centriod"))
        #expect(model.contains("did you mean 'test_centroid'?"), "\(model)")
    }

    @Test func wrongTypesAndImpossibleValues() throws {
        let t = try message(Self.base + "\nwindowing: {length_s: five}")
        #expect(t.contains("'windowing.length_s'") && t.contains("expected a finite number"), "\(t)")
        let neg = try message(Self.base + "\nwindowing: {length_s: -1}")
        #expect(neg.contains("out of range") && neg.contains("> 0"), "\(neg)")
        let proto = try message(Self.base + "\nevaluation: {protocol: lsoo}")
        #expect(proto.contains("did you mean 'loso'?"), "\(proto)")
        let typed = try message(
            Self.base.replacingOccurrences(of: "test_rms: {}", with: "test_rms: {parameters: {scale: big}}"))
        #expect(typed.contains("stages.test_rms.parameters.scale"), "\(typed)")
        let purpose = try message(Self.base.replacingOccurrences(of: "purpose: Testing the config parser.\n", with: ""))
        #expect(purpose.contains("'purpose': is required"), "\(purpose)")
    }

    @Test func overridesApplyAndAreValidated() throws {
        let c = try load(
            Self.base,
            overrides: ["evaluation.bootstrap=7", "evaluation.metrics=[accuracy,uar]", "windowing.length_s=2.5"])
        #expect(c.evaluation.bootstrap == 7)
        #expect(c.evaluation.metrics == ["accuracy", "uar"])
        #expect(c.windowing.lengthS == 2.5)
        let m = try message(Self.base, overrides: ["evaluation.bootstrp=7"])
        #expect(m.contains("did you mean 'bootstrap'?"), "\(m)")
        #expect(try message(Self.base, overrides: ["noequals"]).contains("key.path=value"))
    }

    @Test func missingFileLabelAbsentAndEmptyCondition() throws {
        let missing = try message(
            Self.base.replacingOccurrences(of: "MANIFEST", with: "/nonexistent/m.yaml"), plan: true)
        #expect(missing.contains("dataset.manifest") && missing.contains("does not exist"), "\(missing)")
        let label = try message(
            Self.base.replacingOccurrences(
                of: "dataset: {manifest: MANIFEST}", with: "dataset: {manifest: MANIFEST, label: emotion}"), plan: true)
        #expect(label.contains("'dataset.label'") && label.contains("no segment"), "\(label)")
        let cond = try message(Self.base + "\nevaluation: {conditions: [lighting]}", plan: true)
        #expect(
            cond.contains("evaluation.conditions[0]") && cond.contains("'lighting' is not a condition key"), "\(cond)")
        let ok = try message(Self.base + "\nevaluation: {conditions: [noise], groups: [g]}", plan: true)
        #expect(ok == "no error", "\(ok)")
    }

    @Test func conditionValueWithoutWindowsIsRejected() throws {
        // The noisy recordings (s1, s2) get 4 s segments: no 5 s window fits.
        let (dir, manifest) = try Fixture.dataset(subjects: 3, seconds: 20, physio: false)
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        // Shorten the segments of the noisy recording (s2) to 4 s each.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var inNoisy = false
        for l in lines {
            if l.hasPrefix("  - id: ") { inNoisy = l.hasSuffix("s1_r1") || l.hasSuffix("s2_r1") }
            if inNoisy, l.contains("end_s: 10.0") {
                out.append(l.replacingOccurrences(of: "end_s: 10.0", with: "end_s: 4.0")); continue
            }
            if inNoisy, l.contains("end_s: 20.0") {
                out.append(l.replacingOccurrences(of: "end_s: 20.0", with: "end_s: 14.0")); continue
            }
            out.append(l)
        }
        try out.joined(separator: "\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let p = try Fixture.writeConfig(
            (Self.base + "\nevaluation: {conditions: [noise]}").replacingOccurrences(of: "MANIFEST", with: manifest),
            in: dir)
        let loaded = try ExperimentConfig.load(path: p, registry: Fixture.registry)
        let e = try #require(throws: ExperimentsError.self) {
            try RunPlan.make(config: loaded.config, configText: loaded.text, registry: Fixture.registry)
        }
        #expect("\(e)".contains("'noise' = 'noisy' has no labelled windows"), "\(e)")
    }

    @Test func changedDataFileIsRejectedBeforeWork() throws {
        let (dir, manifest) = try Fixture.dataset(subjects: 3, seconds: 20, physio: false)
        try Data([1, 2, 3]).write(to: dir.appendingPathComponent("s1_r1/audio.wav"))
        let p = try Fixture.writeConfig(Self.base.replacingOccurrences(of: "MANIFEST", with: manifest), in: dir)
        let loaded = try ExperimentConfig.load(path: p, registry: Fixture.registry)
        let e = try #require(throws: ExperimentsError.self) {
            try RunPlan.make(config: loaded.config, configText: loaded.text, registry: Fixture.registry)
        }
        #expect("\(e)".contains("differs from the manifest"), "\(e)")
    }

    @Test func manifestErrorsNameTheField() throws {
        let bad = """
            schema: affect.dataset.v1
            name: x
            provenance: p
            licence: CC0-1.0
            consent: c
            label_set: [a, b]
            recordings:
              - id: r1
                subject: s1
                streems: {}
                segments: [{start_s: 0, end_s: 5, label: a}]
            """
        let e = try #require(throws: ExperimentsError.self) {
            try DatasetManifest.parse(yaml: bad, source: "m.yaml", directory: ".")
        }
        #expect("\(e)".contains("recordings[0].streems") && "\(e)".contains("did you mean 'streams'?"), "\(e)")
        let badLabel = bad.replacingOccurrences(of: "    streems: {}\n", with: "").replacingOccurrences(
            of: "label: a}", with: "label: c}")
        let e2 = try #require(throws: ExperimentsError.self) {
            try DatasetManifest.parse(yaml: badLabel, source: "m.yaml", directory: ".")
        }
        #expect("\(e2)".contains("not in label_set"), "\(e2)")
    }
}
