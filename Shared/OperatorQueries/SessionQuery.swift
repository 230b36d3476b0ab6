import Foundation
import NAI
import OperatorStatus
import SessionStore

/// A query parameter an operator got wrong: answered 400 with the parameter named.
public struct QueryInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var parameter: String
    public var reason: String

    public var description: String { "\(parameter): \(reason)" }
}

/// The sessions query of the REST API and the dashboard, read from URL parameters and checked
/// before anything reaches the store.
public struct SessionQuery: Sendable, Equatable {
    public var filter = SessionFilter()
    public var limit = 100
    public var offset = 0

    public static let maximumLimit = 1_000
    public static let parameters: Set<String> = ["imsi", "ap", "state", "since", "until", "limit", "offset"]

    public init() {}

    /// - Parameter parameters: name → value; repeated names are refused by the caller.
    public init(parameters: [String: String]) throws(QueryInputError) {
        for name in parameters.keys where !Self.parameters.contains(name) {
            throw QueryInputError(parameter: String(name.prefix(64)), reason: "unknown parameter")
        }
        if let imsi = parameters["imsi"] {
            guard (try? IMSI(imsi)) != nil else { throw QueryInputError(parameter: "imsi", reason: "must be 6 to 15 digits") }
            filter.imsi = imsi
        }
        if let ap = parameters["ap"] {
            guard (1...64).contains(ap.utf8.count), ap.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw QueryInputError(parameter: "ap", reason: "must be 1 to 64 printable ASCII characters")
            }
            filter.accessPoint = ap
        }
        if let state = parameters["state"] {
            guard let liveness = SessionFilter.Liveness(rawValue: state) else {
                throw QueryInputError(parameter: "state", reason: "must be live or ended")
            }
            filter.liveness = liveness
        }
        filter.since = try Self.time(parameters["since"], name: "since")
        filter.until = try Self.time(parameters["until"], name: "until")
        if let since = filter.since, let until = filter.until, since >= until {
            throw QueryInputError(parameter: "until", reason: "must be after since")
        }
        limit = try Self.integer(parameters["limit"], name: "limit", range: 1...Self.maximumLimit) ?? limit
        offset = try Self.integer(parameters["offset"], name: "offset", range: 0...10_000_000) ?? offset
    }

    private static func time(_ text: String?, name: String) throws(QueryInputError) -> Date? {
        guard let text else { return nil }
        guard text.utf8.count <= 40, let date = Timestamp.date(text) else {
            throw QueryInputError(parameter: name, reason: "must be an RFC 3339 time such as 2026-12-04T10:00:00Z")
        }
        return date
    }

    private static func integer(_ text: String?, name: String, range: ClosedRange<Int>) throws(QueryInputError) -> Int? {
        guard let text else { return nil }
        guard text.utf8.count <= 9, let value = Int(text), range.contains(value) else {
            throw QueryInputError(parameter: name, reason: "must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}
