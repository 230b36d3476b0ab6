import Foundation
import MetricsTestKit
import NIOPosix
import RADIUS
import RADIUSFrontend
import TWAGConfiguration
import XCTest

final class RADIUSFrontendServiceTests: XCTestCase {
    func testStartServeAndShutdownFlushesTheRegistry() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = dir.appendingPathComponent("db/twag.sqlite").path
        var configuration = try TWAGConfiguration.parse(yaml: """
            diameter: {host: aaa.test, realm: test}
            radius: {secret: testing123, allowed_source_subnets: ["127.0.0.0/8"], bind_addresses: ["127.0.0.1"]}
            database_path: \(database)
            runtime_dir: \(dir.path)
            """)
        configuration.radius.authPort = 0
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let forwarder = FakeForwarder(fallback: AuthPipelineTests.challenge)
        let service = RADIUSFrontendService(configuration: configuration, instanceID: "fe-svc", forwarder: forwarder, group: group,
                                            logger: TestData.logger, metrics: FrontendMetrics(factory: TestMetrics()))
        let bound = try await service.start()
        let address = try XCTUnwrap(bound.first)
        let client = try await UDPTestClient(group: group, server: address)
        let request = TestData.accessRequest()
        try await client.send(try request.encodeRequest(secret: TestData.secret))
        let answers = try await client.waitFor(1)
        XCTAssertEqual(try RADIUSPacket.verifyResponse(try XCTUnwrap(answers.first), secret: TestData.secret,
                                                       requestAuthenticator: request.authenticator).code, .accessChallenge)
        XCTAssertEqual(forwarder.requests.first?.frontendID, "fe-svc")
        try await client.channel.close()
        await service.shutdown()
        let rows = try await SQLiteAccessPointStore(path: database).all()
        XCTAssertEqual(rows.map(\.nasIP), ["10.7.15.72"])
        try await group.shutdownGracefully()
    }

    func testUnwritableDatabaseFailsStart() async throws {
        var configuration = try TWAGConfiguration.parse(yaml: """
            diameter: {host: aaa.test, realm: test}
            radius: {secret: testing123, bind_addresses: ["127.0.0.1"]}
            database_path: /proc/twag-cannot-exist/twag.sqlite
            """)
        configuration.radius.authPort = 0
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let service = RADIUSFrontendService(configuration: configuration, instanceID: "x",
                                            forwarder: FakeForwarder(fallback: AuthPipelineTests.challenge), group: group,
                                            logger: TestData.logger, metrics: FrontendMetrics(factory: TestMetrics()))
        do {
            try await service.start()
            XCTFail("start must fail")
        } catch {
            guard case .sessionStore = error else { return XCTFail("unexpected \(error)") }
        }
        try await group.shutdownGracefully()
    }
}
