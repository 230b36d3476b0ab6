/// The operator surface's requests (twag-admin, `twag`): management plane, answered with a JSON
/// document (`OperatorStatus` types) in one `statusDocument` field. See docs/ipc.md.
extension IPCMessageType {
    /// Any service: report yourself (aaa-core also relays it to every connected frontend).
    public static let statusRequest = Self(rawValue: 0x0400)
    public static let statusResult = Self(rawValue: 0x0401)
    /// aaa-core: send a MAR for `imsi` through the real peers and report the answer.
    public static let diameterTest = Self(rawValue: 0x0410)
    public static let diameterTestResult = Self(rawValue: 0x0411)
    /// aaa-core: disconnect the live sessions named by `sessionID` or `imsi` (through their frontends).
    public static let operatorDisconnect = Self(rawValue: 0x0420)
    public static let operatorDisconnectResult = Self(rawValue: 0x0421)
}

extension IPCTag {
    /// bytes: a JSON document (ServiceStatus, DiameterTestReport, DisconnectReport).
    public static let statusDocument = Self(rawValue: 90)
    /// string: "aka" or "aka_prime" (diameter-test).
    public static let akaScheme = Self(rawValue: 91)
    /// uint32 1: relay the status request to connected frontends (aaa-core).
    public static let includeConnected = Self(rawValue: 92)
}
