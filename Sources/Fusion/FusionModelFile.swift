import Foundation
import Tabular

/// Fitted fusion models as JSON: `{"schema": "affect.fusion.model.v1", "input", "parameters",
/// "feature_names", "classes", "model": {…}}`. Every Double is written in Swift's shortest
/// round-trip form and read back exactly, so a loaded model predicts bit-identically. NaN is
/// written as the string "nan".
public enum FusionModelFile {
    public static let schema = "affect.fusion.model.v1"

    /// The model as JSON text. `input` names the training data (path, hash).
    public static func render(_ model: FusionModel, input: JSONValue) throws(FusionError) -> String {
        let modelJSON = try jsonValue(model)
        let params = try jsonValue(model.parameters)
        return JSONValue.obj([
            ("schema", .string(schema)),
            ("input", input),
            ("parameters", params),
            ("feature_names", .array(model.featureNames.map { .string($0) })),
            ("classes", .array(model.classes.map { .string($0) })),
            ("model", modelJSON),
        ]).rendered(pretty: true)
    }

    /// Reads a model written by `render`. `source` names the file in errors.
    public static func load(text: String, source: String) throws(FusionError) -> FusionModel {
        struct Envelope: Decodable {
            let schema: String
            let model: FusionModel
        }
        struct SchemaOnly: Decodable { let schema: String? }
        let data = Data(text.utf8)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        if let s = try? decoder.decode(SchemaOnly.self, from: data), let found = s.schema, found != schema {
            throw .modelFormat("\(source): schema '\(found)'; expected '\(schema)'")
        }
        do {
            return try decoder.decode(Envelope.self, from: data).model
        } catch {
            throw .modelFormat("\(source): not a fusion model file (\(error))")
        }
    }

    /// Any Encodable as a JSONValue (object keys sorted for deterministic output). The
    /// round trip goes through `JSONDecoder`, whose number parsing is exact (Foundation's
    /// `JSONSerialization` is not: it changes the last digit of some Doubles).
    static func jsonValue<T: Encodable>(_ value: T) throws(FusionError) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            let data = try encoder.encode(value)
            return try JSONDecoder().decode(AnyJSON.self, from: data).value
        } catch {
            throw .modelFormat("cannot encode \(T.self): \(error)")
        }
    }
}

/// Decodes arbitrary JSON into a `JSONValue` with exact Doubles and sorted object keys.
private struct AnyJSON: Decodable {
    let value: JSONValue

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        if let c = try? decoder.container(keyedBy: Key.self) {
            var pairs: [(String, JSONValue)] = []
            for k in c.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                pairs.append((k.stringValue, try c.decode(AnyJSON.self, forKey: k).value))
            }
            value = .object(pairs)
        } else if var a = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !a.isAtEnd { items.append(try a.decode(AnyJSON.self).value) }
            value = .array(items)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                value = .null
            } else if let b = try? c.decode(Bool.self) {
                value = .bool(b)
            } else if let d = try? c.decode(Double.self) {
                value = .number(d)
            } else {
                value = .string(try c.decode(String.self))
            }
        }
    }
}
