import FaultlineCore
import FaultlineHistory

/// Draws a client's next operation for a model: which operation (by the mix's weights), on which
/// key, with which value. Registers take values from a small range so that a cas can match; sets
/// and queues take values unique to the client, so that the checker can tell every element apart.
struct OperationGenerator: Sendable {
    let model: String
    let mix: [(operation: String, weight: Double)]
    /// Keys 0 to keys - 1 for registers and kv; with one key, operations carry none.
    let keys: Int
    /// Register values are drawn from 0 to values - 1.
    let values: Int

    /// The model's default mix, with the weights a suite gives taking their place.
    init(model: String, weights: [String: Double] = [:], keys: Int = 1, values: Int = 5) {
        self.model = model
        mix = (WorkloadSpec.defaultMix[model] ?? []).map { ($0.operation, weights[$0.operation] ?? $0.weight) }
        self.keys = keys
        self.values = values
    }

    /// The `count`-th operation of client `client`, drawn from the client's stream.
    func next(client: Int, count: Int, random: inout SeededRandom) -> WorkloadOperation {
        let total = mix.reduce(0) { $0 + $1.weight }
        var choice = random.nextUnit() * total
        let operation = mix.first { entry in
            choice -= entry.weight
            return choice < 0
        }?.operation ?? mix.last?.operation ?? "read"
        let key: HistoryValue? = keys > 1 && ["register", "cas-register", "kv"].contains(model)
            ? .int(Int64(random.next() % UInt64(keys))) : nil
        let small = { (random: inout SeededRandom) in HistoryValue.int(Int64(random.next() % UInt64(max(values, 1)))) }
        let unique = HistoryValue.int(Int64(client) * 1_000_000 + Int64(count))
        let value: HistoryValue = switch operation {
        case "write", "put": small(&random)
        case "cas": .list([small(&random), small(&random)])
        case "add" where model == "counter": .int(Int64(1 + random.next() % 5))
        case "add", "enqueue": unique
        default: .null
        }
        return WorkloadOperation(f: operation, value: value, key: key)
    }
}
