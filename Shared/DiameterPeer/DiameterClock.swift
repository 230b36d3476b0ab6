#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock seconds, only for Origin-State-Id (state machines use injected monotonic time).
func clampedUnixSeconds() -> Int {
    Int(time(nil))
}
