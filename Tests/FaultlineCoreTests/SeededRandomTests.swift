import FaultlineCore
import Testing

@Suite struct SeededRandomTests {
    @Test func theSameSeedGivesTheSameSequence() {
        var first = SeededRandom(seed: 42), second = SeededRandom(seed: 42)
        #expect((0..<100).map { _ in first.next() } == (0..<100).map { _ in second.next() })
        var other = SeededRandom(seed: 43)
        var again = SeededRandom(seed: 42)
        #expect((0..<4).map { _ in other.next() } != (0..<4).map { _ in again.next() })
    }

    @Test func derivedStreamsDependOnlyOnSeedAndLabel() {
        var consumed = SeededRandom(seed: 7)
        for _ in 0..<1000 { _ = consumed.next() }
        var fromConsumed = consumed.derived("connection:1")
        var fromFresh = SeededRandom(seed: 7).derived("connection:1")
        #expect(fromConsumed.next() == fromFresh.next())
        var sibling = SeededRandom(seed: 7).derived("connection:2")
        var again = SeededRandom(seed: 7).derived("connection:1")
        #expect(sibling.next() != again.next())
    }

    @Test func unitDrawsAreUniformEnough() throws {
        var random = SeededRandom(seed: 1)
        let draws = (0..<100_000).map { _ in random.nextUnit() }
        #expect(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.5) < 0.01)
        let fifth = try Probability(0.2)
        let hits = (0..<100_000).filter { _ in random.chance(fifth) }.count
        #expect((19_000...21_000).contains(hits))
    }

    @Test func worksWithTheStandardLibrary() {
        var random = SeededRandom(seed: 9)
        let picks = (0..<10).map { _ in Int.random(in: 0..<6, using: &random) }
        var replay = SeededRandom(seed: 9)
        #expect(picks == (0..<10).map { _ in Int.random(in: 0..<6, using: &replay) })
    }
}
