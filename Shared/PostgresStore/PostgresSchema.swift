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
        // The frontend's group commit in one round trip: the batch goes as one JSON array and the
        // server applies each write in order with the SQLite engine's rules (SQLiteSessionStore+Writes).
        // Per-statement round trips would cap a writer at a few thousand records a second.
        Migration(id: "sessions/2-commit-writes", statements: [
            """
            CREATE FUNCTION twag_commit_writes(batch jsonb, node text)
            RETURNS TABLE (o_position integer, o_kind text, o_record bigint, o_session bigint, o_ended integer)
            LANGUAGE plpgsql AS $fn$
            DECLARE
                w jsonb;
                pos integer := 0;
                status bigint;
                sid bigint;
                rid bigint;
                n integer;
                received timestamptz;
                event timestamptz;
            BEGIN
                FOR w IN SELECT e.value FROM jsonb_array_elements(batch) WITH ORDINALITY AS e(value, ord) ORDER BY e.ord LOOP
                    pos := pos + 1;
                    o_position := pos;
                    IF w->>'kind' = 'session' THEN
                        sid := NULL;
                        INSERT INTO sessions (session_class, node_id, imsi, user_name, calling_station_id, called_station_id,
                            nas_ip, nas_identifier, client_ip, frontend_id, serving_hss, registration, accepted_at)
                        VALUES (w->>'session_class', node, w->>'imsi', w->>'user_name', w->>'calling_station_id',
                            w->>'called_station_id', w->>'nas_ip', w->>'nas_identifier', w->>'client_ip', w->>'frontend_id',
                            w->>'serving_hss', w->>'registration', to_timestamp((w->>'accepted_at')::double precision))
                        ON CONFLICT (session_class) DO NOTHING
                        RETURNING id INTO sid;
                        IF sid IS NULL THEN
                            SELECT s.id INTO sid FROM sessions s WHERE s.session_class = w->>'session_class';
                        END IF;
                        o_kind := 'session'; o_record := NULL; o_session := sid; o_ended := 0;
                        RETURN NEXT;
                        CONTINUE;
                    END IF;

                    status := (w->>'status_type')::bigint;
                    received := to_timestamp((w->>'received_at')::double precision);
                    sid := NULL;
                    IF status IN (1, 2, 3) THEN
                        -- Our Class; else Acct-Session-Id from the same AP; else the newest unstarted
                        -- live session of that user and station at that AP (APs that drop Class).
                        IF w->>'session_class' IS NOT NULL THEN
                            SELECT s.id INTO sid FROM sessions s WHERE s.session_class = w->>'session_class';
                        END IF;
                        IF sid IS NULL AND w->>'acct_session_id' IS NOT NULL THEN
                            SELECT s.id INTO sid FROM sessions s
                            WHERE s.client_ip = w->>'client_ip' AND s.acct_session_id = w->>'acct_session_id'
                            ORDER BY s.id DESC LIMIT 1;
                        END IF;
                        IF sid IS NULL AND w->>'user_name' IS NOT NULL AND w->>'calling_station_id' IS NOT NULL THEN
                            SELECT s.id INTO sid FROM sessions s
                            WHERE s.user_name = w->>'user_name' AND s.calling_station_id = w->>'calling_station_id'
                                AND s.client_ip = w->>'client_ip' AND s.acct_session_id IS NULL AND s.ended_at IS NULL
                            ORDER BY s.id DESC LIMIT 1;
                        END IF;
                    END IF;

                    rid := NULL;
                    INSERT INTO accounting_records (received_at, frontend_id, client_ip, session_id, status_type,
                        acct_session_id, session_class, user_name, nas_ip, nas_identifier, calling_station_id,
                        called_station_id, framed_ip, session_time, input_octets, output_octets, input_packets,
                        output_packets, terminate_cause, delay_time, event_timestamp, fingerprint)
                    VALUES (received, w->>'frontend_id', w->>'client_ip', sid, status, w->>'acct_session_id',
                        w->>'session_class', w->>'user_name', w->>'nas_ip', w->>'nas_identifier', w->>'calling_station_id',
                        w->>'called_station_id', w->>'framed_ip', (w->>'session_time')::bigint,
                        (w->>'input_octets')::bigint, (w->>'output_octets')::bigint, (w->>'input_packets')::bigint,
                        (w->>'output_packets')::bigint, (w->>'terminate_cause')::bigint, (w->>'delay_time')::bigint,
                        (w->>'event_timestamp')::bigint, decode(w->>'fingerprint', 'hex'))
                    ON CONFLICT (fingerprint) DO NOTHING
                    RETURNING id INTO rid;

                    IF status IN (7, 8) THEN
                        -- Accounting-On/Off ends the NAS's sessions accepted before the event, even
                        -- for a record seen before (an AP without Event-Timestamp repeats it at each boot).
                        event := coalesce(to_timestamp((w->>'event_timestamp')::double precision),
                                          received - make_interval(secs => coalesce((w->>'delay_time')::double precision, 0)));
                        UPDATE sessions s SET ended_at = received,
                            end_cause = CASE status WHEN 7 THEN 'Accounting-On' ELSE 'Accounting-Off' END
                        WHERE s.ended_at IS NULL AND s.accepted_at <= event AND s.client_ip = w->>'client_ip'
                            AND CASE WHEN w->>'nas_identifier' IS NOT NULL THEN s.nas_identifier = w->>'nas_identifier'
                                     WHEN w->>'nas_ip' IS NOT NULL THEN s.nas_ip = w->>'nas_ip'
                                     ELSE true END;
                        GET DIAGNOSTICS n = ROW_COUNT;
                        IF rid IS NULL THEN
                            o_kind := 'duplicate'; o_record := NULL; o_session := NULL; o_ended := 0;
                        ELSE
                            o_kind := 'nas_restart'; o_record := rid; o_session := NULL; o_ended := n;
                        END IF;
                    ELSIF rid IS NULL THEN
                        o_kind := 'duplicate'; o_record := NULL; o_session := NULL; o_ended := 0;
                    ELSE
                        IF sid IS NOT NULL THEN
                            -- Counters only move forward: a late interim must not undo a later one.
                            UPDATE sessions s SET
                                acct_session_id = coalesce(s.acct_session_id, w->>'acct_session_id'),
                                framed_ip = coalesce(w->>'framed_ip', s.framed_ip),
                                started_at = coalesce(s.started_at, received),
                                updated_at = greatest(coalesce(s.updated_at, received), received),
                                session_time = greatest(s.session_time, coalesce((w->>'session_time')::bigint, 0)),
                                input_octets = greatest(s.input_octets, coalesce((w->>'input_octets')::bigint, 0)),
                                output_octets = greatest(s.output_octets, coalesce((w->>'output_octets')::bigint, 0)),
                                input_packets = greatest(s.input_packets, coalesce((w->>'input_packets')::bigint, 0)),
                                output_packets = greatest(s.output_packets, coalesce((w->>'output_packets')::bigint, 0)),
                                ended_at = CASE WHEN status = 2 THEN coalesce(s.ended_at, received) ELSE s.ended_at END,
                                end_cause = CASE WHEN status = 2 THEN coalesce(s.end_cause, w->>'terminate_cause_name', 'Stop')
                                                 ELSE s.end_cause END
                            WHERE s.id = sid;
                        END IF;
                        o_kind := 'stored'; o_record := rid; o_session := sid; o_ended := 0;
                    END IF;
                    RETURN NEXT;
                END LOOP;
            END
            $fn$
            """,
        ]),
        // Which records a consumer has not seen: identity ids are handed out before commit, so with
        // several writers a smaller id can commit after a larger one. The writing transaction's id
        // and the oldest transaction still running (pg_snapshot_xmin) give a watermark with no gap.
        Migration(id: "accounting/2-transaction-watermark", statements: [
            "ALTER TABLE accounting_records ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()",
            "CREATE INDEX accounting_records_by_xid ON accounting_records (xid)",
        ]),
        // Several nodes: which node's services are alive (a heartbeat a service), and which node's
        // charging-agent owns each Gy session, so the work of a node that died is taken over once.
        Migration(id: "nodes/1-liveness-and-charging-owner", statements: [
            """
            CREATE TABLE twag_nodes (
                node_id TEXT NOT NULL,
                service TEXT NOT NULL,
                last_seen TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (node_id, service)
            )
            """,
            "ALTER TABLE charging_sessions ADD COLUMN node_id TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX charging_sessions_open_by_node ON charging_sessions (node_id) WHERE phase <> 'closed'",
        ]),
    ]
}
