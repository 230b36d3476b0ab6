/// The EAP packet Code field (RFC 3748 section 4).
public enum EAPCode: UInt8, Sendable, Hashable, CaseIterable {
    case request = 1
    case response = 2
    case success = 3
    case failure = 4

    /// Request and Response carry a Type octet; Success and Failure are bare 4-octet headers.
    public var carriesType: Bool {
        self == .request || self == .response
    }
}
