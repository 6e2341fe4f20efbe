import FaultlineChecker
import FaultlineHistory
import Testing

@Suite struct RegisterModelTests {
    @Test func sequentialReadsOfWritesAreLinearizable() async throws {
        let report = try await check("[[0 :invoke :write 1] [0 :ok :write 1] [1 :invoke :read nil] [1 :ok :read 1]]", model: "register")
        #expect(report.verdict == .linearizable)
    }

    @Test func aStaleReadIsAViolation() async throws {
        let report = try await check("""
            [[0 :invoke :write 1] [0 :ok :write 1]
             [0 :invoke :write 2] [0 :ok :write 2]
             [1 :invoke :read nil] [1 :ok :read 1]]
            """, model: "register")
        #expect(report.verdict == .notLinearizable)
        let explanation = try #require(report.violations.first)
        #expect(explanation.operation.process == 1)
        #expect(explanation.step == "read -> 1")
        #expect(explanation.linearization.map(\.step) == ["write 1", "write 2"])
        #expect(explanation.possibleStates.map(\.state) == ["2"])
        #expect(explanation.possibleStates[0].reason == "read 1 but the register holds 2")
    }

    @Test func aLostWriteIsAViolation() async throws {
        let report = try await check("""
            [[0 :invoke :write 1] [0 :ok :write 1]
             [1 :invoke :read nil] [1 :ok :read nil]
             [1 :invoke :read nil] [1 :ok :read 0]]
            """, model: "register", initial: "0")
        #expect(report.verdict == .notLinearizable)
    }

    @Test func concurrentOperationsMayOrderEitherWay() async throws {
        let report = try await check("""
            [[0 :invoke :write 1] [1 :invoke :read nil] [1 :ok :read 0] [0 :ok :write 1]
             [2 :invoke :read nil] [2 :ok :read 1]]
            """, model: "register", initial: "0")
        #expect(report.verdict == .linearizable)
    }

    @Test func casNeedsTheExpectedValue() async throws {
        #expect(try await check("[[0 :invoke :cas [0 5]] [0 :ok :cas [0 5]] [0 :invoke :read nil] [0 :ok :read 5]]",
                                model: "cas-register", initial: "0").verdict == .linearizable)
        #expect(try await check("[[0 :invoke :cas [1 5]] [0 :ok :cas [1 5]]]", model: "cas-register", initial: "0").verdict
            == .notLinearizable)
        await #expect(throws: ModelError.self) { try await check("[[0 :invoke :cas 5] [0 :ok :cas 5]]", model: "cas-register") }
        await #expect(throws: ModelError.self) { try await check("[[0 :invoke :cas [0 1]] [0 :ok :cas [0 1]]]", model: "register") }
    }
}

@Suite struct OutcomeSemanticsTests {
    @Test func aFailedWriteNeverTookEffect() async throws {
        let report = try await check("""
            [[0 :invoke :write 1] [0 :fail :write 1]
             [1 :invoke :read nil] [1 :ok :read 1]]
            """, model: "register", initial: "0")
        #expect(report.verdict == .notLinearizable)
    }

    @Test func anInfoWriteMayTakeEffectOrNot() async throws {
        let seen = try await check("""
            [[0 :invoke :write 1] [0 :info :write 1]
             [1 :invoke :read nil] [1 :ok :read 1]]
            """, model: "register", initial: "0")
        #expect(seen.verdict == .linearizable)
        let unseen = try await check("""
            [[0 :invoke :write 1] [0 :info :write 1]
             [1 :invoke :read nil] [1 :ok :read 0]]
            """, model: "register", initial: "0")
        #expect(unseen.verdict == .linearizable)
    }

    @Test func anInfoWriteTakesEffectOnlyAfterItsInvocation() async throws {
        let report = try await check("""
            [[1 :invoke :read nil] [1 :ok :read 1]
             [0 :invoke :write 1] [0 :info :write 1]]
            """, model: "register", initial: "0")
        #expect(report.verdict == .notLinearizable)
    }

    @Test func anInvocationThatNeverCompletesMayTakeEffectLater() async throws {
        let report = try await check("""
            [[0 :invoke :write 1]
             [1 :invoke :read nil] [1 :ok :read 0]
             [1 :invoke :read nil] [1 :ok :read 1]
             [1 :invoke :read nil] [1 :ok :read 1]]
            """, model: "register", initial: "0")
        #expect(report.verdict == .linearizable)
    }

    @Test func aReadOfNilConstrainsNothing() async throws {
        let report = try await check("[[0 :invoke :write 1] [0 :ok :write 1] [1 :invoke :read nil] [1 :ok :read nil]]",
                                     model: "register", initial: "0")
        #expect(report.verdict == .linearizable)
    }
}

@Suite struct OtherModelTests {
    @Test func multiRegister() async throws {
        #expect(try await check("""
            [[0 :invoke :txn [[:write :x 1] [:write :y 2]]] [0 :ok :txn [[:write :x 1] [:write :y 2]]]
             [1 :invoke :txn [[:read :x nil] [:read :y nil]]] [1 :ok :txn [[:read :x 1] [:read :y 2]]]]
            """, model: "multi-register", initial: "{:x 0 :y 0}").verdict == .linearizable)
        #expect(try await check("""
            [[0 :invoke :txn [[:write :x 1] [:write :y 2]]] [0 :ok :txn [[:write :x 1] [:write :y 2]]]
             [1 :invoke :txn [[:read :x nil] [:read :y nil]]] [1 :ok :txn [[:read :x 1] [:read :y 0]]]]
            """, model: "multi-register", initial: "{:x 0 :y 0}").verdict == .notLinearizable)
    }

    @Test func keyValueIsCheckedPerKey() async throws {
        let good = try await check("""
            [{:process 0 :type :invoke :f :put :key "a" :value 1} {:process 0 :type :ok :f :put :key "a" :value 1}
             {:process 1 :type :invoke :f :append :key "b" :value 7} {:process 1 :type :ok :f :append :key "b" :value 7}
             {:process 1 :type :invoke :f :get :key "b"} {:process 1 :type :ok :f :get :key "b" :value [7]}
             {:process 0 :type :invoke :f :cas :key "a" :value [1 2]} {:process 0 :type :ok :f :cas :key "a" :value [1 2]}
             {:process 0 :type :invoke :f :delete :key "a"} {:process 0 :type :ok :f :delete :key "a"}
             {:process 0 :type :invoke :f :get :key "a"} {:process 0 :type :ok :f :get :key "a" :value nil}]
            """, model: "kv")
        #expect(good.verdict == .linearizable)
        #expect(good.partitions == 2)
        let bad = try await check("""
            [[0 :invoke :put [:a 1]] [0 :ok :put [:a 1]] [1 :invoke :put [:b 1]] [1 :ok :put [:b 1]]
             [1 :invoke :get [:b nil]] [1 :ok :get [:b nil]]]
            """, model: "kv", independent: true)
        #expect(bad.verdict == .notLinearizable)
        #expect(bad.violations.map(\.key) == [.string("b")])
        await #expect(throws: ModelError.self) { try await check("[[0 :invoke :get nil] [0 :ok :get 1]]", model: "kv") }
    }

    @Test func mutexCatchesADoubleAcquire() async throws {
        #expect(try await check("""
            [[0 :invoke :acquire nil] [0 :ok :acquire nil] [0 :invoke :release nil] [0 :ok :release nil]
             [1 :invoke :acquire nil] [1 :ok :acquire nil]]
            """, model: "mutex").verdict == .linearizable)
        let report = try await check("""
            [[0 :invoke :acquire nil] [0 :ok :acquire nil] [1 :invoke :acquire nil] [1 :ok :acquire nil]]
            """, model: "mutex")
        #expect(report.verdict == .notLinearizable)
        #expect(report.violations.first?.possibleStates.first?.reason == "acquired while the lock is already held")
    }

    @Test func fifoQueueCatchesOrderAndPhantoms() async throws {
        #expect(try await check("""
            [[0 :invoke :enqueue 1] [0 :ok :enqueue 1] [0 :invoke :enqueue 2] [0 :ok :enqueue 2]
             [1 :invoke :dequeue nil] [1 :ok :dequeue 1] [1 :invoke :dequeue nil] [1 :ok :dequeue 2]
             [1 :invoke :dequeue nil] [1 :ok :dequeue nil]]
            """, model: "fifo-queue").verdict == .linearizable)
        #expect(try await check("""
            [[0 :invoke :enqueue 1] [0 :ok :enqueue 1] [0 :invoke :enqueue 2] [0 :ok :enqueue 2]
             [1 :invoke :dequeue nil] [1 :ok :dequeue 2]]
            """, model: "fifo-queue").verdict == .notLinearizable)
        let phantom = try await check("[[1 :invoke :dequeue nil] [1 :ok :dequeue 9]]", model: "fifo-queue")
        #expect(phantom.verdict == .notLinearizable)
        #expect(phantom.violations.first?.possibleStates.first?.reason.contains("which the queue does not hold") == true)
    }

    @Test func unorderedQueueAllowsAnyOrderButNoPhantoms() async throws {
        #expect(try await check("""
            [[0 :invoke :enqueue 1] [0 :ok :enqueue 1] [0 :invoke :enqueue 2] [0 :ok :enqueue 2]
             [1 :invoke :dequeue nil] [1 :ok :dequeue 2] [1 :invoke :dequeue nil] [1 :ok :dequeue 1]]
            """, model: "unordered-queue").verdict == .linearizable)
        #expect(try await check("""
            [[0 :invoke :enqueue 1] [0 :ok :enqueue 1] [1 :invoke :dequeue nil] [1 :ok :dequeue 1]
             [1 :invoke :dequeue nil] [1 :ok :dequeue 1]]
            """, model: "unordered-queue").verdict == .notLinearizable)
    }

    @Test func setReadsMustSeeExactlyWhatWasAdded() async throws {
        #expect(try await check("""
            [[0 :invoke :add 1] [0 :ok :add 1] [1 :invoke :add 2] [3 :invoke :read nil] [1 :info :add 2]
             [2 :invoke :read nil] [2 :ok :read #{1 2}]]
            """, model: "set").verdict == .linearizable)
        let lost = try await check("""
            [[0 :invoke :add 1] [0 :ok :add 1] [0 :invoke :add 2] [0 :ok :add 2] [1 :invoke :read nil] [1 :ok :read #{2}]]
            """, model: "set")
        #expect(lost.verdict == .notLinearizable)
        #expect(lost.violations.first?.possibleStates.first?.reason == "read #{2}: missing #{1}")
    }

    @Test func counterReadsMustSeeTheTotal() async throws {
        #expect(try await check("""
            [[0 :invoke :add 2] [1 :invoke :add 3] [0 :ok :add 2] [2 :invoke :read nil] [2 :ok :read 2] [1 :ok :add 3]
             [2 :invoke :read nil] [2 :ok :read 5]]
            """, model: "counter").verdict == .linearizable)
        #expect(try await check("[[0 :invoke :add 2] [0 :ok :add 2] [2 :invoke :read nil] [2 :ok :read 3]]", model: "counter")
            .verdict == .notLinearizable)
    }

    @Test func unknownOperationsAndModelsAreBadInput() async throws {
        await #expect(throws: ModelError.self) { try await check("[[0 :invoke :push 1] [0 :ok :push 1]]", model: "fifo-queue") }
        await #expect(throws: ModelError.self) { try await check("[[0 :invoke :read nil] [0 :ok :read 1]]", model: "linked-list") }
        await #expect(throws: ModelError.self) { try await check("[]", model: "counter", initial: "\"many\"") }
        await #expect(throws: ModelError.self) {
            try await check("[{:process 0 :type :invoke :f :read :key 1} {:process 0 :type :ok :f :read :key 1} [1 :invoke :read nil]]",
                            model: "register")
        }
    }
}
