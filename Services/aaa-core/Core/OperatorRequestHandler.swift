import EAPAKA
import Foundation
import IPC
import IPCTransport
import Logging
import NAI
import OperatorStatus
import SessionStore

/// Serves the operator surface's IPC requests to aaa-core (docs/ipc.md): `status-request`,
/// `diameter-test` and `operator-disconnect`. Management plane: these never share a code path with
/// an Access-Request beyond reading the same tables.
public struct OperatorRequestHandler: Sendable {
    /// What the status report shows beyond this handler's own tables.
    public struct Sources: Sendable {
        public var instance: String
        public var startedAt: Date
        /// The configuration in effect, secrets redacted.
        public var configuration: String
        public var diameterPeers: @Sendable () -> [DiameterPeerReport]
        /// Each connected frontend's own report.
        public var frontends: @Sendable () async -> [ServiceStatus]
        public var details: [String: String]
        /// Largest IPC frame (`ipc.max_frame_bytes`): the report is trimmed to fit.
        public var maximumFrameBytes: Int

        public init(instance: String, startedAt: Date, configuration: String,
                    diameterPeers: @escaping @Sendable () -> [DiameterPeerReport],
                    frontends: @escaping @Sendable () async -> [ServiceStatus], details: [String: String],
                    maximumFrameBytes: Int = IPCFrame.defaultMaximumSize) {
            self.maximumFrameBytes = maximumFrameBytes
            self.instance = instance
            self.startedAt = startedAt
            self.configuration = configuration
            self.diameterPeers = diameterPeers
            self.frontends = frontends
            self.details = details
        }
    }

    private let sources: Sources
    private let table: ConversationTable
    private let journal: AuthenticationJournal
    private let vectorSource: any VectorSource
    private let store: any SessionStore
    private let disconnects: any FrontendDisconnectTransport
    private let logger: Logger
    private let metrics: AAACoreMetrics

    public init(sources: Sources, table: ConversationTable, journal: AuthenticationJournal, vectorSource: any VectorSource,
                store: any SessionStore, disconnects: any FrontendDisconnectTransport, logger: Logger,
                metrics: AAACoreMetrics = AAACoreMetrics()) {
        self.sources = sources
        self.table = table
        self.journal = journal
        self.vectorSource = vectorSource
        self.store = store
        self.disconnects = disconnects
        self.logger = logger
        self.metrics = metrics
    }

    public static let servedTypes: Set<IPCMessageType> = [.statusRequest, .diameterTest, .operatorDisconnect]

    public func handle(_ frame: IPCFrame) async -> IPCFrame {
        let id = frame.correlationID
        do {
            switch frame.type {
            case .statusRequest:
                let relay = try frame.uint32(.includeConnected) == 1
                return .document(await status(includeFrontends: relay), type: .statusResult, correlationID: id)
            case .diameterTest:
                let imsi = try frame.required(.imsi, frame.string)
                let scheme: AKAMethod = try frame.string(.akaScheme) == "aka" ? .aka : .akaPrime
                guard let parsed = try? IMSI(imsi) else {
                    return IPCFrame.error(.malformedMessage, "not an IMSI (6-15 digits)", correlationID: id)
                }
                return .document(await diameterTest(parsed, scheme: scheme), type: .diameterTestResult, correlationID: id)
            case .operatorDisconnect:
                let sessionClass = try frame.string(.sessionID)
                let imsi = try frame.string(.imsi)
                guard sessionClass != nil || imsi != nil else {
                    return IPCFrame.error(.malformedMessage, "name a session or an IMSI", correlationID: id)
                }
                let report = try await disconnect(sessionClass: sessionClass, imsi: imsi)
                return .document(report, type: .operatorDisconnectResult, correlationID: id)
            default:
                return IPCFrame.error(.unsupportedMessage, "aaa-core does not serve \(frame.type)", correlationID: id)
            }
        } catch let error as IPCFieldError {
            return IPCFrame.error(.malformedMessage, error.description, correlationID: id)
        } catch {
            logger.error("Operator request \(frame.type) failed: \(error)")
            return IPCFrame.error(.internalError, "\(error)", correlationID: id)
        }
    }

    /// The report, trimmed to fit one frame: relayed frontends without their configuration text
    /// (they read the same file), and as many recent authentications as fit, newest first.
    func status(includeFrontends: Bool) async -> ServiceStatus {
        var frontends = includeFrontends ? await sources.frontends() : []
        for index in frontends.indices { frontends[index].configuration = "" }
        var status = ServiceStatus(
            service: "aaa-core", instance: sources.instance, startedAt: sources.startedAt, resources: .current(),
            configuration: sources.configuration, diameterPeers: sources.diameterPeers(),
            conversations: await table.count, recentAuthentications: journal.latest(limit: 1_000), connected: frontends,
            details: sources.details)
        let budget = sources.maximumFrameBytes - 1_024
        while let size = try? StatusJSON.encode(status).count, size > budget, !status.recentAuthentications.isEmpty {
            status.recentAuthentications.removeLast(max(1, status.recentAuthentications.count / 2))
        }
        return status
    }

    /// A MAR through the real peers, as an authentication would send it (it advances the HSS's SQN).
    func diameterTest(_ imsi: IMSI, scheme: AKAMethod) async -> DiameterTestReport {
        let started = ContinuousClock.now
        var log = logger
        log[metadataKey: "imsi"] = "\(imsi.digits)"
        let result: Result<[AuthVector], VectorFetchError>
        do {
            result = .success(try await vectorSource.fetch(VectorRequest(imsi: imsi, scheme: scheme, resync: nil)))
        } catch {
            result = .failure(error)
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let report: DiameterTestReport
        switch result {
        case .success(let vectors):
            report = DiameterTestReport(imsi: imsi.digits, scheme: scheme.displayName, resultCode: 2001, outcome: "success",
                                        vectorCount: vectors.count, latencyMilliseconds: milliseconds, detail: nil)
        case .failure(let error):
            let (code, outcome, detail): (UInt32?, String, String?) = switch error {
            case .userUnknown: (5001, "user_unknown", "DIAMETER_ERROR_USER_UNKNOWN")
            case .rejected(let code): (code, "rejected", nil)
            case .timeout: (nil, "timeout", "no answer in time")
            case .unavailable(let why): (nil, "unavailable", why)
            case .invalidAnswer(let why): (nil, "invalid_answer", why)
            }
            report = DiameterTestReport(imsi: imsi.digits, scheme: scheme.displayName, resultCode: code, outcome: outcome,
                                        vectorCount: 0, latencyMilliseconds: milliseconds, detail: detail)
        }
        log.notice("Diameter test: MAR answered \(report.outcome)", metadata: [
            "result_code": "\(report.resultCode.map(String.init) ?? "-")", "vectors": "\(report.vectorCount)",
            "latency_ms": "\(String(format: "%.1f", milliseconds))",
        ])
        return report
    }

    /// Disconnects the named live sessions through the frontends that served them, waiting for the APs.
    func disconnect(sessionClass: String?, imsi: String?) async throws(SessionStoreError) -> DisconnectReport {
        var sessions: [SessionRow] = []
        if let sessionClass, let row = try await store.session(class: sessionClass), row.isLive { sessions.append(row) }
        if let imsi { sessions += try await store.liveSessions(imsi: imsi).filter { row in !sessions.contains { $0.id == row.id } } }
        logger.notice("Operator disconnect: \(sessions.count) live session(s)", metadata: [
            "session": "\(sessionClass ?? "-")", "imsi": "\(imsi ?? "-")",
        ])
        let store = self.store
        let disconnects = self.disconnects
        let metrics = self.metrics
        let log = logger
        let entries = await withTaskGroup(of: DisconnectReport.Entry.self) { group in
            for session in sessions {
                group.addTask {
                    await SessionDisconnector.disconnect(session, cause: "operator request", store: store,
                                                         transport: disconnects, metrics: metrics, log: log)
                }
            }
            var entries: [DisconnectReport.Entry] = []
            for await entry in group { entries.append(entry) }
            return entries
        }
        return DisconnectReport(entries: entries.sorted { $0.sessionClass < $1.sessionClass })
    }
}
