/// The HELP line of every metric the services export, by name: one place, so a name has one text
/// whichever service or label set makes it (the registry requires that), and a test checks that no
/// metric in the sources lacks one.
public enum MetricHelp {
    public static let text: [String: String] = [
        // radius-frontend
        "radius_access_request_count": "Access-Requests that passed validation (source, secret, authenticators).",
        "radius_access_accept_count": "Access-Accepts sent.",
        "radius_access_reject_count": "Access-Rejects sent.",
        "radius_access_challenge_count": "Access-Challenges sent.",
        "radius_status_server_count": "Status-Server requests answered (RFC 5997).",
        "radius_upstream_failures_total": "Access-Requests left unanswered because aaa-core was unreachable, timed out or answered nonsense.",
        "radius_duplicate_answered_total": "Retransmitted requests answered from the duplicate cache (RFC 5080).",
        "radius_access_points_count": "Access points registered in the shared store.",
        "radius_active_clients_count": "Sessions accepted and not ended, all frontends.",
        "radius_accounting_request_count": "Accounting-Requests that passed validation, by Acct-Status-Type.",
        "radius_request_duration_seconds": "Answered RADIUS requests, datagram received to answer written, by port (access, accounting).",
        "radius_accounting_commit_duration_seconds": "Accounting record submitted to committed in the shared store (group commit).",
        "radius_accounting_responses_total": "Accounting-Responses sent, each after its record was committed.",
        "radius_accounting_store_failures_total": "Accounting-Requests left unanswered because the store failed (the AP retransmits).",
        "radius_accounting_duplicate_records_total": "Accounting records already stored, acknowledged again without a second copy.",
        "radius_accounting_unmatched_total": "Accounting records that match no session (stored all the same).",
        "twag_store_available": "1 while the shared store (SQLite file or PostgreSQL) answers, 0 while it is unreachable.",
        "radius_store_withheld_accepts_total": "Access-Accepts turned into Rejects because the session row could not be stored (store_required_for_accept).",
        "radius_session_store_failures_total": "Session rows that could not be written at Access-Accept (the Accept still goes out).",
        "radius_disconnect_requests_total": "Disconnect-Request exchanges with APs (RFC 5176), by outcome.",
        "radius_coa_requests_total": "CoA-Request exchanges with APs (RFC 5176), by outcome.",
        "radius_dropped_total": "Datagrams discarded without an answer, by reason.",
        "radius_socket_receive_drops_total":
            "Datagrams the kernel dropped on a RADIUS socket before the frontend read them (receive buffer full), by port type.",
        // twag-admin
        "twag_admin_http_responses_total": "HTTP responses of twag-admin, by listener (api, dashboard) and status class.",
        "twag_admin_api_unauthorized_total": "REST API calls refused with 401 for a missing or invalid bearer token.",
        "twag_admin_login_attempts_total": "Dashboard login attempts, by result (success, failure, throttled).",
        "twag_admin_csrf_rejections_total": "Dashboard actions refused for a missing or wrong CSRF token.",
        "twag_admin_actions_total": "Operator actions (disconnect, diameter_test) through the dashboard or the API, by result.",
        // aaa-core
        "eap_aka_identity_count": "EAP-AKA/AKA' identity exchanges.",
        "eap_aka_challenge_count": "EAP-AKA/AKA' challenges sent.",
        "eap_aka_sync_failure_count": "Synchronization-Failure messages received (SQN resynchronisations).",
        "eap_aka_auth_success_count": "Authentications accepted.",
        "eap_aka_auth_reject_count": "Authentications rejected, by reason.",
        "eap_aka_final_answer_replayed_count": "Final answers sent again to a retransmission after the conversation ended.",
        "eap_aka_conversations": "EAP conversations held in memory.",
        "eap_aka_phase_duration_seconds": "Time aaa-core spends per authentication phase (identity round incl. vector fetch, vector fetch, final challenge round).",
        "eap_aka_authentication_duration_seconds": "Whole authentications, first Access-Request to Accept or Reject, by result.",
        "swx_sar_count": "SWx Server-Assignment (registration) outcomes.",
        "swx_rtr_count": "Registration-Termination-Requests received from an HSS.",
        "swx_deregistrations_total": "SAR USER_DEREGISTRATION outcomes at session end.",
        "session_disconnects_total": "Disconnect-Requests asked of a frontend by aaa-core (after an RTR, or for an operator), by outcome.",
        // Diameter peers (aaa-core, charging-agent, simulators)
        "diameter_message_count": "Diameter messages sent and received, by application, command and direction.",
        "diameter_peer_state": "Diameter peer state (1 open, 0 otherwise), by peer.",
        "diameter_decode_errors_total": "Diameter messages that could not be decoded, by peer.",
        "diameter_request_timeouts_total": "Diameter requests that timed out, by peer.",
        "diameter_request_duration_seconds": "Diameter request latency (submitted to answered, retries included), by peer and command.",
        "diameter_unanswered_requests_total": "Diameter requests whose last attempt (after the retry) got no answer, by peer.",
        // IPC (every service)
        "ipc_request_duration_seconds": "IPC request latency between the services (sent to replied), by message type.",
        "ipc_frame_errors_total": "IPC frames refused (framing errors close the connection), by service.",
        // charging-agent
        "charging_ccr_total": "Credit-Control-Requests by type (CCR-I/U/T) and result (Result-Code or local failure).",
        "charging_ocs_request_duration_seconds": "Time from a CCR sent to its CCA received.",
        "charging_grants_total": "Granted-Service-Units received from the OCS.",
        "charging_granted_octets_total": "Octets granted by the OCS.",
        "charging_authorizations_total": "Charging decisions given to aaa-core (accept, reject with reason, degraded).",
        "charging_disconnects_total": "Disconnects charging asked of a frontend, by cause and outcome.",
        "charging_coa_total": "CoA-Requests (new Session-Timeout after a grant) asked of a frontend, by outcome.",
        "charging_answer_errors_total": "CCAs that could not be used, by reason.",
        "charging_server_requests_total": "RAR and ASR received from the OCS, by command and answer.",
        "charging_sessions_open": "Gy sessions charging-agent holds.",
        "charging_store_failures_total": "Charging state writes that failed (the request they name is held back).",
    ]
}
