import Logging
import PostgresNIO
import PostgresStore
import TestSupport
import XCTest

/// A pool built from a `postgres://` location talks to a real server.
final class PostgresClientTests: PostgresClusterTestCase {
    private func withClient<T: Sendable>(_ url: String, _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let location = try PostgresLocation(url: url)
        let client = PostgresClient(configuration: location.clientConfiguration(maximumConnections: 4),
                                    backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            let result = try await body(client)
            group.cancelAll()
            return result
        }
    }

    func testAPoolFromALocationRunsQueries() async throws {
        let logger = self.logger
        let answer = try await withClient(try cluster.url()) { client in
            // More concurrent queries than connections: the pool queues them.
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        var sum = 0
                        for try await value in try await client.query("SELECT \(index)::int8 + 1", logger: logger).decode(Int.self) {
                            sum += value
                        }
                        return sum
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        XCTAssertEqual(answer, (1...16).reduce(0, +))
    }
}
