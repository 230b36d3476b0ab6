/// The `eap` section: which EAP methods aaa-core offers and how it bounds conversations.
public struct EAPConfiguration: Sendable, Equatable {
    /// An EAP method aaa-core can run.
    public enum Method: String, Sendable, CaseIterable {
        /// EAP-AKA (RFC 4187).
        case aka
        /// EAP-AKA' (RFC 9048).
        case akaPrime = "aka_prime"
    }

    /// Methods offered (`methods`).
    public var methods: [Method] = [.aka, .akaPrime]
    /// Method proposed first when the identity does not decide (`prefer`).
    public var prefer: Method = .akaPrime
    /// Access Network Identity bound into EAP-AKA' keys (`network_name`, TS 24.302: "WLAN").
    public var networkName: String = "WLAN"
    /// Accepted home realms of subscriber NAIs (`realm`); empty = any 3GPP realm. Compare
    /// without regard to case.
    public var realms: [String] = []
    /// Digits of the MNC when deriving a 3GPP realm from an IMSI (`mnc_length`: 2 or 3).
    public var mncLength: Int = 2
    /// How long an unanswered conversation is kept (`state_timeout_s`).
    public var stateTimeoutSeconds: Int = 60
    /// Conversations held at once before new ones are refused (`max_conversations`).
    public var maxConversations: Int = 100_000

    public init() {}

    static let keys = ["methods", "prefer", "network_name", "realm", "mnc_length", "state_timeout_s", "max_conversations"]

    init(reading reader: ConfigReader) throws(ConfigurationError) {
        if let listed = try reader.list("methods", maximumCount: 8, expected: "a list of methods", element: {
            (node, path) throws(ConfigurationError) -> Method in
            try ConfigReader.choice(node, path: path)
        }) {
            guard !listed.isEmpty else {
                throw ConfigurationError.invalidValue(path: reader.keyPath("methods"), reason: "must list at least one method")
            }
            for (index, method) in listed.enumerated() where listed[..<index].contains(method) {
                throw ConfigurationError.invalidValue(path: "\(reader.keyPath("methods"))[\(index)]", reason: "\(method.rawValue) is listed twice")
            }
            methods = listed
        }
        prefer = try reader.choice("prefer", default: prefer)
        guard methods.contains(prefer) else {
            throw ConfigReader.attributed(.invalidValue(path: reader.keyPath("prefer"), reason: "\(prefer.rawValue) is not listed in eap.methods"),
                                          to: reader.node("prefer") ?? .emptyMapping)
        }
        networkName = try reader.string("network_name", default: networkName)
        realms = try reader.list("realm", maximumCount: 256, expected: "a list of realms") { (node, path) throws(ConfigurationError) in
            try ConfigReader.string(node, path: path, maximumLength: 255, check: ValueChecks.realm)
        } ?? []
        if let value = reader.node("mnc_length") {
            let length = try ConfigReader.int(value, path: reader.keyPath("mnc_length"), range: 2...3)
            mncLength = length
        }
        stateTimeoutSeconds = try reader.int("state_timeout_s", default: stateTimeoutSeconds, range: 1...3600)
        maxConversations = try reader.int("max_conversations", default: maxConversations, range: 1...10_000_000)
    }
}
