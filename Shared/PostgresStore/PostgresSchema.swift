/// The shared store's tables in PostgreSQL, the same facts as the SQLite schema
/// (`SessionStore`, `ChargingRecord`, `AccessPointStore`) with PostgreSQL's types: identity keys,
/// `timestamptz`, `bytea`. Every session row carries the `node_id` of the TWAG that accepted it,
/// since several nodes share one database (issue #11).
///
/// Migrations are append-only: a shipped one is never edited, a change is a new one. That is why
/// each engine's history is written out in its own dialect rather than generated from one column
/// list: a later change to such a list would silently rewrite migrations already applied in the field.
public enum PostgresSchema {
    public struct Migration: Sendable {
        /// Recorded in `twag_migrations`; unique.
        public let id: String
        /// Run in order in one transaction (the extended protocol takes one statement at a time).
        public let statements: [String]

        public init(id: String, statements: [String]) {
            self.id = id
            self.statements = statements
        }
    }

    public static let migrations: [Migration] = [
        Migration(id: "sessions/1-sessions-and-accounting", statements: [
            """
            CREATE TABLE sessions (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                session_class TEXT NOT NULL UNIQUE,
                node_id TEXT NOT NULL,
                imsi TEXT NOT NULL,
                user_name TEXT NOT NULL,
                calling_station_id TEXT,
                called_station_id TEXT,
                nas_ip TEXT,
                nas_identifier TEXT,
                client_ip TEXT NOT NULL,
                frontend_id TEXT NOT NULL,
                serving_hss TEXT,
                registration TEXT NOT NULL,
                registration_attempts INTEGER NOT NULL DEFAULT 0,
                accepted_at TIMESTAMPTZ NOT NULL,
                acct_session_id TEXT,
                framed_ip TEXT,
                started_at TIMESTAMPTZ,
                updated_at TIMESTAMPTZ,
                ended_at TIMESTAMPTZ,
                end_cause TEXT,
                session_time BIGINT NOT NULL DEFAULT 0,
                input_octets BIGINT NOT NULL DEFAULT 0,
                output_octets BIGINT NOT NULL DEFAULT 0,
                input_packets BIGINT NOT NULL DEFAULT 0,
                output_packets BIGINT NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX sessions_live_by_imsi ON sessions (imsi) WHERE ended_at IS NULL",
            "CREATE INDEX sessions_by_acct_session ON sessions (client_ip, acct_session_id)",
            "CREATE INDEX sessions_registration_due ON sessions (id) WHERE registration = 'registered' AND ended_at IS NOT NULL",
            """
            CREATE TABLE accounting_records (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                received_at TIMESTAMPTZ NOT NULL,
                frontend_id TEXT NOT NULL,
                client_ip TEXT NOT NULL,
                session_id BIGINT REFERENCES sessions (id),
                status_type BIGINT NOT NULL,
                acct_session_id TEXT,
                session_class TEXT,
                user_name TEXT,
                nas_ip TEXT,
                nas_identifier TEXT,
                calling_station_id TEXT,
                called_station_id TEXT,
                framed_ip TEXT,
                session_time BIGINT,
                input_octets BIGINT,
                output_octets BIGINT,
                input_packets BIGINT,
                output_packets BIGINT,
                terminate_cause BIGINT,
                delay_time BIGINT,
                event_timestamp BIGINT,
                fingerprint BYTEA NOT NULL UNIQUE
            )
            """,
            "CREATE INDEX accounting_records_by_session ON accounting_records (session_id)",
        ]),
        Migration(id: "charging/1-charging-sessions", statements: [
            """
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
                state BYTEA NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX charging_sessions_open ON charging_sessions (phase) WHERE phase <> 'closed'",
        ]),
        Migration(id: "radius-frontend/1-access-points", statements: [
            """
            CREATE TABLE access_points (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                nas_ip TEXT NOT NULL,
                ap_mac TEXT NOT NULL DEFAULT '',
                ssid TEXT,
                called_station_id TEXT,
                nas_identifier TEXT,
                nas_port_type BIGINT,
                framed_mtu BIGINT,
                source_ip TEXT NOT NULL,
                first_seen TIMESTAMPTZ NOT NULL,
                last_seen TIMESTAMPTZ NOT NULL,
                client_count INTEGER NOT NULL DEFAULT 0,
                UNIQUE (nas_ip, ap_mac)
            )
            """,
            """
            CREATE TABLE access_point_clients (
                access_point_id BIGINT NOT NULL REFERENCES access_points (id) ON DELETE CASCADE,
                calling_station_id TEXT NOT NULL,
                first_accepted TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (access_point_id, calling_station_id)
            )
            """,
        ]),
    ]
}
