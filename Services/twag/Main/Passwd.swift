import ArgumentParser
import Foundation
import HummingbirdBcrypt

/// `twag passwd`: the bcrypt hash of a dashboard password, for `dashboard.admin_password_hash` or
/// `dashboard.users[].password_hash`. The password is read from the terminal without echo, or
/// from the first line of standard input when it is not a terminal (scripts).
struct Passwd: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the bcrypt hash of a dashboard password (read without echo, or from standard input).")

    @Option(help: "bcrypt cost (work factor, 10-15).")
    var cost: UInt8 = 12

    func validate() throws {
        guard (10...15).contains(cost) else { throw ValidationError("--cost must be 10 to 15") }
    }

    func run() throws {
        let password: String
        if isatty(STDIN_FILENO) != 0 {
            guard let first = getpass("Password: ").map({ String(cString: $0) }),
                let second = getpass("Again: ").map({ String(cString: $0) })
            else { throw ValidationError("no password read") }
            guard first == second else { throw ValidationError("the two passwords differ") }
            password = first
        } else {
            guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
            password = line
        }
        guard password.utf8.count >= 12 else { throw ValidationError("use at least 12 characters") }
        guard password.utf8.count <= 72 else { throw ValidationError("bcrypt reads at most 72 bytes: use a shorter password") }
        print(Bcrypt.hash(password, cost: cost))
    }
}
