import Foundation

/// The lab's dashboard password and API token: fresh random values at each `twag up`, handed to
/// twag-admin as overrides (the password as its bcrypt hash) and written to a 0600 file for the
/// operator and the tests. A lab never ships a known password.
public struct LabCredentials: Sendable, Equatable {
    public var user = "admin"
    public var password: String
    public var apiToken: String

    public init(password: String, apiToken: String) {
        self.password = password
        self.apiToken = apiToken
    }

    public static func random() -> LabCredentials {
        LabCredentials(password: randomText(bytes: 12), apiToken: randomText(bytes: 24))
    }

    /// The overrides twag-admin needs, given the password's hash.
    public func environment(passwordHash: String) -> [String: String] {
        ["TWAG_DASHBOARD__ADMIN_USER": user, "TWAG_DASHBOARD__ADMIN_PASSWORD_HASH": passwordHash,
         "TWAG_API__TOKENS": "[\"\(apiToken)\"]"]
    }

    /// `user=`, `password=`, `api_token=` lines.
    public var fileText: String {
        "user=\(user)\npassword=\(password)\napi_token=\(apiToken)\n"
    }

    public func write(to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        guard FileManager.default.createFile(atPath: path, contents: Data(fileText.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
    }

    public static func read(from path: String) -> LabCredentials? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equal = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equal])] = String(line[line.index(after: equal)...])
        }
        guard let password = values["password"], let token = values["api_token"] else { return nil }
        var credentials = LabCredentials(password: password, apiToken: token)
        credentials.user = values["user"] ?? "admin"
        return credentials
    }

    /// URL-safe random text (letters and digits) from the system's generator.
    static func randomText(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        return String((0..<(bytes * 4 / 3)).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
