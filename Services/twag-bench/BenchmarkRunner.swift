/// Times an operation the way a micro-benchmark should: warm up, then several timed rounds
/// of many iterations; report the best and median round as nanoseconds per operation.
/// Not a test: run it in release (`swift run -c release twag-bench`).
struct BenchmarkResult: Sendable {
    let name: String
    let iterations: Int
    let bestNanos: Double
    let medianNanos: Double
}

struct BenchmarkRunner {
    var rounds = 7
    var minimumRoundNanos: Int64 = 100_000_000

    /// `body` must consume its result (return it) so the optimiser cannot drop the work.
    func measure<R>(_ name: String, _ body: () throws -> R) rethrows -> BenchmarkResult {
        let clock = ContinuousClock()
        var sink = 0
        // Calibrate: grow the iteration count until one round lasts long enough to time well.
        var iterations = 16
        while true {
            let t = try clock.measure {
                for _ in 0..<iterations { sink &+= consume(try body()) }
            }
            if nanos(t) >= minimumRoundNanos || iterations >= 1 << 26 { break }
            iterations *= 2
        }
        var perOp = [Double]()
        for _ in 0..<rounds {
            let t = try clock.measure {
                for _ in 0..<iterations { sink &+= consume(try body()) }
            }
            perOp.append(Double(nanos(t)) / Double(iterations))
        }
        perOp.sort()
        if sink == 42 { print("") }  // keeps `sink` alive
        return BenchmarkResult(
            name: name, iterations: iterations, bestNanos: perOp[0], medianNanos: perOp[perOp.count / 2])
    }

    private func nanos(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }

    @inline(never)
    private func consume<R>(_ value: R) -> Int {
        withUnsafeBytes(of: value) { $0.count }
    }
}
