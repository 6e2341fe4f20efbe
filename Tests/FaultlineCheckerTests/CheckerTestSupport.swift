import FaultlineChecker
import FaultlineHistory
import Foundation

/// Checks a history written as EDN (tuples `[process type f value]` or maps) against a model.
func check(_ edn: String, model: String, initial: String? = nil, independent: Bool = false,
           options: Checker.Options = Checker.Options()) async throws -> CheckReport {
    let history = try EDNCodec.decode(Array(edn.utf8), file: "test.edn", independent: independent)
    return try await ModelCatalog.check(try history.paired(), model: model,
                                        initial: try initial.map { try HistoryValue(literal: $0) },
                                        checker: Checker(options: options))
}

/// ../shared/data/histories, beside the checkout, as the tests read it in place.
let historiesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/data/histories")
