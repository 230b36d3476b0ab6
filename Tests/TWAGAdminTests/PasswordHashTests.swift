import Foundation
import TWAGAdmin
import TWAGConfiguration
import XCTest

/// bcrypt against an independent implementation: the pyca `bcrypt` package (.ci/setup installs it).
final class PasswordHashTests: XCTestCase {
    func python(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testOurHashesVerifyWithPycaBcryptAndTheirsWithOurs() throws {
        let password = "correct horse battery staple"
        let ours = OperatorAccounts.hash(password: password, cost: 10)
        XCTAssertTrue(ours.hasPrefix("$2b$10$"), ours)
        XCTAssertEqual(try python("import bcrypt; print(bcrypt.checkpw(b'\(password)', b'\(ours)'))"), "True")
        XCTAssertEqual(try python("import bcrypt; print(bcrypt.checkpw(b'wrong', b'\(ours)'))"), "False")

        let theirs = try python("import bcrypt; print(bcrypt.hashpw(b'\(password)', bcrypt.gensalt(10)).decode())")
        let accounts = OperatorAccounts([OperatorAccountConfiguration(name: "noc", passwordHash: ConfigurationSecret(theirs))])
        XCTAssertTrue(accounts.verify(user: "noc", password: password))
        XCTAssertFalse(accounts.verify(user: "noc", password: password + "x"))
        XCTAssertFalse(accounts.verify(user: "other", password: password), "unknown user")
        XCTAssertFalse(accounts.verify(user: "noc", password: String(repeating: "a", count: 73)), "over bcrypt's 72 bytes")
    }
}
