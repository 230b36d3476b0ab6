import Foundation
import IPC
import RADIUS

/// Builds the RFC 5176 Disconnect-Request (or, with `sessionTimeout`, the CoA-Request that changes
/// it) for a session: the identification attributes the AP matches (section 3: User-Name,
/// Acct-Session-Id, Calling-Station-Id) and NAS identification, plus Event-Timestamp (section 3.4:
/// replay protection the AP may require) and Message-Authenticator.
enum DisconnectRequestBuilder {
    static func packet(for request: IPCDisconnectRequest, identifier: UInt8, now: Date, sessionTimeout: UInt32? = nil)
        -> RADIUSPacket
    {
        var attributes = [RADIUSAttribute(.userName, string: request.userName)]
        if let acct = request.acctSessionID { attributes.append(RADIUSAttribute(.acctSessionId, string: acct)) }
        if let station = request.callingStationID { attributes.append(RADIUSAttribute(.callingStationId, string: station)) }
        if let nas = request.nasIP {
            if let v4 = IPv4Address(nas) {
                attributes.append(RADIUSAttribute(.nasIPAddress, ipv4: v4))
            } else if let bytes = ClientEndpoint.addressBytes(nas), bytes.count == 16, let v6 = IPv6Address(octets: bytes) {
                attributes.append(RADIUSAttribute(.nasIPv6Address, ipv6: v6))
            }
        }
        if let identifier = request.nasIdentifier { attributes.append(RADIUSAttribute(.nasIdentifier, string: identifier)) }
        attributes.append(RADIUSAttribute(.eventTimestamp, uint32: UInt32(clamping: Int64(now.timeIntervalSince1970))))
        if let sessionTimeout { attributes.append(RADIUSAttribute(.sessionTimeout, uint32: sessionTimeout)) }
        return RADIUSPacket(code: sessionTimeout == nil ? .disconnectRequest : .coaRequest, identifier: identifier,
                            attributes: attributes)
    }
}
