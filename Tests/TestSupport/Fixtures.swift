import Foundation
import WireFormat

/// Published and cross-checked test vectors, copied into the project (Fixtures/vectors).
/// Tests read them from the bundle so nothing outside the repository is needed.
public enum Fixtures {
    public enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case notAnObject(String)
        case field(String)

        public var description: String {
            switch self {
            case .missing(let n): return "fixture \(n).json is missing from the test bundle"
            case .notAnObject(let n): return "fixture \(n).json is not a JSON object"
            case .field(let f): return "fixture field \(f) is missing or has the wrong type"
            }
        }
    }

    public static func url(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/vectors")
        else { throw LoadError.missing(name) }
        return url
    }

    /// The whole file as a JSON object.
    public static func object(_ name: String) throws -> JSONObject {
        let data = try Data(contentsOf: url(name))
        guard let dict = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LoadError.notAnObject(name)
        }
        return JSONObject(dict)
    }
}

/// Read-only view over a decoded JSON object with typed accessors that throw
/// (instead of force-casting) so a bad fixture fails the test with a clear message.
public struct JSONObject: @unchecked Sendable {
    public let raw: [String: Any]
    public init(_ raw: [String: Any]) { self.raw = raw }

    public func has(_ key: String) -> Bool { raw[key] != nil }

    public func string(_ key: String) throws -> String {
        guard let s = raw[key] as? String else { throw Fixtures.LoadError.field(key) }
        return s
    }

    public func int(_ key: String) throws -> Int {
        guard let n = raw[key] as? NSNumber else { throw Fixtures.LoadError.field(key) }
        return n.intValue
    }

    /// A hex string field as bytes.
    public func hex(_ key: String) throws -> [UInt8] {
        guard let b = [UInt8](hex: try string(key)) else { throw Fixtures.LoadError.field(key) }
        return b
    }

    public func object(_ key: String) throws -> JSONObject {
        guard let o = raw[key] as? [String: Any] else { throw Fixtures.LoadError.field(key) }
        return JSONObject(o)
    }

    public func array(_ key: String) throws -> [JSONObject] {
        guard let a = raw[key] as? [[String: Any]] else { throw Fixtures.LoadError.field(key) }
        return a.map(JSONObject.init)
    }

    /// The element of array `key` whose "id" (or "name") equals `id`.
    public func item(_ key: String, id: String) throws -> JSONObject {
        let items = try array(key)
        guard let found = items.first(where: { ($0.raw["id"] as? String) == id || ($0.raw["name"] as? String) == id })
        else { throw Fixtures.LoadError.field("\(key)[\(id)]") }
        return found
    }
}
