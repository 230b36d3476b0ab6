import Foundation
import SessionStore
import XCTest

/// The services start together and each migrates the shared file: concurrent openings of a new
/// file must all succeed (a race once left `twag up`'s frontend with "table sessions already exists").
final class ConcurrentMigrationTests: XCTestCase {
    func testConcurrentOpeningsOfANewFileAllSucceed() throws {
        for round in 0..<10 {
            let directory = NSTemporaryDirectory() + "twag-migrate-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/twag.sqlite"
            let failures = NSLock()
            nonisolated(unsafe) var errors: [String] = []
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do {
                    _ = try SQLiteSessionStore(path: path)
                } catch {
                    failures.withLock { errors.append("\(error)") }
                }
            }
            XCTAssertEqual(errors, [], "round \(round)")
        }
    }
}
