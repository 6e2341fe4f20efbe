/// The configurations the search has already tried: (set of linearized operations, state).
///
/// A configuration seen before cannot lead anywhere new, so the search prunes it (Lowe's
/// memoization). Sets are bitsets stored flat, found through a hash that the search keeps up to
/// date incrementally (Zobrist hashing: the XOR of one random word per linearized operation),
/// so a probe hashes the state but never the whole bitset.
struct LinearizationCache<State: Hashable> {
    private let wordsPerSet: Int
    private var heads: [UInt64: Int32] = [:]
    private var chain: [Int32] = []
    private var storedSets: [UInt64] = []
    private var storedStates: [State] = []

    init(wordsPerSet: Int) {
        self.wordsPerSet = wordsPerSet
    }

    var count: Int { storedStates.count }

    /// Rough bytes held, for the memory guard; states that own heap storage count a fixed extra.
    var estimatedBytes: Int {
        storedSets.count * 8 + storedStates.count * (MemoryLayout<State>.stride + 48) + chain.count * 4
            + heads.count * 24
    }

    /// Records the configuration; false when it was already there.
    mutating func insert(setHash: UInt64, set: [UInt64], state: State) -> Bool {
        var hasher = Hasher()
        hasher.combine(setHash)
        hasher.combine(state)
        let key = UInt64(bitPattern: Int64(hasher.finalize()))
        let head = heads[key] ?? -1
        var candidate = head
        while candidate >= 0 {
            let index = Int(candidate)
            if storedStates[index] == state, sameSet(at: index, as: set) { return false }
            candidate = chain[index]
        }
        heads[key] = Int32(storedStates.count)
        chain.append(head)
        storedSets.append(contentsOf: set)
        storedStates.append(state)
        return true
    }

    private func sameSet(at index: Int, as set: [UInt64]) -> Bool {
        let base = index * wordsPerSet
        for word in 0..<wordsPerSet where storedSets[base + word] != set[word] { return false }
        return true
    }
}
