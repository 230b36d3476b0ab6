import Diameter

/// What one request did: the answer to send, whether SQN state changed (and must be persisted
/// before the answer leaves), and a summary for the one-line log.
public struct HSSOutcome: Sendable {
    public var answer: DiameterMessage
    public var sequenceStateChanged: Bool
    public var summary: HSSAnswerSummary
    /// A SAR REGISTRATION recorded with an RTR armed: the service wakes at its `terminationDue`.
    public var armedTermination: SWxTerminationDue?

    public init(answer: DiameterMessage, sequenceStateChanged: Bool, summary: HSSAnswerSummary,
                armedTermination: SWxTerminationDue? = nil) {
        self.answer = answer
        self.sequenceStateChanged = sequenceStateChanged
        self.summary = summary
        self.armedTermination = armedTermination
    }
}

/// The facts of one answer, rendered as the operator-facing log line
/// `MAA to <origin-host> for <IMSI>: 2001, 1 vector (EAP-AKA')`, or, for a request named in
/// `request`, `SAR REGISTRATION for <IMSI> from <origin-host>: 2001, non-3GPP access allowed`.
public struct HSSAnswerSummary: Sendable, Hashable {
    /// "MAA", "SAA", or the command label for other answers.
    public var command: String
    /// Origin-Host of the request (the AAA server), "?" when absent.
    public var peer: String
    public var imsi: String?
    /// Result-Code, or Experimental-Result-Code when `experimental`.
    public var code: UInt32
    public var experimental: Bool
    public var vectorCount: Int
    public var scheme: String?
    /// Why a failure happened, or what special happened (resynchronisation), for the log.
    public var detail: String?
    /// The request as the log names it ("SAR USER_DEREGISTRATION"); nil: the line names the answer.
    public var request: String?
    /// In parentheses right after the peer ("was not registered"), with `request` only.
    public var note: String?

    public init(command: String, peer: String, imsi: String?, code: UInt32, experimental: Bool = false,
                vectorCount: Int = 0, scheme: String? = nil, detail: String? = nil, request: String? = nil,
                note: String? = nil) {
        self.command = command
        self.peer = peer
        self.imsi = imsi
        self.code = code
        self.experimental = experimental
        self.vectorCount = vectorCount
        self.scheme = scheme
        self.detail = detail
        self.request = request
        self.note = note
    }

    public var isSuccess: Bool { !experimental && (2000..<3000).contains(code) }

    /// One line, no key material (IMSI and result only).
    public var logLine: String {
        var line: String
        if let request {
            line = request
            if let imsi { line += " for \(imsi)" }
            line += " from \(peer)"
            if let note { line += " (\(note))" }
        } else {
            line = "\(command) to \(peer)"
            if let imsi { line += " for \(imsi)" }
        }
        line += ": \(code)"
        if isSuccess {
            if vectorCount > 0 || scheme != nil {
                line += ", \(vectorCount) vector\(vectorCount == 1 ? "" : "s")"
                if let scheme { line += " (\(scheme))" }
            }
        } else if let name = HSSAnswerSummary.name(of: code, experimental: experimental) {
            line += " " + name
        }
        if let detail { line += isSuccess ? ", \(detail)" : " (\(detail))" }
        return line
    }

    /// Wireshark names of the codes this simulator sends.
    static func name(of code: UInt32, experimental: Bool) -> String? {
        if experimental {
            switch code {
            case SWxExperimentalResultCode.userUnknown: return "DIAMETER_ERROR_USER_UNKNOWN"
            case SWxExperimentalResultCode.userNoNon3GPPSubscription: return "DIAMETER_ERROR_USER_NO_NON_3GPP_SUBSCRIPTION"
            default: return nil
            }
        }
        switch code {
        case 3001: return "DIAMETER_COMMAND_UNSUPPORTED"
        case 3007: return "DIAMETER_APPLICATION_UNSUPPORTED"
        case 5004: return "DIAMETER_INVALID_AVP_VALUE"
        case 5005: return "DIAMETER_MISSING_AVP"
        case 5009: return "DIAMETER_AVP_OCCURS_TOO_MANY_TIMES"
        case 5012: return "DIAMETER_UNABLE_TO_COMPLY"
        case 5014: return "DIAMETER_INVALID_AVP_LENGTH"
        default: return nil
        }
    }
}
