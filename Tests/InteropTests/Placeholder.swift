import XCTest
final class PlaceholderInteropTests: XCTestCase { func testNothing() {} }
