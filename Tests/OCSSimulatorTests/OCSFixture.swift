import Diameter
import Foundation
import Logging
import OCSSimulator

/// Shared fixtures: one lab subscriber, CCR builders as a charging client sends them, and a service
/// with no ledger file.
enum OCSFixture {
    static let imsi = "001010000000001"
    static let clientHost = "gy.twag.lab"
    static let clientRealm = "twag.lab"
    static let ocsHost = "ocs.lab.twag"
    static let ocsRealm = "lab.twag"
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static func ccr(_ type: CreditControlRequest.RequestType, _ number: UInt32, session: String = "s1", imsi: String = imsi,
                    requested: CreditControlRequest.RequestedUnits = .octets(1_000), input: UInt64 = 0, output: UInt64 = 0,
                    reason: CreditControlRequest.ReportingReason? = nil) -> CreditControlRequest {
        CreditControlRequest(
            sessionID: session, originHost: clientHost, originRealm: clientRealm, destinationRealm: ocsRealm,
            serviceContextID: "32251@3gpp.org", requestType: type, requestNumber: number, imsi: imsi,
            eventTimestamp: 1_700_000_000, ratingGroup: 100, serviceIdentifier: 7,
            requested: type == .termination ? .none : requested,
            used: type == .initial ? nil : .init(inputOctets: input, outputOctets: output, seconds: 1, reason: reason),
            terminationCause: type == .termination ? .logout : nil)
    }

    static func ledger(balance: UInt64 = 10_000, behaviour: OCSBehaviour = OCSBehaviour()) -> OCSLedger {
        OCSLedger(accounts: [OCSAccount(imsi: imsi, balance: balance)], behaviour: behaviour)
    }

    static func service(balance: UInt64 = 10_000, behaviour: OCSBehaviour = OCSBehaviour(), faults: OCSFaults = OCSFaults(),
                        ledgerPath: String? = nil) -> OCSService {
        OCSService(ledger: ledger(balance: balance, behaviour: behaviour), faults: faults, originHost: ocsHost,
                   originRealm: ocsRealm, ledgerPath: ledgerPath, flushInterval: .milliseconds(10),
                   logger: Logger(label: "ocs-test"))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ocs-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The ledger as the JSON object tests and operators read.
    static func object(_ data: Data) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

extension OCSLedger {
    /// `handle` with the fixture's identity and clock.
    mutating func answer(_ ccr: CreditControlRequest) -> CreditControlAnswer {
        handle(ccr, originHost: OCSFixture.ocsHost, originRealm: OCSFixture.ocsRealm, now: OCSFixture.now)
    }

    var account: OCSAccount? { accounts[OCSFixture.imsi] }
}
