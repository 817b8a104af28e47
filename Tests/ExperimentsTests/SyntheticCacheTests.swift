import AffectTestSupport
import Foundation
import Synchronization
import Testing

@testable import Experiments

/// The runner's cache of generated synthetic corpora is keyed by generator version and config text.
@Suite struct SyntheticCacheTests {
    /// A stand-in generator that writes a one-line manifest and counts its calls.
    final class CountingGenerator: Sendable {
        let calls = Mutex(0)
        func generate(_ recipe: String, _ out: String) throws -> String {
            let n = calls.withLock { c -> Int in
                c += 1
                return c
            }
            let path = out + "/manifest.yaml"
            try "generated \(n)\n".write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    @Test func generatorVersionChangesTheKeyAndForcesRegeneration() throws {
        let dir = TestPaths.temporaryDirectory("synth-cache")
        let recipe = dir.appendingPathComponent("recipe.yaml").path
        try "seed: 1\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        let cache = dir.appendingPathComponent("cache").path
        let gen = CountingGenerator()

        let k1 = try SyntheticCache.key(recipe: recipe, generatorVersion: 1)
        let k2 = try SyntheticCache.key(recipe: recipe, generatorVersion: 2)
        #expect(k1 != k2)
        #expect(k2.hasPrefix("v2-"))

        let m1 = try SyntheticCache.manifest(
            recipe: recipe, cacheDirectory: cache, generatorVersion: 1, generate: gen.generate)
        let again = try SyntheticCache.manifest(
            recipe: recipe, cacheDirectory: cache, generatorVersion: 1, generate: gen.generate)
        #expect(m1 == again)
        #expect(gen.calls.withLock { $0 } == 1)  // same version and config: cache hit

        let m2 = try SyntheticCache.manifest(
            recipe: recipe, cacheDirectory: cache, generatorVersion: 2, generate: gen.generate)
        #expect(m2 != m1)
        #expect(gen.calls.withLock { $0 } == 2)  // new generator version: regenerated
        #expect(try String(contentsOfFile: m2, encoding: .utf8) == "generated 2\n")
        #expect(try String(contentsOfFile: m1, encoding: .utf8) == "generated 1\n")  // old corpus untouched

        // The default version is the generator's own.
        let current = try SyntheticCache.manifest(recipe: recipe, cacheDirectory: cache, generate: gen.generate)
        #expect(current.contains("/v\(SyntheticCorpus.generatorVersion)-"))

        // A changed config text is a new key too.
        try "seed: 2\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        #expect(try SyntheticCache.key(recipe: recipe, generatorVersion: 2) != k2)
    }
}
