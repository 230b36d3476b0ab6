import RADIUSFrontend
import TWAGConfiguration
import XCTest

final class SourcePolicyTests: XCTestCase {
    func testAllowedSubnetGetsGlobalSecret() {
        let policy = SourcePolicy(radius: TestData.radius(subnets: ["10.7.15.0/24"]))
        let client = ClientEndpoint(address: [10, 7, 15, 72], port: 1645)!
        XCTAssertEqual(policy.evaluate(client), .allowed(secret: TestData.secret))
        XCTAssertFalse(policy.allowsAnySource)
    }

    func testSourceOutsideSubnetsIsDenied() {
        let policy = SourcePolicy(radius: TestData.radius(subnets: ["10.7.15.0/24"]))
        XCTAssertEqual(policy.evaluate(ClientEndpoint(address: [10, 7, 16, 1], port: 1645)!), .denied)
        XCTAssertEqual(policy.evaluate(ClientEndpoint(address: [UInt8](repeating: 0, count: 15) + [1], port: 1)!), .denied)
    }

    func testEmptyListAllowsAnySource() {
        let policy = SourcePolicy(radius: TestData.radius(subnets: []))
        XCTAssertTrue(policy.allowsAnySource)
        XCTAssertEqual(policy.evaluate(ClientEndpoint(address: [192, 0, 2, 9], port: 1)!), .allowed(secret: TestData.secret))
    }

    func testMostSpecificClientSecretWins() throws {
        var radius = TestData.radius(subnets: ["10.0.0.0/8"])
        radius.clients = [
            RADIUSClientConfiguration(name: "site", subnet: try CIDRSubnet(parsing: "10.7.0.0/16"), secret: ConfigurationSecret("site-secret")),
            RADIUSClientConfiguration(name: "lobby", subnet: try CIDRSubnet(parsing: "10.7.15.0/24"), secret: ConfigurationSecret("lobby-secret")),
        ]
        let policy = SourcePolicy(radius: radius)
        XCTAssertEqual(policy.evaluate(ClientEndpoint(address: [10, 7, 15, 72], port: 1)!), .allowed(secret: Array("lobby-secret".utf8)))
        XCTAssertEqual(policy.evaluate(ClientEndpoint(address: [10, 7, 1, 1], port: 1)!), .allowed(secret: Array("site-secret".utf8)))
        XCTAssertEqual(policy.evaluate(ClientEndpoint(address: [10, 8, 1, 1], port: 1)!), .allowed(secret: TestData.secret))
    }

    func testIPv4MappedAddressIsUnmapped() {
        let mapped: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 7, 15, 72]
        let client = ClientEndpoint(address: mapped, port: 1812)!
        XCTAssertEqual(client.address, [10, 7, 15, 72])
        XCTAssertEqual(client.description, "10.7.15.72:1812")
        XCTAssertEqual(SourcePolicy(radius: TestData.radius(subnets: ["10.7.15.0/24"])).evaluate(client), .allowed(secret: TestData.secret))
    }

    func testEndpointText() {
        let v6 = ClientEndpoint(address: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1], port: 1812)!
        XCTAssertEqual(v6.description, "[2001:db8::1]:1812")
        XCTAssertNil(ClientEndpoint(address: [1, 2, 3], port: 1))
    }
}
