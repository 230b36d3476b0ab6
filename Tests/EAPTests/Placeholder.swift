import XCTest
final class PlaceholderEAPTests: XCTestCase { func testNothing() {} }
