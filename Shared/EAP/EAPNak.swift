/// Legacy Nak (RFC 3748 section 5.3.1): the peer refuses the proposed method and lists acceptable ones.
extension EAPPacket {
    /// A Response/Nak listing the desired types in preference order. An empty list is sent
    /// as the single type 0 ("no acceptable alternative").
    public static func nak(identifier: UInt8, desiredTypes: [EAPType]) throws(EAPEncodingError) -> EAPPacket {
        let data = desiredTypes.isEmpty ? [0] : desiredTypes.map(\.rawValue)
        return try EAPPacket(code: .response, identifier: identifier, type: .nak, typeData: data)
    }

    /// The desired types of a Response/Nak in the peer's order (empty when it offered none), else nil.
    public var nakDesiredTypes: [EAPType]? {
        guard code == .response, type == .nak else { return nil }
        return typeData.filter { $0 != 0 }.map(EAPType.init(rawValue:))
    }
}
