import IPC

/// What aaa-core decided for one Access-Request (docs/ipc.md, types 0x0101-0x0104).
public enum AuthDecision: Sendable, Equatable {
    /// Send Access-Challenge with this EAP packet and State.
    case challenge(eap: [UInt8], state: [UInt8])
    /// Send Access-Accept.
    case accept(AuthAcceptance)
    /// Send Access-Reject carrying this EAP packet (normally EAP-Failure).
    case reject(eap: [UInt8]?, reason: String?)
    /// Send nothing (e.g. a stale State): the AP retransmits or gives up.
    case discard(reason: String?)
}

/// The contents of an `auth-accept` frame. The MSK is key material: never printed.
public struct AuthAcceptance: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// EAP-Success.
    public var eap: [UInt8]
    /// 64 octets; MS-MPPE-Recv-Key = MSK[0..31], MS-MPPE-Send-Key = MSK[32..63].
    public var msk: [UInt8]
    /// RADIUS Class naming the session (the AP copies it into accounting).
    public var sessionClass: [UInt8]
    /// User-Name for the Accept (the identity the session is accounted under).
    public var userName: String?
    /// Overrides `radius.session_timeout_s` when present (e.g. the OCS validity time).
    public var sessionTimeout: UInt32?
    /// Overrides `radius.acct_interim_interval_s` when present.
    public var acctInterimInterval: UInt32?
    public var imsi: String?
    /// aaa-core registered the subscriber at the HSS for this session (the session row says so).
    public var hssRegistered: Bool
    public var servingHSS: String?

    public init(eap: [UInt8], msk: [UInt8], sessionClass: [UInt8], userName: String? = nil,
                sessionTimeout: UInt32? = nil, acctInterimInterval: UInt32? = nil, imsi: String? = nil,
                hssRegistered: Bool = false, servingHSS: String? = nil) {
        self.hssRegistered = hssRegistered
        self.servingHSS = servingHSS
        self.eap = eap
        self.msk = msk
        self.sessionClass = sessionClass
        self.userName = userName
        self.sessionTimeout = sessionTimeout
        self.acctInterimInterval = acctInterimInterval
        self.imsi = imsi
    }

    public var description: String {
        "AuthAcceptance(userName: \(userName ?? "-"), msk: <redacted \(msk.count) octets>, class: \(sessionClass.count) octets)"
    }

    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// Why a decision frame from aaa-core cannot be used.
public enum AuthDecisionError: Error, Sendable, Equatable {
    /// Not one of auth-challenge/accept/reject/discard.
    case unexpectedType(IPCMessageType)
    /// A field is missing, the wrong size or not UTF-8.
    case field(IPCFieldError)
    /// The MSK is not 64 octets (RFC 5247: at least 64; we send exactly 0..63).
    case mskLengthInvalid(Int)
    /// A challenge without EAP or State, or an empty value RADIUS cannot carry.
    case emptyValue(IPCTag)
}

extension AuthDecision {
    /// Decodes aaa-core's reply frame.
    public init(frame: IPCFrame) throws(AuthDecisionError) {
        do {
            switch frame.type {
            case .authChallenge:
                let eap = try frame.required(.eapMessage, frame.bytes)
                let state = try frame.required(.radiusState, frame.bytes)
                guard !eap.isEmpty else { throw AuthDecisionError.emptyValue(.eapMessage) }
                guard !state.isEmpty else { throw AuthDecisionError.emptyValue(.radiusState) }
                self = .challenge(eap: eap, state: state)
            case .authAccept:
                let msk = try frame.required(.msk, frame.bytes)
                guard msk.count == 64 else { throw AuthDecisionError.mskLengthInvalid(msk.count) }
                let sessionClass = try frame.required(.sessionClass, frame.bytes)
                guard !sessionClass.isEmpty else { throw AuthDecisionError.emptyValue(.sessionClass) }
                let eap = try frame.required(.eapMessage, frame.bytes)
                guard !eap.isEmpty else { throw AuthDecisionError.emptyValue(.eapMessage) }
                self = .accept(AuthAcceptance(
                    eap: eap, msk: msk, sessionClass: sessionClass,
                    userName: try frame.string(.acceptedUserName).flatMap { $0.isEmpty ? nil : $0 },
                    sessionTimeout: try frame.uint32(.sessionTimeout),
                    acctInterimInterval: try frame.uint32(.acctInterimInterval),
                    imsi: try frame.string(.imsi),
                    hssRegistered: try frame.uint32(.hssRegistered) == 1,
                    servingHSS: try frame.string(.servingHSS)))
            case .authReject:
                let eap = frame.bytes(.eapMessage)
                self = .reject(eap: eap?.isEmpty == true ? nil : eap, reason: try frame.string(.rejectReason))
            case .authDiscard:
                self = .discard(reason: try frame.string(.rejectReason))
            default:
                throw AuthDecisionError.unexpectedType(frame.type)
            }
        } catch let error as IPCFieldError {
            throw .field(error)
        } catch let error as AuthDecisionError {
            throw error
        } catch {
            throw .unexpectedType(frame.type)
        }
    }
}
