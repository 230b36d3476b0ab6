import XCTest
final class PlaceholderRADIUSTests: XCTestCase { func testNothing() {} }
