import FaultlineCore

/// Turns a uniform draw into a jitter offset in units of `jitter`, with tc-netem's
/// distributions: uniform spreads over ±1, the others are standardized (mean 0, standard
/// deviation 1), so `jitter` is the standard deviation as in netem's tables.
extension Latency.Distribution {
    func offset(uniform u: Double, second v: Double) -> Double {
        let u = min(max(u, 1e-12), 1 - 1e-12)
        switch self {
        case .uniform: return 2 * u - 1
        case .normal: return Self.inverseNormal(u)
        case .pareto: return Self.standardPareto(u)
        case .paretonormal:
            // netem's paretonormal: a quarter normal, three quarters Pareto, rescaled to unit deviation.
            return (0.25 * Self.inverseNormal(min(max(v, 1e-12), 1 - 1e-12)) + 0.75 * Self.standardPareto(u)) / 0.790569
        }
    }

    /// Pareto with shape 3 (netem's table), shifted and scaled to mean 0 and deviation 1.
    private static func standardPareto(_ u: Double) -> Double {
        let shape = 3.0
        let value = pow(1 - u, -1 / shape)
        return (value - 1.5) / 0.866025
    }

    /// The inverse of the standard normal CDF (Acklam's rational approximation, error < 1.2e-9).
    static func inverseNormal(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                 -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                 -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
