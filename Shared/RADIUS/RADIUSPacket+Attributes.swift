import WireFormat

// Generic and typed access to attributes. Getters return the FIRST matching attribute and nil
// when it is absent or malformed (e.g. an integer that is not 4 octets); setters replace every
// attribute of that type with one at the position of the first (or append), and nil removes.

extension RADIUSPacket {
    // MARK: Generic

    /// True when at least one attribute of `type` is present.
    public func has(_ type: RADIUSAttributeType) -> Bool {
        attributes.contains { $0.type == type.rawValue }
    }

    /// The value of the first attribute of `type`.
    public func value(_ type: RADIUSAttributeType) -> [UInt8]? {
        attributes.first { $0.type == type.rawValue }?.value
    }

    /// The octets of the first attribute of `type`, a view into the packet (no copy).
    public func octets(_ type: RADIUSAttributeType) -> ArraySlice<UInt8>? {
        attributes.first { $0.type == type.rawValue }?.octets
    }

    /// The values of every attribute of `type`, in order (Class, Proxy-State, EAP-Message ...).
    public func values(_ type: RADIUSAttributeType) -> [[UInt8]] {
        attributes.compactMap { $0.type == type.rawValue ? $0.value : nil }
    }

    /// The first attribute of `type` as text (lossy UTF-8, see ``RADIUSAttribute/stringValue``).
    public func string(_ type: RADIUSAttributeType) -> String? {
        attributes.first { $0.type == type.rawValue }?.stringValue
    }

    /// The first attribute of `type` as a 32-bit integer; nil if absent or not 4 octets.
    public func uint32(_ type: RADIUSAttributeType) -> UInt32? {
        attributes.first { $0.type == type.rawValue }?.uint32Value
    }

    /// Appends an attribute (repeatable types such as Class or Proxy-State).
    public mutating func append(_ type: RADIUSAttributeType, value: [UInt8]) {
        attributes.append(RADIUSAttribute(type, value: value))
    }

    /// Replaces all attributes of `type` with one holding `value` (nil removes them).
    public mutating func set(_ type: RADIUSAttributeType, value: [UInt8]?) {
        replace(type, with: value.map { [RADIUSAttribute(type, value: $0)] } ?? [])
    }

    /// Replaces all attributes of `type` with one text attribute (nil removes them).
    public mutating func set(_ type: RADIUSAttributeType, string: String?) {
        set(type, value: string.map { Array($0.utf8) })
    }

    /// Replaces all attributes of `type` with one integer attribute (nil removes them).
    public mutating func set(_ type: RADIUSAttributeType, uint32: UInt32?) {
        replace(type, with: uint32.map { [RADIUSAttribute(type, uint32: $0)] } ?? [])
    }

    /// Removes every attribute of `type`.
    public mutating func remove(_ type: RADIUSAttributeType) {
        attributes.removeAll { $0.type == type.rawValue }
    }

    /// Puts `replacement` where the first attribute of `type` was (or at the end) and drops the rest.
    mutating func replace(_ type: RADIUSAttributeType, with replacement: [RADIUSAttribute]) {
        let index = attributes.firstIndex { $0.type == type.rawValue } ?? attributes.endIndex
        attributes.removeAll { $0.type == type.rawValue }
        attributes.insert(contentsOf: replacement, at: min(index, attributes.endIndex))
    }

    private func ipv4(_ type: RADIUSAttributeType) -> IPv4Address? {
        octets(type).flatMap { IPv4Address(octets: $0) }
    }

    private mutating func setIPv4(_ type: RADIUSAttributeType, _ address: IPv4Address?) {
        set(type, uint32: address?.rawValue)
    }

    // MARK: Identity and NAS

    public var userName: String? {
        get { string(.userName) }
        set { set(.userName, string: newValue) }
    }

    public var nasIPAddress: IPv4Address? {
        get { ipv4(.nasIPAddress) }
        set { setIPv4(.nasIPAddress, newValue) }
    }

    public var nasIPv6Address: IPv6Address? {
        get { octets(.nasIPv6Address).flatMap { IPv6Address(octets: $0) } }
        set { set(.nasIPv6Address, value: newValue?.octets) }
    }

    public var nasIdentifier: String? {
        get { string(.nasIdentifier) }
        set { set(.nasIdentifier, string: newValue) }
    }

    public var nasPort: UInt32? {
        get { uint32(.nasPort) }
        set { set(.nasPort, uint32: newValue) }
    }

    public var nasPortId: String? {
        get { string(.nasPortId) }
        set { set(.nasPortId, string: newValue) }
    }

    /// NAS-Port-Type; nil also for values not in ``NASPortType`` (read those with `uint32(.nasPortType)`).
    public var nasPortType: NASPortType? {
        get { uint32(.nasPortType).flatMap(NASPortType.init(rawValue:)) }
        set { set(.nasPortType, uint32: newValue?.rawValue) }
    }

    public var serviceType: ServiceType? {
        get { uint32(.serviceType).flatMap(ServiceType.init(rawValue:)) }
        set { set(.serviceType, uint32: newValue?.rawValue) }
    }

    /// 802.1X NASes put the EAP MTU here (RFC 3580 3.17).
    public var framedMTU: UInt32? {
        get { uint32(.framedMTU) }
        set { set(.framedMTU, uint32: newValue) }
    }

    public var framedIPAddress: IPv4Address? {
        get { ipv4(.framedIPAddress) }
        set { setIPv4(.framedIPAddress, newValue) }
    }

    /// Raw Called-Station-Id text; see ``calledStation`` for the parsed AP MAC and SSID.
    public var calledStationId: String? {
        get { string(.calledStationId) }
        set { set(.calledStationId, string: newValue) }
    }

    /// Raw Calling-Station-Id text; see ``callingStationMAC`` for the parsed station MAC.
    public var callingStationId: String? {
        get { string(.callingStationId) }
        set { set(.callingStationId, string: newValue) }
    }

    /// Called-Station-Id split into AP MAC and SSID (RFC 3580 `AA-BB-CC-DD-EE-FF:SSID`).
    public var calledStation: CalledStationID? {
        calledStationId.map(CalledStationID.init(parsing:))
    }

    /// Calling-Station-Id as a MAC address, when it is one.
    public var callingStationMAC: MACAddress? {
        macAddress(.callingStationId)
    }

    private func macAddress(_ type: RADIUSAttributeType) -> MACAddress? {
        string(type).flatMap { CalledStationID(parsing: $0).mac }
    }

    /// Operator-Name (RFC 5580): namespace octet (`1` = REALM) followed by the name.
    public var operatorName: String? {
        get { string(.operatorName) }
        set { set(.operatorName, string: newValue) }
    }

    /// Chargeable-User-Identity (RFC 4372). A single NUL octet in an Access-Request asks for one.
    public var chargeableUserIdentity: [UInt8]? {
        get { value(.chargeableUserIdentity) }
        set { set(.chargeableUserIdentity, value: newValue) }
    }

    // MARK: Session control

    /// Opaque; the NAS echoes it from Access-Challenge into the next Access-Request.
    public var state: [UInt8]? {
        get { value(.state) }
        set { set(.state, value: newValue) }
    }

    /// All Class attributes in order (opaque; NAS copies them into accounting).
    public var classes: [[UInt8]] {
        get { values(.class) }
        set { replace(.class, with: newValue.map { RADIUSAttribute(.class, value: $0) }) }
    }

    /// All Proxy-State attributes in order.
    public var proxyStates: [[UInt8]] { values(.proxyState) }

    public var replyMessage: String? {
        get { string(.replyMessage) }
        set { set(.replyMessage, string: newValue) }
    }

    public var sessionTimeout: UInt32? {
        get { uint32(.sessionTimeout) }
        set { set(.sessionTimeout, uint32: newValue) }
    }

    public var idleTimeout: UInt32? {
        get { uint32(.idleTimeout) }
        set { set(.idleTimeout, uint32: newValue) }
    }

    public var terminationAction: TerminationAction? {
        get { uint32(.terminationAction).flatMap(TerminationAction.init(rawValue:)) }
        set { set(.terminationAction, uint32: newValue?.rawValue) }
    }

    public var connectInfo: String? {
        get { string(.connectInfo) }
        set { set(.connectInfo, string: newValue) }
    }

    /// Error-Cause (RFC 5176) in Disconnect/CoA ACK and NAK.
    public var errorCause: ErrorCause? {
        get { uint32(.errorCause).flatMap(ErrorCause.init(rawValue:)) }
        set { set(.errorCause, uint32: newValue?.rawValue) }
    }

    // MARK: Accounting

    public var acctStatusType: AcctStatusType? {
        get { uint32(.acctStatusType).flatMap(AcctStatusType.init(rawValue:)) }
        set { set(.acctStatusType, uint32: newValue?.rawValue) }
    }

    public var acctSessionId: String? {
        get { string(.acctSessionId) }
        set { set(.acctSessionId, string: newValue) }
    }

    public var acctMultiSessionId: String? {
        get { string(.acctMultiSessionId) }
        set { set(.acctMultiSessionId, string: newValue) }
    }

    public var acctAuthentic: AcctAuthentic? {
        get { uint32(.acctAuthentic).flatMap(AcctAuthentic.init(rawValue:)) }
        set { set(.acctAuthentic, uint32: newValue?.rawValue) }
    }

    public var acctDelayTime: UInt32? {
        get { uint32(.acctDelayTime) }
        set { set(.acctDelayTime, uint32: newValue) }
    }

    public var acctSessionTime: UInt32? {
        get { uint32(.acctSessionTime) }
        set { set(.acctSessionTime, uint32: newValue) }
    }

    public var acctInputOctets: UInt32? {
        get { uint32(.acctInputOctets) }
        set { set(.acctInputOctets, uint32: newValue) }
    }

    public var acctOutputOctets: UInt32? {
        get { uint32(.acctOutputOctets) }
        set { set(.acctOutputOctets, uint32: newValue) }
    }

    public var acctInputGigawords: UInt32? {
        get { uint32(.acctInputGigawords) }
        set { set(.acctInputGigawords, uint32: newValue) }
    }

    public var acctOutputGigawords: UInt32? {
        get { uint32(.acctOutputGigawords) }
        set { set(.acctOutputGigawords, uint32: newValue) }
    }

    public var acctInputPackets: UInt32? {
        get { uint32(.acctInputPackets) }
        set { set(.acctInputPackets, uint32: newValue) }
    }

    public var acctOutputPackets: UInt32? {
        get { uint32(.acctOutputPackets) }
        set { set(.acctOutputPackets, uint32: newValue) }
    }

    /// Octets received from the station: Acct-Input-Gigawords * 2^32 + Acct-Input-Octets
    /// (nil when Acct-Input-Octets is absent; missing gigawords count as 0).
    public var acctInputTotalOctets: UInt64? {
        acctInputOctets.map { UInt64(acctInputGigawords ?? 0) << 32 | UInt64($0) }
    }

    /// Octets sent to the station, gigawords included (see ``acctInputTotalOctets``).
    public var acctOutputTotalOctets: UInt64? {
        acctOutputOctets.map { UInt64(acctOutputGigawords ?? 0) << 32 | UInt64($0) }
    }

    public var acctTerminateCause: AcctTerminateCause? {
        get { uint32(.acctTerminateCause).flatMap(AcctTerminateCause.init(rawValue:)) }
        set { set(.acctTerminateCause, uint32: newValue?.rawValue) }
    }

    /// Event-Timestamp: seconds since 1970-01-01 UTC.
    public var eventTimestamp: UInt32? {
        get { uint32(.eventTimestamp) }
        set { set(.eventTimestamp, uint32: newValue) }
    }

    /// Seconds between Interim-Updates (RFC 2869: not below 60; 600 or more recommended).
    public var acctInterimInterval: UInt32? {
        get { uint32(.acctInterimInterval) }
        set { set(.acctInterimInterval, uint32: newValue) }
    }

    // MARK: User-Password

    /// Hides `password` with the packet's current ``authenticator`` and stores it as User-Password.
    /// Set the authenticator (``randomAuthenticator()``) first.
    public mutating func setUserPassword(_ password: [UInt8], secret: [UInt8]) throws(RADIUSHiddenValueError) {
        set(.userPassword, value: try UserPassword.hide(password, secret: secret, requestAuthenticator: authenticator))
    }

    /// The revealed User-Password of an Access-Request (trailing NUL padding removed), nil if absent.
    public func userPassword(secret: [UInt8]) throws(RADIUSHiddenValueError) -> [UInt8]? {
        guard let hidden = value(.userPassword) else { return nil }
        return try UserPassword.unhide(hidden, secret: secret, requestAuthenticator: authenticator)
    }
}
