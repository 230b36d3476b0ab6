import XCTest
final class PlaceholderDiameterTests: XCTestCase { func testNothing() {} }
