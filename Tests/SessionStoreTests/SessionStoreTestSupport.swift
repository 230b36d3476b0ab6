import Foundation
import Logging
import PostgresStore
import SessionStore
import TestSupport
import XCTest

/// Runs `body` on a fresh store of each engine: SQLite in a temporary directory, then PostgreSQL
/// in a new database on the test process's private cluster. Every SessionStore test runs on both
/// (issue #11: the same semantics on both engines).
func forEachEngine(_ body: (any SessionStore) async throws -> Void) async throws {
    let directory = NSTemporaryDirectory() + "twag-session-store-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try await onEngine("sqlite") { try await body(try SQLiteSessionStore(path: directory + "/twag.sqlite", nodeID: "node-a")) }
    let store = try await makePostgresStore()
    defer { Task { await store.close() } }
    try await onEngine("postgresql") { try await body(store) }
}

/// A PostgreSQL store on a new database, migrated.
func makePostgresStore(nodeID: String = "node-a") async throws -> PostgresSessionStore {
    let url = try PostgresTestCluster.freshDatabase()
    let store = PostgresSessionStore(location: try PostgresLocation(url: url), nodeID: nodeID, maximumConnections: 4,
                                     logger: Logger(label: "session-store-test"))
    let ready = await store.waitUntilReady(timeout: .seconds(60))
    XCTAssertTrue(ready, "the PostgreSQL store did not become ready")
    return store
}

/// Names the engine in the log around `body`, so a failed assertion can be placed.
private func onEngine(_ name: String, _ body: () async throws -> Void) async throws {
    print("-- engine \(name)")
    do {
        try await body()
    } catch {
        throw EngineFailure(engine: name, underlying: error)
    }
}

struct EngineFailure: Error, CustomStringConvertible {
    var engine: String
    var underlying: any Error
    var description: String { "on \(engine): \(underlying)" }
}
func session(_ sessionClass: String, imsi: String = "001010000000001", registered: Bool = false,
             client: String = "10.0.0.1", station: String = "02-00-00-00-00-01",
             at date: Date = Date(timeIntervalSince1970: 1_700_000_000)) -> AuthorizedSession {
    AuthorizedSession(sessionClass: sessionClass, imsi: imsi, userName: "0\(imsi)@wlan.mnc001.mcc001.3gppnetwork.org",
                      callingStationID: station, calledStationID: "AA-BB-CC-DD-EE-FF:TWAG", nasIP: client,
                      nasIdentifier: "ap-1", clientIP: client, frontendID: "fe-1", servingHSS: "hss.lab.twag",
                      hssRegistered: registered, acceptedAt: date)
}

func accounting(_ status: AccountingStatus, class sessionClass: String? = nil, acctSessionID: String? = "ACCT-1",
                client: String = "10.0.0.1", output: UInt64? = nil, fingerprint: String,
                user: String? = nil, station: String? = nil, nasIdentifier: String? = nil) -> AccountingEntry {
    var entry = AccountingEntry(receivedAt: Date(timeIntervalSince1970: 1_700_000_100), frontendID: "fe-1",
                                clientIP: client, statusType: status.rawValue, fingerprint: Array(fingerprint.utf8))
    entry.sessionClass = sessionClass
    entry.acctSessionID = acctSessionID
    entry.outputOctets = output
    entry.inputOctets = output.map { $0 / 2 }
    entry.sessionTime = output.map { UInt32(truncatingIfNeeded: $0 / 1_000_000) }
    entry.userName = user
    entry.callingStationID = station
    entry.nasIdentifier = nasIdentifier
    if status == .stop {
        entry.terminateCause = 1
        entry.terminateCauseName = "User-Request"
    }
    return entry
}
