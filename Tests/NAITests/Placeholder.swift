import XCTest
final class PlaceholderNAITests: XCTestCase { func testNothing() {} }
