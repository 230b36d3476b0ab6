import HummingbirdBcrypt
import TWAGConfiguration

/// The dashboard's accounts (`dashboard.admin_user` / `admin_password_hash`, `dashboard.users`),
/// checked with bcrypt.
public struct OperatorAccounts: Sendable {
    private let hashes: [String: String]

    public init(_ accounts: [OperatorAccountConfiguration]) {
        var hashes: [String: String] = [:]
        for account in accounts { hashes[account.name] = account.passwordHash.revealed }
        self.hashes = hashes
    }

    public var isEmpty: Bool { hashes.isEmpty }
    public var names: [String] { hashes.keys.sorted() }

    /// Whether `password` is `user`'s. An unknown user costs the same bcrypt work as a known one,
    /// so response times do not tell which names exist.
    public func verify(user: String, password: String) -> Bool {
        guard password.utf8.count <= 72 else { return false }  // bcrypt reads 72 bytes; longer ones would alias
        guard let hash = hashes[user] else {
            _ = Bcrypt.verify(password, hash: Self.decoy)
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }

    /// A bcrypt hash (cost 12) for `twag passwd`.
    public static func hash(password: String, cost: UInt8 = 12) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Hash of a random string at the cost `twag passwd` uses.
    private static let decoy = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"
}
