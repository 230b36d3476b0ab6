import TWAGCLI
import XCTest

final class AllocatorTuningTests: XCTestCase {
    func testTheSettingIsAddedToAChildsEnvironment() {
        let environment = AllocatorTuning.applied(to: ["PATH": "/usr/bin"])
        XCTAssertEqual(environment["GLIBC_TUNABLES"], "glibc.malloc.tcache_count=2000")
        XCTAssertEqual(environment["PATH"], "/usr/bin")
    }

    func testAnOperatorsOwnSettingWins() {
        let environment = AllocatorTuning.applied(to: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"])
        XCTAssertEqual(environment["GLIBC_TUNABLES"], "glibc.malloc.arena_max=2")
    }

    func testComposeAndSystemdShipTheSameSetting() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let line = "\(AllocatorTuning.variable)=\(AllocatorTuning.value)"
        let dockerfile = try String(contentsOf: root.appendingPathComponent("compose/Dockerfile"), encoding: .utf8)
        XCTAssertTrue(dockerfile.contains("ENV \(line)"))
        for unit in ["twag-aaa-core.service", "twag-charging-agent.service", "twag-radius-frontend@.service"] {
            let text = try String(contentsOf: root.appendingPathComponent("config/systemd/\(unit)"), encoding: .utf8)
            XCTAssertTrue(text.contains("Environment=\(line)"), unit)
        }
    }
}
