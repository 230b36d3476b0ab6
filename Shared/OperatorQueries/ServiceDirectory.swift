import Foundation
import IPC
import IPCTransport
import Logging
import NIOCore
import OperatorStatus

/// Why a service could not answer the operator surface.
public enum ServiceQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not connected (service down or not started yet).
    case unavailable(service: String, reason: String)
    case failed(service: String, reason: String)

    public var description: String {
        switch self {
        case .unavailable(let service, let reason): return "\(service) unavailable: \(reason)"
        case .failed(let service, let reason): return "\(service): \(reason)"
        }
    }
}

/// The live services twag-admin asks over IPC: aaa-core (which relays to every frontend) and
/// charging-agent. Both clients reconnect on their own; a request to a service that is down fails
/// at once instead of waiting.
public final class ServiceDirectory: Sendable {
    private let core: IPCClient
    private let charging: IPCClient?

    public init(runtimeDirectory: String, chargingEnabled: Bool, instanceID: String, maxFrameSize: Int,
                group: any EventLoopGroup, logger: Logger) {
        // A status document with many frontends and 1,000 recent authentications is larger than a
        // request: replies may use the largest frame the services accept.
        core = IPCClient(path: runtimeDirectory + "/aaa-core.sock", serviceName: "twag-admin", instanceID: instanceID,
                         requestTimeout: .seconds(10), maxFrameSize: maxFrameSize, group: group, logger: logger)
        charging = chargingEnabled
            ? IPCClient(path: runtimeDirectory + "/charging-agent.sock", serviceName: "twag-admin", instanceID: instanceID,
                        requestTimeout: .seconds(5), maxFrameSize: maxFrameSize, group: group, logger: logger)
            : nil
    }

    public func start() {
        core.start()
        charging?.start()
    }

    /// Waits up to `timeout` for aaa-core's connection (a command-line tool starts cold).
    /// - Returns: whether it is connected.
    public func waitUntilConnected(timeout: Duration) async -> Bool {
        // Both wait at once: the deadline is the same for each.
        async let coreConnected = core.waitUntilConnected(timeout: timeout)
        async let chargingConnected = charging?.waitUntilConnected(timeout: timeout) ?? true
        let connected = await coreConnected
        _ = await chargingConnected
        return connected
    }

    public func shutdown() async {
        await core.shutdown()
        await charging?.shutdown()
    }

    /// aaa-core's report; with `includeFrontends`, every connected frontend's in `connected` (aaa-core
    /// then asks each of them, so views that do not show frontends leave it out).
    public func coreStatus(includeFrontends: Bool = true) async throws(ServiceQueryError) -> ServiceStatus {
        try await ask(core, service: "aaa-core", .statusRequest,
                      fields: includeFrontends ? [IPCField(.includeConnected, uint32: 1)] : [],
                      answer: .statusResult, as: ServiceStatus.self)
    }

    /// charging-agent's report; nil when charging is off.
    public func chargingStatus() async throws(ServiceQueryError) -> ServiceStatus? {
        guard let charging else { return nil }
        return try await ask(charging, service: "charging-agent", .statusRequest, fields: [], answer: .statusResult,
                             as: ServiceStatus.self)
    }

    public func diameterTest(imsi: String, akaPrime: Bool) async throws(ServiceQueryError) -> DiameterTestReport {
        try await ask(core, service: "aaa-core", .diameterTest,
                      fields: [IPCField(.imsi, string: imsi), IPCField(.akaScheme, string: akaPrime ? "aka_prime" : "aka")],
                      answer: .diameterTestResult, as: DiameterTestReport.self)
    }

    public func disconnect(sessionClass: String?, imsi: String?) async throws(ServiceQueryError) -> DisconnectReport {
        var fields: [IPCField] = []
        if let sessionClass { fields.append(IPCField(.sessionID, string: sessionClass)) }
        if let imsi { fields.append(IPCField(.imsi, string: imsi)) }
        return try await ask(core, service: "aaa-core", .operatorDisconnect, fields: fields,
                             answer: .operatorDisconnectResult, as: DisconnectReport.self)
    }

    private func ask<Value: Decodable>(_ client: IPCClient, service: String, _ type: IPCMessageType, fields: [IPCField],
                                       answer: IPCMessageType, as valueType: Value.Type) async throws(ServiceQueryError)
        -> Value
    {
        let reply: IPCFrame
        do {
            reply = try await client.request(type, fields: fields)
        } catch {
            throw .unavailable(service: service, reason: "\(error)")
        }
        do {
            return try reply.document(valueType, expecting: answer)
        } catch {
            throw .failed(service: service, reason: "\(error)")
        }
    }
}
