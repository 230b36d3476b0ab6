import Foundation
import IPC
import IPCTransport
import Logging
import OperatorStatus
import SessionStore

/// Acts on a Registration-Termination from the HSS (TS 29.273 8.1.2.4): the subscriber's
/// registration is over, so no SAR deregistration is due for it, and each of its live Wi-Fi
/// sessions is ended with an RFC 5176 Disconnect-Request sent by a frontend to the AP.
///
/// The store update happens before the RTA; the Disconnect-Requests run afterwards (an AP may take
/// seconds to answer, the HSS must not wait for that).
public struct SessionDisconnector: SessionTerminationSink {
    private let store: any SessionStore
    private let transport: any FrontendDisconnectTransport
    private let logger: Logger
    private let metrics: AAACoreMetrics

    public init(store: any SessionStore, transport: any FrontendDisconnectTransport, logger: Logger,
                metrics: AAACoreMetrics = AAACoreMetrics()) {
        self.store = store
        self.transport = transport
        self.logger = logger
        self.metrics = metrics
    }

    public func registrationTerminated(_ termination: RegistrationTermination) async {
        _ = await terminate(termination)
    }

    /// Applies the termination to the store, then starts one Disconnect per live session (they run
    /// after the RTA). - Returns: those tasks, for tests to await.
    func terminate(_ termination: RegistrationTermination) async -> [Task<Void, Never>] {
        var log = logger
        log[metadataKey: "imsi"] = "\(termination.imsi)"
        let sessions: [SessionRow]
        do {
            sessions = try await store.registrationTerminated(imsi: termination.imsi)
        } catch {
            log.error("Registration-Termination from \(termination.hss) not applied: \(error)")
            return []
        }
        guard !sessions.isEmpty else {
            log.notice("Registration-Termination from \(termination.hss): no live session to disconnect")
            return []
        }
        log.notice("Registration-Termination from \(termination.hss): disconnecting \(sessions.count) session(s)")
        let store = self.store
        let transport = self.transport
        let metrics = self.metrics
        let sessionLog = log
        return sessions.map { session in
            Task {
                await Self.disconnect(session, cause: "HSS Registration-Termination from \(termination.hss)", store: store,
                                      transport: transport, metrics: metrics, log: sessionLog)
            }
        }
    }

    /// Ends one session; waits for the AP's answer. `cause` says why (logs, the AP's request).
    @discardableResult
    static func disconnect(_ session: SessionRow, cause: String, store: any SessionStore, transport: any FrontendDisconnectTransport,
                           metrics: AAACoreMetrics, log: Logger) async -> DisconnectReport.Entry {
        let request = IPCDisconnectRequest(
            sessionClass: session.sessionClass, clientIP: session.clientIP, userName: session.userName,
            acctSessionID: session.acctSessionID, callingStationID: session.callingStationID, nasIP: session.nasIP,
            nasIdentifier: session.nasIdentifier, cause: cause)
        let metadata: Logger.Metadata = ["class": "\(session.sessionClass)", "ap": "\(session.clientIP)", "cause": "\(cause)"]
        func entry(_ outcome: String, _ detail: String? = nil) -> DisconnectReport.Entry {
            DisconnectReport.Entry(sessionClass: session.sessionClass, imsi: session.imsi, accessPoint: session.clientIP,
                                   outcome: outcome, detail: detail)
        }
        do {
            switch try await transport.disconnect(request, preferredFrontend: session.frontendID) {
            case .acknowledged:
                metrics.sessionDisconnect(result: "ack")
                log.info("Session disconnected (Disconnect-ACK)", metadata: metadata)
                return entry("ack")
            case .refused(let cause):
                metrics.sessionDisconnect(result: "nak")
                // 503 Session-Context-Not-Found: the AP no longer has it, the session is over.
                if cause == 503 {
                    try? await store.endSession(id: session.id, cause: "Disconnect-NAK Session-Context-Not-Found", at: Date())
                }
                log.warning("AP refused the Disconnect-Request (Error-Cause \(cause.map(String.init) ?? "-"))", metadata: metadata)
                return entry("nak", cause.map { "Error-Cause \($0)" })
            case .noAnswer:
                metrics.sessionDisconnect(result: "timeout")
                log.warning("AP did not answer the Disconnect-Request", metadata: metadata)
                return entry("timeout")
            case .failed(let why):
                metrics.sessionDisconnect(result: "error")
                log.error("Disconnect-Request not sent: \(why)", metadata: metadata)
                return entry("error", why)
            }
        } catch {
            metrics.sessionDisconnect(result: "error")
            log.error("Cannot ask a frontend to disconnect the session: \(error)", metadata: metadata)
            return entry("error", "\(error)")
        }
    }
}
