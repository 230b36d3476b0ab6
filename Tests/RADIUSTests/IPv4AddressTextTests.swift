import RADIUS
import XCTest

final class IPv4AddressTextTests: XCTestCase {
    /// The direct formatter against the plain map-and-join form, on every octet value in every
    /// position and on random addresses.
    func testDottedQuadMatchesTheNaiveFormatting() {
        func naive(_ value: UInt32) -> String {
            [24, 16, 8, 0].map { String(UInt8(truncatingIfNeeded: value >> UInt32($0))) }.joined(separator: ".")
        }
        for octet in 0...255 {
            for shift in [0, 8, 16, 24] {
                let value = UInt32(octet) << UInt32(shift)
                XCTAssertEqual(IPv4Address(rawValue: value).description, naive(value))
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = UInt32.random(in: .min ... .max, using: &generator)
            XCTAssertEqual(IPv4Address(rawValue: value).description, naive(value))
        }
        XCTAssertEqual(IPv4Address(255, 255, 255, 255).description, "255.255.255.255")
        XCTAssertEqual(IPv4Address(0, 0, 0, 0).description, "0.0.0.0")
    }
}
