import XCTest
final class PlaceholderEAPAKATests: XCTestCase { func testNothing() {} }
