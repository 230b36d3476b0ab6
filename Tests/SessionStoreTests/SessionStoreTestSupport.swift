import Foundation
import SessionStore

/// A store in a fresh temporary directory.
func makeStore() throws -> (SessionStore, String) {
    let directory = NSTemporaryDirectory() + "twag-session-store-\(UUID().uuidString)"
    let path = directory + "/twag.sqlite"
    return (try SessionStore(path: path), directory)
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
