import TestSupport
import WireFormat
import XCTest

/// Checks the capture harness itself: the published vectors, written by PcapWriter, must decode
/// clean in tshark. If this fails, the harness (not our encoders) is wrong.
final class HarnessTests: XCTestCase {
    func testPublishedRADIUSFlowDecodesClean() throws {
        try XCTSkipUnless(TShark.isAvailable, "tshark not installed; .ci/run installs it")
        let flow = try Fixtures.object("radius").item("eap_over_radius_flow", id: "radius-eap-aka-flow")
        let ap = Endpoint(192, 0, 2, 10, port: 40000)
        let server = Endpoint(192, 0, 2, 1, port: 1812)
        var pcap = PcapWriter()
        for (i, p) in try flow.array("packets").enumerated() {
            let bytes = try p.hex("hex")
            if i % 2 == 0 { pcap.udp(from: ap, to: server, payload: bytes) } else { pcap.udp(from: server, to: ap, payload: bytes) }
        }
        let result = try TShark.decode(pcap.bytes, options: TShark.radiusOptions(secret: "testing123"))
        XCTAssertEqual(result.problems, [], result.verbose)
        let rows = try TShark.fields(pcap.bytes, ["radius.code", "eap.type"])
        XCTAssertEqual(rows.map { $0[0] }, ["1", "11", "1", "2"])
    }

    func testPublishedDiameterMessagesDecodeClean() throws {
        try XCTSkipUnless(TShark.isAvailable, "tshark not installed; .ci/run installs it")
        let vectors = try Fixtures.object("diameter").array("vectors")
        var pcap = PcapWriter()
        var tcp = TCPConversation(
            client: Endpoint(192, 0, 2, 1, port: 40001), server: Endpoint(192, 0, 2, 2, port: 3868), in: &pcap)
        for v in vectors {
            let bytes = try v.hex("hex")
            // Requests go client -> server, answers back.
            if bytes[4] & 0x80 != 0 { tcp.clientSends(bytes, in: &pcap) } else { tcp.serverSends(bytes, in: &pcap) }
        }
        let result = try TShark.decode(pcap.bytes)
        XCTAssertEqual(result.problems, [], result.verbose)
        let codes = try TShark.fields(pcap.bytes, ["diameter.cmd.code"]).map { $0[0] }.filter { !$0.isEmpty }
        XCTAssertEqual(codes, vectors.map { String((try? $0.int("command_code")) ?? -1) })
    }

    /// The oracle must be able to fail: a corrupted AVP length and a wrong RADIUS secret are reported.
    func testHarnessReportsDamage() throws {
        try XCTSkipUnless(TShark.isAvailable, "tshark not installed; .ci/run installs it")
        var mar = try Fixtures.object("diameter").item("vectors", id: "swx-mar").hex("hex")
        mar[20 + 7] = 0xff  // Session-Id AVP length low byte: now overruns the message
        var pcap = PcapWriter()
        var tcp = TCPConversation(
            client: Endpoint(192, 0, 2, 1, port: 40001), server: Endpoint(192, 0, 2, 2, port: 3868), in: &pcap)
        tcp.clientSends(mar, in: &pcap)
        XCTAssertFalse(try TShark.decode(pcap.bytes).problems.isEmpty)

        let flow = try Fixtures.object("radius").item("eap_over_radius_flow", id: "radius-eap-aka-flow")
        var radius = PcapWriter()
        let packets = try flow.array("packets").map { try $0.hex("hex") }
        radius.udp(from: Endpoint(192, 0, 2, 10, port: 40000), to: Endpoint(192, 0, 2, 1, port: 1812), payload: packets[0])
        radius.udp(from: Endpoint(192, 0, 2, 1, port: 1812), to: Endpoint(192, 0, 2, 10, port: 40000), payload: packets[1])
        let wrongSecret = try TShark.decode(radius.bytes, options: TShark.radiusOptions(secret: "not-the-secret"))
        XCTAssertFalse(wrongSecret.problems.isEmpty, wrongSecret.verbose)
    }
}
