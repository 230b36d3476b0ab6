/// The glibc allocator setting every OpenTWAG service runs with (compose's image, the systemd
/// units and `twag up` set the same variable).
///
/// glibc keeps freed blocks in a per-thread cache of 7 per size class by default. A service with
/// dozens of requests in flight frees more blocks of one size than that between two allocations,
/// so most allocations and frees fell through to the arena's slower paths (`_int_malloc`,
/// `_int_free`, `malloc_consolidate`: ≈ 12 % of the frontend's CPU in the profiles). A cache of
/// 2,000 per size keeps them thread-local: ≈ 10 % less CPU per authentication (docs/performance.md).
public enum AllocatorTuning {
    public static let variable = "GLIBC_TUNABLES"
    public static let value = "glibc.malloc.tcache_count=2000"

    /// `environment` with the setting added, unless the operator set `GLIBC_TUNABLES` already.
    public static func applied(to environment: [String: String]) -> [String: String] {
        var environment = environment
        if environment[variable] == nil { environment[variable] = value }
        return environment
    }
}
