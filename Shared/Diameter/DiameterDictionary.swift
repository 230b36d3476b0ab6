/// M (and P) bit rule of an AVP definition.
public enum DiameterFlagRule: String, Sendable, Hashable {
    case must
    case may
    case mustNot
}

/// A named value of an Enumerated (or enumerated-like Unsigned32) AVP.
public struct DiameterEnumValue: Sendable, Hashable {
    public var value: Int64
    public var name: String
    public init(_ value: Int64, _ name: String) {
        self.value = value
        self.name = name
    }
}

/// One AVP in a dictionary.
public struct DiameterAVPDefinition: Sendable, Hashable {
    public var code: UInt32
    /// 0 for IETF AVPs (no Vendor-ID, V bit clear).
    public var vendorID: UInt32
    public var name: String
    public var type: DiameterDataType
    public var mandatoryRule: DiameterFlagRule
    public var protectedRule: DiameterFlagRule
    public var values: [DiameterEnumValue]

    /// A definition; `protected` defaults to must-not (the P bit is deprecated).
    public init(code: UInt32, vendorID: UInt32 = 0, name: String, type: DiameterDataType,
                mandatory: DiameterFlagRule, protected: DiameterFlagRule = .mustNot, values: [DiameterEnumValue] = []) {
        self.code = code
        self.vendorID = vendorID
        self.name = name
        self.type = type
        self.mandatoryRule = mandatory
        self.protectedRule = protected
        self.values = values
    }

    /// V must be set exactly for vendor AVPs.
    public var vendorSpecific: Bool { vendorID != 0 }

    /// The flags an encoder sets by default: V for vendor AVPs, M when the rule is `must`.
    public var defaultFlags: DiameterAVP.Flags {
        var f: DiameterAVP.Flags = []
        if vendorSpecific { f.insert(.vendorSpecific) }
        if mandatoryRule == .must { f.insert(.mandatory) }
        return f
    }

    /// Name of an enumerated value, if listed.
    public func valueName(_ value: Int64) -> String? {
        values.first { $0.value == value }?.name
    }
}

/// One command in a dictionary.
public struct DiameterCommandDefinition: Sendable, Hashable {
    public var code: UInt32
    public var name: String
    public var requestAbbreviation: String
    public var answerAbbreviation: String
    /// The application the command belongs to; nil when any application may carry it (RAR, STR, ASR).
    public var applicationID: UInt32?
    /// Whether requests are sent with the P bit.
    public var proxiable: Bool

    /// A command definition with its request and answer abbreviations ("MAR", "MAA").
    public init(code: UInt32, name: String, request: String, answer: String, applicationID: UInt32?, proxiable: Bool) {
        self.code = code
        self.name = name
        self.requestAbbreviation = request
        self.answerAbbreviation = answer
        self.applicationID = applicationID
        self.proxiable = proxiable
    }
}

/// One application in a dictionary.
public struct DiameterApplicationDefinition: Sendable, Hashable {
    public var id: UInt32
    public var name: String
    public init(id: UInt32, name: String) {
        self.id = id
        self.name = name
    }
}

/// Commands, AVPs and applications as data.
///
/// The decoder uses it for grouped recursion and type checks, the builder for default flags, and
/// dashboards for labels ("MAR", "3GPP SWx"). Dictionaries merge, so a deployment can add AVPs.
public struct DiameterDictionary: Sendable {
    /// All tables behind one reference: decoders copy their options (and so the dictionary) per
    /// message, and one retain is cheap where nine were not. Copy-on-write keeps value semantics.
    private final class Tables: @unchecked Sendable {
        var applications: [DiameterApplicationDefinition] = []
        var commands: [DiameterCommandDefinition] = []
        var avps: [DiameterAVPDefinition] = []
        var avpByKey: [UInt64: Int] = [:]
        /// The decoder's hot lookup: only the type, so no definition (strings, enum tables) is copied.
        var typeByKey: [UInt64: DiameterDataType] = [:]
        var avpByName: [String: Int] = [:]
        var commandByCode: [UInt32: Int] = [:]
        var commandByName: [String: Int] = [:]
        var applicationByID: [UInt32: Int] = [:]

        init() {}

        init(copying o: Tables) {
            applications = o.applications
            commands = o.commands
            avps = o.avps
            avpByKey = o.avpByKey
            typeByKey = o.typeByKey
            avpByName = o.avpByName
            commandByCode = o.commandByCode
            commandByName = o.commandByName
            applicationByID = o.applicationByID
        }
    }

    private var tables = Tables()

    public var applications: [DiameterApplicationDefinition] { tables.applications }
    public var commands: [DiameterCommandDefinition] { tables.commands }
    public var avps: [DiameterAVPDefinition] { tables.avps }

    /// Later entries with the same key replace earlier ones.
    public init(applications: [DiameterApplicationDefinition] = [], commands: [DiameterCommandDefinition] = [],
                avps: [DiameterAVPDefinition] = []) {
        for a in applications { add(a) }
        for c in commands { add(c) }
        for a in avps { add(a) }
    }

    private mutating func uniqueTables() -> Tables {
        if !isKnownUniquelyReferenced(&tables) { tables = Tables(copying: tables) }
        return tables
    }

    /// This dictionary plus `other` (entries of `other` win on conflicts).
    public func merging(_ other: DiameterDictionary) -> DiameterDictionary {
        var d = self
        for a in other.applications { d.add(a) }
        for c in other.commands { d.add(c) }
        for a in other.avps { d.add(a) }
        return d
    }

    /// Adds or replaces (same code and vendor) an AVP definition.
    public mutating func add(_ definition: DiameterAVPDefinition) {
        let t = uniqueTables()
        let key = Self.key(definition.code, definition.vendorID)
        t.typeByKey[key] = definition.type
        if let i = t.avpByKey[key] {
            t.avpByName[t.avps[i].name] = nil
            t.avps[i] = definition
            t.avpByName[definition.name] = i
        } else {
            t.avpByKey[key] = t.avps.count
            t.avpByName[definition.name] = t.avps.count
            t.avps.append(definition)
        }
    }

    /// Adds or replaces (same code) a command definition.
    public mutating func add(_ definition: DiameterCommandDefinition) {
        let t = uniqueTables()
        let i: Int
        if let existing = t.commandByCode[definition.code] {
            let old = t.commands[existing]
            for n in [old.name, old.requestAbbreviation, old.answerAbbreviation] { t.commandByName[n] = nil }
            t.commands[existing] = definition
            i = existing
        } else {
            i = t.commands.count
            t.commands.append(definition)
        }
        t.commandByCode[definition.code] = i
        for n in [definition.name, definition.requestAbbreviation, definition.answerAbbreviation] {
            t.commandByName[n] = i
        }
    }

    /// Adds or replaces (same id) an application definition.
    public mutating func add(_ definition: DiameterApplicationDefinition) {
        let t = uniqueTables()
        if let i = t.applicationByID[definition.id] {
            t.applications[i] = definition
        } else {
            t.applicationByID[definition.id] = t.applications.count
            t.applications.append(definition)
        }
    }

    // MARK: Lookup

    /// By code and vendor (0 for IETF AVPs).
    public func avp(code: UInt32, vendorID: UInt32 = 0) -> DiameterAVPDefinition? {
        guard let i = tables.avpByKey[Self.key(code, vendorID)] else { return nil }
        return tables.avps[i]
    }

    /// The data type of a known AVP, without copying its definition.
    public func dataType(code: UInt32, vendorID: UInt32 = 0) -> DiameterDataType? {
        tables.typeByKey[Self.key(code, vendorID)]
    }

    /// By exact name, e.g. "SIP-Auth-Data-Item".
    public func avp(named name: String) -> DiameterAVPDefinition? {
        guard let i = tables.avpByName[name] else { return nil }
        return tables.avps[i]
    }

    /// By command code.
    public func command(code: UInt32) -> DiameterCommandDefinition? {
        guard let i = tables.commandByCode[code] else { return nil }
        return tables.commands[i]
    }

    /// By name ("Multimedia-Auth") or abbreviation ("MAR", "MAA").
    public func command(named name: String) -> DiameterCommandDefinition? {
        guard let i = tables.commandByName[name] else { return nil }
        return tables.commands[i]
    }

    /// By Application-Id.
    public func application(id: UInt32) -> DiameterApplicationDefinition? {
        guard let i = tables.applicationByID[id] else { return nil }
        return tables.applications[i]
    }

    /// "MAR" / "MAA" for a known command; "303-R" / "303-A" otherwise (stable metric labels).
    public func label(commandCode: UInt32, isRequest: Bool) -> String {
        if let c = command(code: commandCode) { return isRequest ? c.requestAbbreviation : c.answerAbbreviation }
        return "\(commandCode)-" + (isRequest ? "R" : "A")
    }

    /// Command label of a message ("CCR", "CEA").
    public func label(for message: DiameterMessage) -> String {
        label(commandCode: message.commandCode, isRequest: message.isRequest)
    }

    /// "3GPP SWx" for a known application, the decimal id otherwise.
    public func applicationLabel(_ id: UInt32) -> String {
        application(id: id)?.name ?? String(id)
    }

    /// Name of an enumerated value of an AVP ("DIAMETER_SUCCESS" for Result-Code 2001).
    public func valueName(code: UInt32, vendorID: UInt32 = 0, value: Int64) -> String? {
        avp(code: code, vendorID: vendorID)?.valueName(value)
    }

    // MARK: Building AVPs

    /// An AVP with the dictionary's default flags, the value checked against the declared type.
    public func makeAVP(code: UInt32, vendorID: UInt32 = 0, _ value: DiameterValue)
        throws(DiameterDictionaryError) -> DiameterAVP
    {
        guard let d = avp(code: code, vendorID: vendorID) else {
            throw .unknownAVPCode(code: code, vendorID: vendorID)
        }
        return try Self.make(d, value)
    }

    /// An AVP by dictionary name with default flags, e.g. `makeAVP(named: "Session-Id", .utf8String(id))`.
    public func makeAVP(named name: String, _ value: DiameterValue) throws(DiameterDictionaryError) -> DiameterAVP {
        guard let d = avp(named: name) else { throw .unknownAVPName(name) }
        return try Self.make(d, value)
    }

    private static func make(_ d: DiameterAVPDefinition, _ value: DiameterValue) throws(DiameterDictionaryError)
        -> DiameterAVP
    {
        guard d.type.accepts(value.type) else {
            throw .typeMismatch(avp: d.name, expected: d.type, given: value.type)
        }
        return DiameterAVP(code: d.code, vendorID: d.vendorSpecific ? d.vendorID : nil,
                           mandatory: d.mandatoryRule == .must, payload: value.payload)
    }

    /// AVPs with the M bit that this dictionary does not know, at top level and inside known grouped AVPs.
    ///
    /// Decoding never fails on them; a server answers 5001 DIAMETER_AVP_UNSUPPORTED with these in Failed-AVP
    /// when the application requires it.
    public func unknownMandatoryAVPs(in message: DiameterMessage) -> [DiameterAVP] {
        var out = [DiameterAVP]()
        collectUnknownMandatory(message.avps, into: &out)
        return out
    }

    private func collectUnknownMandatory(_ avps: [DiameterAVP], into out: inout [DiameterAVP]) {
        for a in avps {
            if avp(code: a.code, vendorID: a.vendor) == nil {
                if a.isMandatory { out.append(a) }
            } else if let children = a.children {
                collectUnknownMandatory(children, into: &out)
            }
        }
    }

    private static func key(_ code: UInt32, _ vendor: UInt32) -> UInt64 {
        UInt64(vendor) << 32 | UInt64(code)
    }
}
