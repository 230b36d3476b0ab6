import Diameter
import Foundation
import Logging

/// Why the simulator could not start.
public enum HSSStartupError: Error, Sendable, CustomStringConvertible {
    case subscribers(SubscriberFileError)
    case state(SequenceStateFileError)

    public var description: String {
        switch self {
        case .subscribers(let e): return e.description
        case .state(let e): return e.description
        }
    }
}

/// The running HSS: serialises access to the `SWxHSS` value, persists SQN state before an answer
/// carrying new vectors leaves, applies fault injection and logs one line per answer. With a
/// termination delay it also sends each SAR REGISTRATION's RTR when due (through the sender given to
/// `attach(requestSender:)`).
///
/// Runs on the cooperative pool (MILENAGE is a few AES blocks); an SQN change costs one journal
/// append (`write(2)`, no fsync), so nothing blocks a NIO event loop.
public actor HSSService {
    private var core: SWxHSS
    private let persister: SequenceStatePersister?
    private var dropper: RequestDropper
    private let answerDelay: Duration
    /// `--batch-answers-ms`: answers leave only at ticks counted from `origin`.
    private let batches: AnswerBatchSchedule?
    private let origin = ContinuousClock.now
    let logger: Logger
    /// Where RTRs go; nil until `attach(requestSender:)` (the node is built after the service).
    private(set) var currentRequestSender: HSSRequestSender?
    /// Session-Id high part (start time) and counter of the RTRs this process originates.
    private let sessionHigh = UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970))
    private var sessionCounter: UInt32 = 0

    public init(core: SWxHSS, persister: SequenceStatePersister?, faults: FaultInjection = .none, logger: Logger) {
        self.core = core
        self.persister = persister
        self.dropper = RequestDropper(every: faults.dropEvery)
        self.answerDelay = faults.answerDelay
        self.batches = AnswerBatchSchedule(interval: faults.batchInterval)
        self.logger = logger
    }

    /// Loads the subscriber file and the SQN state file (absent = fresh start).
    public static func load(identity: HSSIdentity, subscribersPath: String, statePath: String,
                            dialect: HSSDialect = .swx, faults: FaultInjection = .none, terminationDelay: Duration? = nil,
                            logger: Logger) throws(HSSStartupError) -> HSSService {
        let subscribers: [Subscriber]
        do {
            subscribers = try SubscriberFile.load(path: subscribersPath)
        } catch {
            throw .subscribers(error)
        }
        let persister = SequenceStatePersister(file: SequenceStateFile(path: statePath))
        let state: SequenceState
        do {
            state = try persister.open()
        } catch {
            throw .state(error)
        }
        logger.info("Loaded \(subscribers.count) subscribers from \(subscribersPath); SQN state \(statePath) (\(state.values.count) entries)")
        for s in subscribers {
            logger.debug("Subscriber \(s.imsi): SQN_HE \(state.current(for: s)), \(s)")
        }
        let core = SWxHSS(identity: identity, subscribers: subscribers, sequenceState: state, dialect: dialect,
                          terminationDelay: dialect == .swx ? terminationDelay : nil)
        return HSSService(core: core, persister: persister, faults: faults, logger: logger)
    }

    /// Current SQN state (tests, diagnostics).
    public var sequenceState: SequenceState { core.sequenceState }

    /// Current registrations (tests, diagnostics).
    public var registrations: SWxRegistrationTable { core.registrations }

    /// Gives the service the node's `send`, so armed RTRs can leave.
    public func attach(requestSender: @escaping HSSRequestSender) {
        self.currentRequestSender = requestSender
    }

    /// RTRs due now, their registrations forgotten.
    func takeDueTerminations() -> [SWxTerminationDue] {
        core.takeDueTerminations(now: .now)
    }

    /// The RTR for `item`, with a Session-Id unique to this process.
    func makeTerminationRequest(_ item: SWxTerminationDue) -> DiameterMessage {
        sessionCounter &+= 1
        return core.registrationTerminationRequest(
            imsi: item.imsi, registration: item.registration,
            sessionId: core.terminationSessionId(high: sessionHigh, low: sessionCounter))
    }

    /// The DiameterNode request handler: the answer, or nil to drop the request (fault injection,
    /// or what the dialect never answers: SWx in Cx mode, malformed Cx requests).
    public func handle(_ request: DiameterMessage) async -> DiameterMessage? {
        if dropper.shouldDrop() {
            logger.notice("Dropping \(DiameterDictionary.standard.label(for: request)) from \(request.originHost ?? "?") (request \(dropper.seen), --drop-every \(dropper.every ?? 0))")
            return nil
        }
        var rng = SystemRandomNumberGenerator()
        let decision = core.respond(to: request, random: &rng, now: .now)
        guard var outcome = decision.outcome else {
            if case .drop(let reason) = decision {
                logger.debug("Not answering \(DiameterDictionary.standard.label(for: request)) from \(request.originHost ?? "?"): \(reason)")
            }
            return nil
        }
        if outcome.sequenceStateChanged, let persister, let imsi = outcome.summary.imsi, let sqn = core.sequenceState[imsi] {
            do {
                try persister.record(imsi: imsi, sqn: sqn, state: core.sequenceState)
            } catch {
                // Vectors whose SQN cannot be recorded are not handed out; in memory SQN_HE has
                // still advanced, so nothing is re-issued while the process lives.
                logger.error("\(error)")
                outcome = core.stateNotSavedFailure(request, replacing: outcome)
            }
        }
        if answerDelay > .zero {
            try? await Task.sleep(for: answerDelay)
        }
        if let batches {
            // Held until the next tick, so answers leave in bursts like pyHSS's.
            let release = origin + batches.release(readyAt: ContinuousClock.now - origin)
            try? await Task.sleep(until: release, clock: .continuous)
        }
        let summary = outcome.summary
        if summary.isSuccess || summary.experimental {
            logger.info("\(summary.logLine)")
        } else {
            logger.warning("\(summary.logLine)")
        }
        if let armed = outcome.armedTermination { arm(armed) }
        return outcome.answer
    }
}
