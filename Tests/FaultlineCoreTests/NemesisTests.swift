import FaultlineCore
import Testing

@Suite struct NemesisTests {
    static let five = ["n1", "n2", "n3", "n4", "n5"]

    /// Who can send to whom under a grudge: node -> the nodes it hears.
    static func hears(_ grudge: Grudge, among nodes: [String]) -> [String: Set<String>] {
        Dictionary(uniqueKeysWithValues: nodes.map { node in
            (node, Set(nodes.filter { $0 != node && !grudge.cuts.contains(Grudge.Cut(from: $0, to: node)) }))
        })
    }

    @Test func randomHalvesCutEveryPairAcrossTwoHalvesBothWays() {
        var random = SeededRandom(seed: 3)
        let grudge = NodePartition.randomHalves.grudge(among: Self.five, using: &random)
        guard let halves = grudge.components else { Issue.record("halves are components"); return }
        #expect(halves.map(\.count) == [2, 3])
        #expect(Set(halves.joined()) == Set(Self.five))
        #expect(grudge.cuts.count == 2 * 2 * 3)
        for a in halves[0] {
            for b in halves[1] {
                #expect(grudge.cuts.contains(Grudge.Cut(from: a, to: b)) && grudge.cuts.contains(Grudge.Cut(from: b, to: a)))
            }
        }
    }

    @Test func theSameSeedChoosesTheSameAndOthersVary() {
        func halves(_ seed: UInt64) -> [[String]]? {
            var random = SeededRandom(seed: seed)
            return NodePartition.randomHalves.grudge(among: Self.five, using: &random).components
        }
        #expect(halves(9) == halves(9))
        #expect(Set((0..<20).compactMap { halves($0)?.first?.sorted() }).count > 3)
    }

    @Test func aMajoritiesRingLetsEveryNodeSeeADifferentMajority() {
        var random = SeededRandom(seed: 11)
        let grudge = NodePartition.majoritiesRing.grudge(among: Self.five, using: &random)
        let heard = Self.hears(grudge, among: Self.five)
        let majorities = heard.map { node, others in others.union([node]) }
        #expect(majorities.allSatisfy { $0.count == 3 })
        #expect(Set(majorities).count == 5)
    }

    @Test func aRingOfThreeCutsOneWayPerNode() {
        let grudge = Grudge.majoritiesRing(["a", "b", "c"])
        #expect(grudge.cuts == [Grudge.Cut(from: "c", to: "b"), Grudge.Cut(from: "a", to: "c"), Grudge.Cut(from: "b", to: "a")])
    }

    @Test func aBridgeNodeTalksToBothHalvesThatCannotTalkToEachOther() {
        let grudge = Grudge.bridge(Self.five)
        // halves [n1, n2] and [n3, n4, n5]; n3 is the bridge
        let heard = Self.hears(grudge, among: Self.five)
        #expect(heard["n3"] == ["n1", "n2", "n4", "n5"])
        #expect(heard["n1"] == ["n2", "n3"])
        #expect(heard["n4"] == ["n3", "n5"])
        #expect(grudge.cuts.count == 2 * (2 * 2))
    }

    @Test func isolatingCutsTheChosenNodesOffBothWays() {
        var random = SeededRandom(seed: 1)
        let named = NodePartition.isolate(.named(["n2"])).grudge(among: Self.five, using: &random)
        #expect(named.components == [["n2"], ["n1", "n3", "n4", "n5"]])
        #expect(named.description == "n2 | n1, n3, n4, n5")
        let drawn = NodePartition.isolate(.random(count: 1, among: ["n4", "n5"])).grudge(among: Self.five, using: &random)
        #expect(drawn.components?.first == ["n4"] || drawn.components?.first == ["n5"])
    }

    @Test func oneWayCutsOnlyTheGivenDirection() {
        var random = SeededRandom(seed: 1)
        let grudge = NodePartition.oneWay(from: .named(["n1"]), to: .named(["n2", "n3"])).grudge(among: Self.five, using: &random)
        #expect(grudge.cuts == [Grudge.Cut(from: "n1", to: "n2"), Grudge.Cut(from: "n1", to: "n3")])
        #expect(grudge.description == "n1 -> n2, n1 -> n3")
        let toAll = NodePartition.oneWay(from: .named(["n5"]), to: nil).grudge(among: Self.five, using: &random)
        #expect(toAll.cuts.count == 4 && toAll.cuts.allSatisfy { $0.from == "n5" })
    }

    @Test func aGrudgeBecomesProxyPartitionsInTheDirectionsItCuts() {
        let links: [String: ProxyLink] = [
            "a-to-b": ProxyLink(from: "a", to: "b"), "b-to-a": ProxyLink(from: "b", to: "a"),
            "a-to-c": ProxyLink(from: "a", to: "c"), "clients": ProxyLink(from: nil, to: "a"),
        ]
        let oneWay = Grudge(cuts: [Grudge.Cut(from: "a", to: "b")])
        let cut = oneWay.proxyDirections(links: links)
        // a's requests to b through a-to-b, and a's answers to b's requests through b-to-a
        #expect(cut.map(\.proxy) == ["a-to-b", "b-to-a"])
        #expect(cut.map(\.direction) == [.upstream, .downstream])
        let both = Grudge(components: [["a"], ["b", "c"]]).proxyDirections(links: links)
        #expect(both.map(\.proxy) == ["a-to-b", "a-to-c", "b-to-a"])
        #expect(both.allSatisfy { $0.direction == .both })
    }

    @Test func aRandomSelectionNeverExceedsItsPoolAndKeepsNodeOrder() {
        var random = SeededRandom(seed: 5)
        #expect(NodeSelection.random(count: 9, among: nil).choose(among: Self.five, using: &random) == Self.five)
        let two = NodeSelection.random(count: 2, among: nil).choose(among: Self.five, using: &random)
        #expect(two.count == 2 && two == Self.five.filter(two.contains))
        #expect(NodeSelection.named(["n9", "n1"]).choose(among: Self.five, using: &random) == ["n1"])
    }

    @Test func undoableNemesesAreThoseWithAnInverse() {
        #expect(Nemesis.partition(.bridge, mode: .drop).isUndoable)
        #expect(Nemesis.signal(.kill, .all).isUndoable && Nemesis.signal(.pause, .all).isUndoable)
        #expect(!Nemesis.signal(.restart, .all).isUndoable && !Nemesis.signal(.resume, .all).isUndoable)
        #expect(ScheduleAction.nemesis(.signal(.kill, .random(count: 1, among: nil))).description == "kill 1 random node")
    }
}
