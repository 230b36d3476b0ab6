/// The EAP-Failure that replaces an EAP-Success when the Accept is withheld (RFC 3748 4.2: code 4,
/// the Success's identifier, no data).
enum EAPFailure {
    static func replacing(success: [UInt8]) -> [UInt8] {
        let identifier = success.count > 1 ? success[1] : 0
        return [4, identifier, 0, 4]
    }
}
