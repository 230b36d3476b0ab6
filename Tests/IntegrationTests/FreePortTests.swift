import TestSupport
import XCTest

/// The ports handed to child processes stay out of the kernel's automatic range and are not
/// handed out twice, so no other socket of the run can take one before the child binds it.
final class FreePortTests: XCTestCase {
    func testPortsAreBelowTheEphemeralRangeAndDistinct() {
        let ports = (0..<200).map { $0.isMultiple(of: 2) ? FreePort.tcp() : FreePort.udp() }
        XCTAssertEqual(Set(ports).count, ports.count)
        for port in ports {
            XCTAssertGreaterThanOrEqual(port, 20000)
            XCTAssertLessThan(port, FreePort.ephemeralStart)
        }
    }
}
