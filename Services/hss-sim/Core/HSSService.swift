import Diameter
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
/// carrying new vectors leaves, applies fault injection and logs one line per answer.
///
/// Runs on the cooperative pool (MILENAGE is a few AES blocks); file writes go to the persister's
/// own queue, so neither blocks a NIO event loop.
public actor HSSService {
    private var core: SWxHSS
    private let persister: SequenceStatePersister?
    private var dropper: RequestDropper
    private let answerDelay: Duration
    private let logger: Logger

    public init(core: SWxHSS, persister: SequenceStatePersister?, faults: FaultInjection = .none, logger: Logger) {
        self.core = core
        self.persister = persister
        self.dropper = RequestDropper(every: faults.dropEvery)
        self.answerDelay = faults.answerDelay
        self.logger = logger
    }

    /// Loads the subscriber file and the SQN state file (absent = fresh start).
    public static func load(identity: HSSIdentity, subscribersPath: String, statePath: String,
                            faults: FaultInjection = .none, logger: Logger) throws(HSSStartupError) -> HSSService {
        let subscribers: [Subscriber]
        do {
            subscribers = try SubscriberFile.load(path: subscribersPath)
        } catch {
            throw .subscribers(error)
        }
        let file = SequenceStateFile(path: statePath)
        let state: SequenceState
        do {
            state = try file.load()
        } catch {
            throw .state(error)
        }
        logger.info("Loaded \(subscribers.count) subscribers from \(subscribersPath); SQN state \(statePath) (\(state.values.count) entries)")
        for s in subscribers {
            logger.debug("Subscriber \(s.imsi): SQN_HE \(state.current(for: s)), \(s)")
        }
        let core = SWxHSS(identity: identity, subscribers: subscribers, sequenceState: state)
        return HSSService(core: core, persister: SequenceStatePersister(file: file), faults: faults, logger: logger)
    }

    /// Current SQN state (tests, diagnostics).
    public var sequenceState: SequenceState { core.sequenceState }

    /// The DiameterNode request handler: the answer, or nil to drop the request (fault injection).
    public func handle(_ request: DiameterMessage) async -> DiameterMessage? {
        if dropper.shouldDrop() {
            logger.notice("Dropping \(DiameterDictionary.standard.label(for: request)) from \(request.originHost ?? "?") (request \(dropper.seen), --drop-every \(dropper.every ?? 0))")
            return nil
        }
        var rng = SystemRandomNumberGenerator()
        var outcome = core.process(request, random: &rng)
        if outcome.sequenceStateChanged, let persister {
            do {
                try await persister.persist(core.sequenceState)
            } catch {
                // Vectors whose SQN cannot be recorded are not handed out; in memory SQN_HE has
                // still advanced, so nothing is re-issued while the process lives.
                logger.error("\(error)")
                outcome = core.failure(request, command: outcome.summary.command, peer: outcome.summary.peer,
                                       imsi: outcome.summary.imsi, result: .base(DiameterResultCode.unableToComply.rawValue),
                                       errorMessage: "HSS cannot record sequence numbers", detail: "SQN state not saved")
            }
        }
        if answerDelay > .zero {
            try? await Task.sleep(for: answerDelay)
        }
        let summary = outcome.summary
        if summary.isSuccess || summary.experimental {
            logger.info("\(summary.logLine)")
        } else {
            logger.warning("\(summary.logLine)")
        }
        return outcome.answer
    }
}
