import XCTest
final class PlaceholderMilenageTests: XCTestCase { func testNothing() {} }
