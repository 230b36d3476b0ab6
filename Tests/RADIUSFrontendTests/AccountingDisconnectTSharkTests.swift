import Foundation
import IPC
import RADIUS
@testable import RADIUSFrontend
import TestSupport
import WireFormat
import XCTest

/// What the frontend puts on the wire for accounting and Dynamic Authorization, decoded by tshark
/// with the shared secret: the pipeline's Accounting-Response to a signed Accounting-Request, and
/// the Disconnect-Request DisconnectSender sends with the AP's ACK and NAK.
///
/// Lives here rather than in InteropTests because it drives `AccountingPipeline` and
/// `DisconnectRequestBuilder`, which InteropTests does not depend on.
final class AccountingDisconnectTSharkTests: XCTestCase {
    static let secretText = "testing123"

    func testAccountingAndDisconnectExchangesDecodeCleanInTShark() async throws {
        try XCTSkipUnless(TShark.isAvailable, "tshark not installed; .ci/run installs it")
        let secret = Array(Self.secretText.utf8)
        let ap = Endpoint(192, 0, 2, 10, port: 40000)
        let acctServer = Endpoint(192, 0, 2, 1, port: 1813)
        let das = Endpoint(192, 0, 2, 10, port: 3799)
        let dac = Endpoint(192, 0, 2, 1, port: 50000)
        var pcap = PcapWriter()

        // Accounting-Request Start (Class, counters with gigawords) through the real pipeline.
        let harness = try AccountingHarness(subnets: ["192.0.2.0/24"])
        defer { harness.remove() }
        try await harness.authorize(AccountingData.authorized(clientIP: "192.0.2.10"))
        let client = try XCTUnwrap(ClientEndpoint(address: ap.address, port: ap.port))
        let start = AccountingData.request(.start, identifier: 17, sessionTime: 0, input: (123_456, 2), output: (654_321, 1),
                                           packets: (10, 11))
        let sent = try await harness.send(start, from: client)
        let response = try XCTUnwrap(sent.answer, "the pipeline acknowledges the Start")
        pcap.udp(from: ap, to: acctServer, payload: sent.request)
        pcap.udp(from: acctServer, to: ap, payload: response)

        // Disconnect-Request as DisconnectSender builds and signs it, then the AP's ACK, then a NAK to a second one.
        let request = IPCDisconnectRequest(
            sessionClass: AccountingData.sessionClass, clientIP: "192.0.2.10", userName: AccountingData.userName,
            acctSessionID: AccountingData.acctSessionID, callingStationID: AccountingData.station, nasIP: "10.7.15.72",
            nasIdentifier: "ap-lobby", cause: "HSS Registration-Termination")
        let now = Date(timeIntervalSince1970: 1_760_000_123)
        let disconnect = try DisconnectRequestBuilder.packet(for: request, identifier: 200, now: now)
            .encodeRequest(secret: secret, messageAuthenticator: .first)
        let received = try RADIUSPacket.verifyRequest(disconnect, secret: secret, requireMessageAuthenticator: true)
        pcap.udp(from: dac, to: das, payload: disconnect)
        pcap.udp(from: das, to: dac, payload: try RADIUSPacket.reply(to: received, code: .disconnectACK)
            .encodeResponse(secret: secret, requestAuthenticator: received.authenticator, messageAuthenticator: .first))

        let second = try DisconnectRequestBuilder.packet(for: request, identifier: 201, now: now)
            .encodeRequest(secret: secret, messageAuthenticator: .first)
        let secondReceived = try RADIUSPacket.verifyRequest(second, secret: secret, requireMessageAuthenticator: true)
        var nak = RADIUSPacket.reply(to: secondReceived, code: .disconnectNAK)
        nak.errorCause = .sessionContextNotFound
        pcap.udp(from: dac, to: das, payload: second)
        pcap.udp(from: das, to: dac, payload: try nak.encodeResponse(secret: secret, requestAuthenticator: secondReceived.authenticator,
                                                                     messageAuthenticator: .first))

        let options = TShark.radiusOptions(secret: Self.secretText) + ["-d", "udp.port==3799,radius", "-d", "udp.port==50000,radius"]
        let result = try TShark.decode(pcap.bytes, options: options)
        XCTAssertEqual(result.problems, [], result.verbose)
        // Accounting-Response, Disconnect-ACK and Disconnect-NAK authenticators checked by tshark.
        XCTAssertEqual(result.verbose.components(separatedBy: "[Valid Authenticator: True]").count - 1, 3, result.verbose)
        XCTAssertTrue(result.verbose.contains("Session-Context-Not-Found"), "Error-Cause decoded")

        let names = ["radius.code", "radius.id", "radius.Acct_Status_Type", "radius.Acct_Session_Id", "radius.Class",
                     "radius.Acct_Input_Octets", "radius.Acct_Input_Gigawords", "radius.Acct_Output_Gigawords",
                     "radius.User_Name", "radius.Calling_Station_Id", "radius.NAS_IP_Address", "radius.Event_Timestamp",
                     "radius.Message_Authenticator", "radius.Error_Cause"]
        let rows = try TShark.fields(pcap.bytes, names, options: options)
        func field(_ row: Int, _ name: String) -> String {
            guard let column = names.firstIndex(of: name), rows.indices.contains(row), rows[row].indices.contains(column)
            else { return "<missing>" }
            return rows[row][column]
        }
        XCTAssertEqual(rows.map { $0.first ?? "" }, ["4", "5", "40", "41", "40", "42"])
        XCTAssertEqual(rows.map { $0.count > 1 ? $0[1] : "" }, ["17", "17", "200", "200", "201", "201"])
        // Accounting-Request.
        XCTAssertEqual(field(0, "radius.Acct_Status_Type"), "1")
        XCTAssertEqual(field(0, "radius.Acct_Session_Id"), AccountingData.acctSessionID)
        XCTAssertTrue(field(0, "radius.Class").contains(Array(AccountingData.sessionClass.utf8).hexString), field(0, "radius.Class"))
        XCTAssertEqual(field(0, "radius.Acct_Input_Octets"), "123456")
        XCTAssertEqual(field(0, "radius.Acct_Input_Gigawords"), "2")
        XCTAssertEqual(field(0, "radius.Acct_Output_Gigawords"), "1")
        // Disconnect-Request: the session identification, NAS identification, time and Message-Authenticator.
        XCTAssertEqual(field(2, "radius.User_Name"), AccountingData.userName)
        XCTAssertEqual(field(2, "radius.Acct_Session_Id"), AccountingData.acctSessionID)
        XCTAssertEqual(field(2, "radius.Calling_Station_Id"), AccountingData.station)
        XCTAssertEqual(field(2, "radius.NAS_IP_Address"), "10.7.15.72")
        XCTAssertFalse(field(2, "radius.Event_Timestamp").isEmpty)
        XCTAssertEqual(field(2, "radius.Message_Authenticator").count, 32, "16 octets in hex")
        XCTAssertEqual(field(5, "radius.Error_Cause"), "503")
    }
}
