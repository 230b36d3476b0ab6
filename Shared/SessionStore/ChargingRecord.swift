import Foundation
import GRDB

/// One row of `charging_sessions`: the Gy state of a WiFi session, owned by charging-agent. The state
/// itself is the agent's encoded value (opaque here); the other columns are what queries, retention
/// and the dashboard need without decoding it.
public struct ChargingRecord: Sendable, Equatable {
    /// The TWAG session (the RADIUS Class, as in `sessions.session_class`).
    public var sessionClass: String
    /// Session-Id of the Gy session.
    public var gySessionID: String
    public var imsi: String
    public var userName: String?
    public var callingStationID: String?
    public var calledStationID: String?
    public var nasIP: String?
    /// `authorize_only` or `online`.
    public var mode: String
    /// The state machine's phase (`closed` once nothing more is owed to the OCS).
    public var phase: String
    /// The encoded state.
    public var state: Data
    public var createdAt: Date
    public var updatedAt: Date

    public init(sessionClass: String, gySessionID: String, imsi: String, userName: String?, callingStationID: String?,
                calledStationID: String?, nasIP: String?, mode: String, phase: String, state: Data, createdAt: Date,
                updatedAt: Date) {
        self.sessionClass = sessionClass
        self.gySessionID = gySessionID
        self.imsi = imsi
        self.userName = userName
        self.callingStationID = callingStationID
        self.calledStationID = calledStationID
        self.nasIP = nasIP
        self.mode = mode
        self.phase = phase
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    static let schema = """
        CREATE TABLE charging_sessions (
            session_class TEXT PRIMARY KEY,
            gy_session_id TEXT NOT NULL UNIQUE,
            imsi TEXT NOT NULL,
            user_name TEXT,
            calling_station_id TEXT,
            called_station_id TEXT,
            nas_ip TEXT,
            mode TEXT NOT NULL,
            phase TEXT NOT NULL,
            state BLOB NOT NULL,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL
        );
        CREATE INDEX charging_sessions_open ON charging_sessions(phase) WHERE phase != 'closed';
        """

    static let columns = """
        session_class, gy_session_id, imsi, user_name, calling_station_id, called_station_id, nas_ip, mode, phase,
        state, created_at, updated_at
        """

    init(row: Row) {
        sessionClass = row["session_class"]
        gySessionID = row["gy_session_id"]
        imsi = row["imsi"]
        userName = row["user_name"]
        callingStationID = row["calling_station_id"]
        calledStationID = row["called_station_id"]
        nasIP = row["nas_ip"]
        mode = row["mode"]
        phase = row["phase"]
        state = row["state"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }
}

/// What charging reads of a session row: its cumulative usage and whether it ended.
public struct SessionUsageRow: Sendable, Equatable {
    public var sessionClass: String
    public var inputOctets: Int64
    public var outputOctets: Int64
    public var sessionTime: Int64
    public var endedAt: Date?

    public init(sessionClass: String, inputOctets: Int64, outputOctets: Int64, sessionTime: Int64, endedAt: Date?) {
        self.sessionClass = sessionClass
        self.inputOctets = inputOctets
        self.outputOctets = outputOctets
        self.sessionTime = sessionTime
        self.endedAt = endedAt
    }
}
