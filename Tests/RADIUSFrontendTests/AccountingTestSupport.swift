import Foundation
import MetricsTestKit
import RADIUS
import RADIUSFrontend
import SessionStore

/// Accounting-Requests as a WiFi AP sends them, for the accounting port tests.
enum AccountingData {
    static let sessionClass = "twag:0123456789abcdef"
    static let acctSessionID = "5F3A0001"
    static let userName = "0234150999999999@wlan.mnc015.mcc234.3gppnetwork.org"
    static let station = "02-00-00-00-00-01"

    /// An Accounting-Request of `status` for the test subscriber; counters only when given.
    static func request(_ status: AcctStatusType?, identifier: UInt8 = 1, sessionClass: String? = sessionClass,
                        acctSessionID: String = acctSessionID, delay: UInt32? = 0, sessionTime: UInt32? = nil,
                        input: (octets: UInt32, gigawords: UInt32)? = nil, output: (octets: UInt32, gigawords: UInt32)? = nil,
                        packets: (input: UInt32, output: UInt32)? = nil, terminate: AcctTerminateCause? = nil,
                        nasIdentifier: String = "ap-lobby") -> RADIUSPacket {
        var packet = RADIUSPacket(code: .accountingRequest, identifier: identifier)
        packet.acctStatusType = status
        packet.acctSessionId = acctSessionID
        packet.userName = userName
        packet.nasIPAddress = IPv4Address(10, 7, 15, 72)
        packet.nasIdentifier = nasIdentifier
        packet.calledStationId = "64-D9-89-1D-A4-20:ONS"
        packet.callingStationId = station
        packet.nasPortType = .wireless80211
        packet.framedIPAddress = IPv4Address(10, 64, 0, 17)
        if let sessionClass { packet.classes = [Array("ignored-other-class".utf8), Array(sessionClass.utf8)] }
        packet.acctSessionTime = sessionTime
        if let input {
            packet.acctInputOctets = input.octets
            packet.acctInputGigawords = input.gigawords
        }
        if let output {
            packet.acctOutputOctets = output.octets
            packet.acctOutputGigawords = output.gigawords
        }
        if let packets {
            packet.acctInputPackets = packets.input
            packet.acctOutputPackets = packets.output
        }
        packet.acctTerminateCause = terminate
        packet.eventTimestamp = 1_760_000_000
        packet.acctDelayTime = delay
        return packet
    }

    /// The session aaa-core accepted (what the frontend writes at Access-Accept).
    static func authorized(_ sessionClass: String = sessionClass, nasIdentifier: String = "ap-lobby",
                           clientIP: String = "127.0.0.1") -> AuthorizedSession {
        AuthorizedSession(sessionClass: sessionClass, imsi: "234150999999999", userName: userName,
                          callingStationID: station, calledStationID: "64-D9-89-1D-A4-20:ONS", nasIP: "10.7.15.72",
                          nasIdentifier: nasIdentifier, clientIP: clientIP, frontendID: "fe-test", servingHSS: nil,
                          hssRegistered: false, acceptedAt: Date())
    }
}

/// A pipeline on a fresh SQLite file in a temporary directory.
struct AccountingHarness {
    let directory: URL
    let databasePath: String
    let store: any SessionStore
    let writer: SessionWriter
    let metrics: TestMetrics
    let pipeline: AccountingPipeline

    init(subnets: [String] = ["127.0.0.0/8", "::1/128"]) throws {
        directory = try temporaryDirectory()
        databasePath = directory.appendingPathComponent("twag.sqlite").path
        store = try SQLiteSessionStore(path: databasePath)
        writer = SessionWriter(store: store)
        metrics = TestMetrics()
        let radius = TestData.radius(subnets: subnets)
        pipeline = AccountingPipeline(policy: SourcePolicy(radius: radius), settings: PipelineSettings(frontendID: "fe-test"),
                                      writer: writer, metrics: FrontendMetrics(factory: metrics), logger: TestData.logger)
    }

    /// Writes the session row as the auth pipeline does at Access-Accept.
    @discardableResult
    func authorize(_ session: AuthorizedSession = AccountingData.authorized()) async throws -> Int64 {
        guard case .authorized(let id) = try await writer.submit(.authorized(session)) else {
            throw HarnessError.unexpectedWriteResult
        }
        return id
    }

    /// Sends `packet` signed with `secret` from the test AP; returns the request bytes and the answer.
    func send(_ packet: RADIUSPacket, secret: [UInt8] = TestData.secret,
              from client: ClientEndpoint = TestData.apIP) async throws -> (request: [UInt8], answer: [UInt8]?) {
        let bytes = try packet.encodeRequest(secret: secret)
        return (bytes, await pipeline.handle(bytes, from: client))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    enum HarnessError: Error { case unexpectedWriteResult }
}

extension Array where Element == UInt8 {
    /// The Authenticator field of an encoded RADIUS packet.
    var radiusAuthenticator: [UInt8] { count >= 20 ? Array(self[4..<20]) : [] }
}
