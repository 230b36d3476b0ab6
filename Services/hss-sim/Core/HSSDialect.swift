/// Which 3GPP interface the simulator serves vectors on.
///
/// `cx` imitates a pyHSS-class core (pyHSS 2.0.0 as an operator sees it): Cx only, SWx requests
/// silently dropped, so aaa-core's Cx dialect and its robustness paths can be tested without one.
public enum HSSDialect: String, Sendable, Hashable, CaseIterable {
    /// SWx (TS 29.273, Application-Id 16777265): MAR/MAA and SAR/SAA. The default.
    case swx
    /// Cx (TS 29.228/29.229, Application-Id 16777216): MAR/MAA only, plain CK/IK, one vector per answer.
    case cx
}

/// What the HSS does with one request: answer it, or drop it without a word (as pyHSS does with
/// requests it does not serve or cannot parse).
public enum HSSDecision: Sendable {
    case answer(HSSOutcome)
    /// No answer at all; `reason` is for a debug log line.
    case drop(reason: String)

    /// The outcome to send, nil when the request is dropped.
    public var outcome: HSSOutcome? {
        if case .answer(let outcome) = self { return outcome }
        return nil
    }
}
