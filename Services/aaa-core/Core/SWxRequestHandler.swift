import Diameter
import Logging

/// Answers the requests an HSS sends aaa-core on SWx: Registration-Termination (TS 29.273 8.1.2.4)
/// with RTA 2001; any other SWx command 3001, any other application 3007. The Diameter node's
/// `requestHandler` calls it; it only decodes, records and answers.
public struct SWxRequestHandler: Sendable {
    public let originHost: String
    public let originRealm: String
    public let sink: any SessionTerminationSink
    private let logger: Logger
    private let metrics: AAACoreMetrics

    public init(originHost: String, originRealm: String, sink: any SessionTerminationSink, logger: Logger,
                metrics: AAACoreMetrics = AAACoreMetrics()) {
        self.originHost = originHost
        self.originRealm = originRealm
        self.sink = sink
        self.logger = logger
        self.metrics = metrics
    }

    /// `peer`: the Origin-Host of the connection the request came on (used when the request lacks one).
    public func handle(_ request: DiameterMessage, peer: String) async -> DiameterMessage? {
        let origin: [DiameterAVP] = [.originHost(originHost), .originRealm(originRealm)]
        guard request.applicationID == DiameterApplication.swx.rawValue else {
            return request.answer(resultCode: .applicationUnsupported, avps: origin)
        }
        guard request.commandCode == DiameterCommand.registrationTermination.rawValue else {
            logger.notice("Unsupported SWx request \(request.commandCode) from \(peer): answered 3001")
            return request.answer(resultCode: .commandUnsupported, avps: origin)
        }
        let hss = request.originHost ?? peer
        let imsi: String
        do {
            imsi = try request.require(code: DiameterAVPCode.userName).utf8String()
        } catch {
            logger.warning("Registration-Termination from \(hss) without a usable User-Name: \(error)")
            return request.answer(error: error, avps: origin)
        }
        let reason = Self.reasonCode(request)
        metrics.registrationTermination()
        logger.notice("Registration-Termination from \(hss) for \(imsi) (reason \(reason.map(String.init) ?? "absent"))")
        await sink.registrationTerminated(RegistrationTermination(imsi: imsi, hss: hss, reasonCode: reason))
        return request.answer(resultCode: .success, avps: [
            .vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .swx), .authSessionState(1),
        ] + origin)
    }

    /// Deregistration-Reason (615) → Reason-Code (616), both vendor 10415.
    static func reasonCode(_ request: DiameterMessage) -> Int32? {
        let v = DiameterVendor.threeGPP
        guard let group = try? request.first(code: DiameterAVPCode.deregistrationReason, vendor: v)?.grouped()
        else { return nil }
        return try? group.first { $0.code == DiameterAVPCode.reasonCode && $0.vendor == v }?.enumerated()
    }
}
