/// The version of this Faultline build, as `faultline version` and the API's `/version` report it.
public enum FaultlineVersion {
    public static let current = "0.1.0"
}
