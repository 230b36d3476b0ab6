import Foundation

/// A subscriber session as aaa-core accepted it, written by the frontend that sent the Accept.
///
/// The `sessionClass` is the RADIUS Class aaa-core put in the Access-Accept; the AP echoes it in
/// accounting, which is how accounting (and charging) find the session.
public struct AuthorizedSession: Sendable, Equatable {
    public var sessionClass: String
    public var imsi: String
    public var userName: String
    public var callingStationID: String?
    public var calledStationID: String?
    public var nasIP: String?
    public var nasIdentifier: String?
    /// Source address of the AP's RADIUS packets: where a Disconnect-Request goes.
    public var clientIP: String
    /// Frontend instance that answered the AP (it sends the Disconnect-Requests).
    public var frontendID: String
    /// Origin-Host of the HSS that served the vectors (Destination-Host of the deregistration SAR).
    public var servingHSS: String?
    /// Whether aaa-core registered the subscriber at the HSS (SWx SAR REGISTRATION) for this session.
    public var hssRegistered: Bool
    public var acceptedAt: Date

    public init(sessionClass: String, imsi: String, userName: String, callingStationID: String?, calledStationID: String?,
                nasIP: String?, nasIdentifier: String?, clientIP: String, frontendID: String, servingHSS: String?,
                hssRegistered: Bool, acceptedAt: Date) {
        self.sessionClass = sessionClass
        self.imsi = imsi
        self.userName = userName
        self.callingStationID = callingStationID
        self.calledStationID = calledStationID
        self.nasIP = nasIP
        self.nasIdentifier = nasIdentifier
        self.clientIP = clientIP
        self.frontendID = frontendID
        self.servingHSS = servingHSS
        self.hssRegistered = hssRegistered
        self.acceptedAt = acceptedAt
    }
}
