import Diameter
import DiameterPeer
import Foundation
import Logging
import NIOPosix
import XCTest

/// The `ocs-sim` executable as the lab runs it: the ready line with the bound ports, the control API
/// over HTTP, a Diameter client against it (CEA, CCR-I, RAR through the real main's wiring), the ledger
/// file at shutdown, and a bad balance file.
final class OCSSimExecutableTests: XCTestCase {
    static let imsi = "001010000000001"

    private func balances(in dir: URL, _ text: String) throws -> String {
        let path = dir.appendingPathComponent("balances.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `control http://HOST:PORT` and `on HOST:PORT,` of the ready line.
    private func port(after marker: String, in line: String) -> Int? {
        guard let range = line.range(of: marker) else { return nil }
        let rest = line[range.upperBound...]
        let hostPort = rest.prefix { !$0.isWhitespace && $0 != "," }
        return hostPort.split(separator: ":").last.flatMap { Int($0) }
    }

    func testControlAPIDiameterAndLedgerFile() async throws {
        let dir = try OCSFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try balances(in: dir, "subscribers:\n  - imsi: \"\(Self.imsi)\"\n    balance_octets: 1000000\n    msisdn: \"33600000001\"\n")
        let ocs = try OCSSimProcess(arguments: [
            "--balances", path, "--listen", "127.0.0.1:0", "--control", "127.0.0.1:0", "--origin-host", OCSFixture.ocsHost,
            "--origin-realm", OCSFixture.ocsRealm, "--default-grant-octets", "4096",
        ], directory: dir)
        let ready = try XCTUnwrap(ocs.waitForLine(containing: "ocs-sim ready"), ocs.log)
        let control = try XCTUnwrap(port(after: "control http://", in: ready), ready)
        let diameter = try XCTUnwrap(port(after: " on ", in: ready), ready)
        XCTAssertNotEqual(control, 0, "the bound port, not the asked 0")

        var r = try await ControlAPI.request("POST", port: control, "/topup?imsi=\(Self.imsi)&octets=500")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.json["balance_octets"] as? Int, 1_000_500)
        r = try await ControlAPI.request("GET", port: control, "/ledger")
        XCTAssertEqual(r.status, 200)
        let subscriber = (r.json["subscribers"] as? [String: Any])?[Self.imsi] as? [String: Any]
        XCTAssertEqual(subscriber?["balance_octets"] as? Int, 1_000_500)
        XCTAssertEqual(subscriber?["reserved_octets"] as? Int, 0)
        r = try await ControlAPI.request("POST", port: control, "/topup?imsi=\(Self.imsi)")
        XCTAssertEqual(r.status, 400)
        XCTAssertNotNil(r.json["error"])
        r = try await ControlAPI.request("GET", port: control, "/nothing")
        XCTAssertEqual(r.status, 404)

        // A Gy client: the CEA, a CCR-I, and a RAR sent back through the executable's node.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let received = ReceivedRequests()
        let client = DiameterNode(
            identity: DiameterLocalIdentity(originHost: OCSFixture.clientHost, originRealm: OCSFixture.clientRealm,
                                            productName: "gy test", authApplications: [.creditControl]),
            peers: [DiameterPeerSettings(host: OCSFixture.ocsHost, realm: OCSFixture.ocsRealm, address: "127.0.0.1",
                                         port: diameter)],
            listen: nil, group: group, logger: Logger(label: "gy-client-test"),
            requestHandler: { request, _ in
                received.add(request)
                return request.answer(resultCode: DiameterResultCode.success.rawValue, avps: [
                    .originHost(OCSFixture.clientHost), .originRealm(OCSFixture.clientRealm), .authApplicationId(.creditControl),
                ])
            })
        do {
            try await client.start()
            for _ in 0..<100 where client.peerStatus().first?.isOpen != true {
                try await Task.sleep(for: .milliseconds(50))
            }
            let status = try XCTUnwrap(client.peerStatus().first)
            XCTAssertTrue(status.isOpen, "\(status)\n\(ocs.log)")
            XCTAssertEqual(status.productName, "OpenTWAG ocs-sim")
            XCTAssertEqual(status.advertisedApplications, [DiameterApplication.creditControl.rawValue])
            let ccr = OCSFixture.ccr(.initial, 0, session: "exe-1", requested: .serverChooses)
            let cca = try CreditControlAnswer(decoding: try await client.send(ccr.message()), answering: ccr)
            XCTAssertEqual(cca.resultCode, 2001)
            XCTAssertEqual(cca.services.first?.grantedOctets, 4_096)
            r = try await ControlAPI.request("POST", port: control, "/rar?imsi=\(Self.imsi)")
            XCTAssertEqual(r.status, 200)
            let sessions = r.json["sessions"] as? [[String: Any]]
            XCTAssertEqual(sessions?.first?["session"] as? String, "exe-1")
            XCTAssertEqual(sessions?.first?["result"] as? Int, 2001, ocs.log)
            XCTAssertEqual(received.messages.map(\.commandCode), [DiameterCommand.reAuth.rawValue])
            r = try await ControlAPI.request("POST", port: control, "/faults?drop_updates=1&answer_delay_ms=0")
            XCTAssertEqual(r.json["drop_updates"] as? Bool, true)
            XCTAssertEqual(r.json["silent"] as? Bool, false)
        } catch {
            await client.shutdown()
            try? await group.shutdownGracefully()
            throw error
        }
        await client.shutdown()
        try? await group.shutdownGracefully()

        XCTAssertEqual(ocs.stop(), 0, ocs.log)
        let ledger = try OCSFixture.object(Data(contentsOf: URL(fileURLWithPath: path + ".ledger.json")))
        let saved = (ledger["subscribers"] as? [String: Any])?[Self.imsi] as? [String: Any]
        XCTAssertEqual(saved?["balance_octets"] as? Int, 1_000_500, "the default ledger path, written at shutdown")
        XCTAssertEqual(saved?["reserved_octets"] as? Int, 4_096)
        let types = (ledger["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
        XCTAssertEqual(types, ["CCR-I", "RAR"])
    }

    func testBadBalanceFileExitsWithTwo() throws {
        let dir = try OCSFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try balances(in: dir, "subscribers:\n  - imsi: \"\(Self.imsi)\"\n    balance_octets: -5\n")
        let ocs = try OCSSimProcess(arguments: ["--balances", path, "--listen", "127.0.0.1:0"], directory: dir)
        XCTAssertEqual(ocs.waitForExit(timeout: 30), 2, ocs.log)
        let lines = ocs.log.split(separator: "\n").filter { $0.contains("balances.yaml") }
        XCTAssertEqual(lines.count, 1, ocs.log)
        XCTAssertTrue(lines.first?.contains("subscribers[0].balance_octets") == true, ocs.log)

        let missing = try OCSSimProcess(arguments: ["--balances", dir.appendingPathComponent("none.yaml").path,
                                                   "--listen", "127.0.0.1:0"], directory: dir)
        XCTAssertEqual(missing.waitForExit(timeout: 30), 2, missing.log)
        XCTAssertTrue(missing.log.contains("none.yaml"), missing.log)
    }
}

/// Requests the test's Diameter client received (its handler runs on the node's tasks).
private final class ReceivedRequests: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [DiameterMessage] = []

    func add(_ message: DiameterMessage) { lock.withLock { list.append(message) } }

    var messages: [DiameterMessage] { lock.withLock { list } }
}
