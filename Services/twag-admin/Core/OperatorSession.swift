import Crypto
import Foundation

/// What the dashboard keeps per login (server side; the cookie only names it).
public struct OperatorSession: Codable, Sendable, Equatable {
    public var user: String
    /// Sent back in `X-CSRF-Token` (or the form's `csrf` field) with every action.
    public var csrfToken: String
    public var loggedInAt: Date
    /// Last request that was the operator's own (not a live update).
    public var lastActive: Date

    public init(user: String, now: Date) {
        self.user = user
        self.csrfToken = SecretToken.make()
        self.loggedInAt = now
        self.lastActive = now
    }

    public func isIdle(now: Date, timeout: TimeInterval) -> Bool {
        now.timeIntervalSince(lastActive) > timeout
    }
}

/// Random tokens and their comparison.
public enum SecretToken {
    /// 32 random bytes, base64url.
    public static func make() -> String {
        let key = SymmetricKey(size: .bits256)
        return key.withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares without an early exit, so timing does not reveal how much of a token matched.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<min(x.count, y.count) { difference |= x[index] ^ y[index] }
        return difference == 0 && !x.isEmpty
    }

    /// Whether `token` is one of `accepted` (each compared in full).
    public static func contains(_ accepted: [String], _ token: String) -> Bool {
        var found = false
        for candidate in accepted where equal(candidate, token) { found = true }
        return found
    }
}
