import Foundation
import SessionStore

/// The frontend's durable accounting write without the network around it: group commits of
/// Interim-Updates into a SQLite store with 1,024 live sessions, as the session writer's thread
/// runs them. Stack runs on this shared machine vary by ±10 % from one minute to the next; this
/// figure isolates the store's share of an accounting request and is stable enough to A/B.
struct AccountingStoreBenchmark {
    static let sessions = 1_024
    static let batch = 64

    let store: SQLiteSessionStore
    let commit: @Sendable ([SessionWrite]) throws(SessionStoreError) -> [SessionWriteResult]
    let directory: URL
    private var sequence: UInt64 = 0
    private var generator = SystemRandomNumberGenerator()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("twag-bench-\(UUID().uuidString)")
        store = try SQLiteSessionStore(path: directory.appendingPathComponent("twag.sqlite").path)
        guard let commit = store.blockingCommit else { throw SessionStoreError.closed }
        self.commit = commit
        let accepted = (0..<Self.sessions).map { i in
            SessionWrite.authorized(AuthorizedSession(
                sessionClass: Self.sessionClass(i), imsi: "0010101\(100_000_000 + i)",
                userName: "00010101\(100_000_000 + i)@wlan.mnc001.mcc001.3gppnetwork.org",
                callingStationID: Self.station(i), calledStationID: "AA-BB-CC-DD-EE-FF:TWAG-LAB", nasIP: "127.0.0.1",
                nasIdentifier: "ap-01", clientIP: "127.0.0.1", frontendID: "radius-frontend-1", servingHSS: "hss.lab",
                hssRegistered: true, acceptedAt: Date()))
        }
        _ = try commit(accepted)
    }

    /// 32 octets spread like the SHA-256 the frontend computes (splitmix64 of the sequence): a
    /// counter would make the fingerprint index append-only, which real fingerprints are not.
    static func fingerprint(_ sequence: UInt64) -> [UInt8] {
        var octets: [UInt8] = []
        octets.reserveCapacity(32)
        var state = sequence
        for _ in 0..<4 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            withUnsafeBytes(of: z ^ (z >> 31)) { octets.append(contentsOf: $0) }
        }
        return octets
    }

    static func sessionClass(_ i: Int) -> String { "twag:bench-\(i)" }
    static func station(_ i: Int) -> String { "02-00-00-00-\(String(i >> 8, radix: 16))-\(String(i & 255, radix: 16))" }

    /// One transaction of `batch` records, each for a random session (its first is a Start).
    mutating func commitBatch() throws -> Int {
        var writes: [SessionWrite] = []
        writes.reserveCapacity(Self.batch)
        for _ in 0..<Self.batch {
            sequence += 1
            let i = Int.random(in: 0..<Self.sessions, using: &generator)
            let status: AccountingStatus = sequence <= UInt64(Self.sessions) ? .start : .interimUpdate
            var entry = AccountingEntry(receivedAt: Date(), frontendID: "radius-frontend-1", clientIP: "127.0.0.1",
                                        statusType: status.rawValue,
                                        fingerprint: Self.fingerprint(sequence))
            entry.acctSessionID = "bench-\(i)"
            entry.sessionClass = Self.sessionClass(i)
            entry.userName = "00010101\(100_000_000 + i)@wlan.mnc001.mcc001.3gppnetwork.org"
            entry.nasIP = "127.0.0.1"
            entry.nasIdentifier = "ap-01"
            entry.callingStationID = Self.station(i)
            entry.calledStationID = "AA-BB-CC-DD-EE-FF:TWAG-LAB"
            entry.framedIP = "10.45.0.1"
            entry.sessionTime = UInt32(truncatingIfNeeded: sequence / 1_000)
            entry.inputOctets = sequence &* 1_500
            entry.outputOctets = sequence &* 3_000
            entry.inputPackets = UInt32(truncatingIfNeeded: sequence)
            entry.outputPackets = UInt32(truncatingIfNeeded: sequence)
            entry.eventTimestamp = 1_764_860_000
            writes.append(.accounting(entry))
        }
        return try commit(writes).count
    }

    /// Thread CPU (user + system: SQLite's WAL writes and checkpoints are system time) per
    /// transaction, median and best of 7 rounds of 100, after 800 transactions (51,200 records) so
    /// the indexes are past the sizes where everything fits in a few pages. CPU rather than wall
    /// time: a checkpoint's fsync waits on the disk, which varies more than the work.
    mutating func measure(name: String) throws -> BenchmarkResult {
        for _ in 0..<800 { _ = try commitBatch() }
        var perTransaction: [Double] = []
        for _ in 0..<7 {
            let start = Self.threadCPUNanos()
            for _ in 0..<100 { _ = try commitBatch() }
            perTransaction.append(Double(Self.threadCPUNanos() - start) / 100)
        }
        perTransaction.sort()
        return BenchmarkResult(name: name, iterations: 100, bestNanos: perTransaction[0], medianNanos: perTransaction[3])
    }

    static func threadCPUNanos() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
