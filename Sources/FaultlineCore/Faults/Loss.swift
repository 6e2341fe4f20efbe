/// Drops datagrams, independently or in bursts, as tc-netem's `loss` does.
public enum Loss: Hashable, Sendable {
    /// Each datagram is lost with `probability`; `correlation` makes consecutive decisions alike.
    case bernoulli(probability: Probability, correlation: Probability)
    /// Gilbert-Elliott bursts with tc-netem's parameters: `p` good->bad, `r` bad->good,
    /// `1-h` the loss probability in the bad state, `1-k` in the good state.
    case gilbertElliott(p: Probability, r: Probability, h: Probability, k: Probability)

    /// The names of the loss models in profiles.
    public enum Model: String, CaseIterable, Sendable {
        case bernoulli
        case gilbertElliott = "gilbert-elliott"
    }
}
