import Foundation
import Logging
import OperatorStatus
import SessionStore

/// Everything the REST API and the dashboard show or do, whatever the transport: reads from the
/// shared store, live state and actions through the services over IPC.
public struct OperatorData: Sendable {
    public let store: any SessionStore
    public let services: ServiceDirectory
    /// twag-admin's own configuration text (redacted), shown beside the services'.
    public let configuration: String
    public let instance: String
    public let startedAt: Date
    /// Whether `status()` lists this process (twag-admin does; the `twag` command does not).
    public let reportsItself: Bool

    public init(store: any SessionStore, services: ServiceDirectory, configuration: String, instance: String,
                reportsItself: Bool = true) {
        self.reportsItself = reportsItself
        self.store = store
        self.services = services
        self.configuration = configuration
        self.instance = instance
        self.startedAt = Date()
    }

    public func usage(_ query: SessionQuery) async throws(SessionStoreError) -> UsageTotalsView {
        UsageTotalsView(try await store.usageTotals(matching: query.filter))
    }

    public func sessions(_ query: SessionQuery) async throws(SessionStoreError) -> SessionPageView {
        let page = try await store.sessions(matching: query.filter, limit: query.limit, offset: query.offset)
        let totals = try await store.usageTotals(matching: query.filter)
        return SessionPageView(sessions: try await views(page.sessions), total: page.total, limit: query.limit,
                               offset: query.offset, totals: UsageTotalsView(totals))
    }

    public func session(class sessionClass: String) async throws(SessionStoreError) -> SessionView? {
        guard let row = try await store.session(class: sessionClass) else { return nil }
        return try await views([row]).first
    }

    public func accessPoints() async throws(SessionStoreError) -> [AccessPointView] {
        try await store.accessPoints().map(AccessPointView.init)
    }

    /// The "RADIUS clients" view: aaa-core's latest outcome per subscriber joined with the store's
    /// sessions; the store's live sessions alone when aaa-core cannot be asked.
    public func clients() async throws(SessionStoreError) -> ClientListView {
        let status = try? await services.coreStatus(includeFrontends: false)
        guard let status else {
            let live = try await store.sessions(matching: SessionFilter(liveness: .live), limit: 1_000).sessions
            let clients = try await views(live).map { session in
                ClientView(identity: session.userName, imsi: session.imsi, state: "accepted", reason: nil, at: session.acceptedAt,
                           accessPoint: session.accessPoint, callingStationId: session.callingStationId, session: session)
            }
            return ClientListView(clients: clients, live: false, accepted: clients.count, authenticating: 0, rejected: 0)
        }
        let rows = try await store.sessions(classes: status.recentAuthentications.compactMap(\.sessionClass))
        let sessionViews = try await views(rows)
        let byClass = Dictionary(sessionViews.map { ($0.sessionClass, $0) }, uniquingKeysWith: { first, _ in first })
        let clients = status.recentAuthentications.map { event in
            ClientView(identity: event.identity, imsi: event.imsi, state: event.state.rawValue, reason: event.reason, at: event.at,
                       accessPoint: event.accessPoint, callingStationId: event.callingStationID,
                       session: event.sessionClass.flatMap { byClass[$0] })
        }
        func count(_ state: AuthenticationEvent.State) -> Int { clients.filter { $0.state == state.rawValue }.count }
        return ClientListView(clients: clients, live: true, accepted: count(.accepted), authenticating: count(.authenticating),
                              rejected: count(.rejected))
    }

    public func peers() async -> PeerListView {
        var peers: [PeerView] = []
        var unavailable: [String: String] = [:]
        do {
            peers += try await services.coreStatus(includeFrontends: false).diameterPeers.map { PeerView(service: "aaa-core", peer: $0) }
        } catch {
            unavailable["aaa-core"] = error.description
        }
        do {
            if let charging = try await services.chargingStatus() {
                peers += charging.diameterPeers.map { PeerView(service: "charging-agent", peer: $0) }
            }
        } catch {
            unavailable["charging-agent"] = error.description
        }
        return PeerListView(peers: peers, unavailable: unavailable)
    }

    /// Every service with its resources: twag-admin itself, aaa-core, each frontend, charging-agent.
    public func status() async throws(SessionStoreError) -> StatusView {
        var services: [ServiceView] = []
        if reportsItself {
            services.append(ServiceView(service: "twag-admin", instance: instance, state: "up", startedAt: startedAt,
                                        resources: .current(), details: [:], error: nil))
        }
        var conversations: Int?
        do {
            let core = try await self.services.coreStatus()
            conversations = core.conversations
            services.append(Self.view(core))
            services += core.connected.map(Self.view)
        } catch {
            services.append(ServiceView(service: "aaa-core", instance: "-", state: "down", startedAt: nil, resources: nil,
                                        details: [:], error: error.description))
        }
        do {
            if let charging = try await self.services.chargingStatus() { services.append(Self.view(charging)) }
        } catch {
            services.append(ServiceView(service: "charging-agent", instance: "-", state: "down", startedAt: nil,
                                        resources: nil, details: [:], error: error.description))
        }
        // The store's line: which engine, where, this node, and whether it answers now.
        let liveSessions = try? await store.liveSessionCount()
        let accessPoints = try? await store.accessPoints().count
        let reachable = store.availability
        var unreachable: String?
        if case .unavailable(let reason) = reachable { unreachable = reason }
        services.append(ServiceView(
            service: "store", instance: store.nodeID.isEmpty ? "-" : store.nodeID,
            state: reachable.isAvailable && liveSessions != nil ? "up" : "down", startedAt: nil, resources: nil,
            details: ["location": store.displayLocation, "engine": store.displayLocation.hasPrefix("sqlite:") ? "sqlite" : "postgresql"],
            error: liveSessions == nil ? (unreachable ?? "cannot be read") : nil))
        return StatusView(services: services, conversations: conversations, liveSessions: liveSessions,
                          accessPoints: accessPoints)
    }

    public func configurations() async -> ConfigurationView {
        var entries = [ConfigurationView.Entry(service: "twag-admin", instance: instance, configuration: configuration)]
        if let core = try? await services.coreStatus(includeFrontends: false) {
            entries.append(.init(service: core.service, instance: core.instance, configuration: core.configuration))
        }
        if let charging = try? await services.chargingStatus() {
            entries.append(.init(service: charging.service, instance: charging.instance, configuration: charging.configuration))
        }
        return ConfigurationView(configurations: entries)
    }

    private func views(_ rows: [SessionRow]) async throws(SessionStoreError) -> [SessionView] {
        let charging = try await store.chargingRecords(classes: rows.map(\.sessionClass))
        let byClass = Dictionary(charging.map { ($0.sessionClass, $0) }, uniquingKeysWith: { first, _ in first })
        // Live quota figures only when some shown session is still charged (one IPC round trip).
        var live: [String: ChargingSessionReport] = [:]
        if charging.contains(where: { $0.phase != "closed" }), let status = try? await services.chargingStatus() {
            live = Dictionary(status.chargingSessions.map { ($0.sessionClass, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let now = Date()
        return rows.map { SessionView($0, charging: byClass[$0.sessionClass], live: live[$0.sessionClass], now: now) }
    }

    private static func view(_ status: ServiceStatus) -> ServiceView {
        ServiceView(service: status.service, instance: status.instance, state: "up", startedAt: status.startedAt,
                    resources: status.resources, details: status.details, error: nil)
    }
}
