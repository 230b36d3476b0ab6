import Diameter
import Foundation
import Logging

/// Sends the OCS's own requests (RAR, ASR) to a charging client: the Diameter node in ocs-sim.
public protocol OCSRequestSender: Sendable {
    func send(_ request: DiameterMessage) async throws -> DiameterMessage
}

/// ocs-sim's service: Gy answers from the ledger, fault injection, the ledger file, and the control
/// operations (top-up, RAR/ASR). The ledger file is rewritten atomically, at most every
/// `flushInterval`, so a busy OCS does not spend its time serialising JSON.
public actor OCSService {
    private var ledger: OCSLedger
    public private(set) var faults: OCSFaults
    private let originHost: String
    private let originRealm: String
    private let ledgerPath: String?
    private let logger: Logger
    private var sender: (any OCSRequestSender)?
    private var dirty = false
    private var flushing = false
    private let flushInterval: Duration

    public init(ledger: OCSLedger, faults: OCSFaults = OCSFaults(), originHost: String, originRealm: String,
                ledgerPath: String?, flushInterval: Duration = .milliseconds(100), logger: Logger) {
        self.ledger = ledger
        self.faults = faults
        self.originHost = originHost
        self.originRealm = originRealm
        self.ledgerPath = ledgerPath
        self.flushInterval = flushInterval
        self.logger = logger
    }

    public func attach(sender: any OCSRequestSender) {
        self.sender = sender
    }

    /// One Diameter request from a client; nil leaves it unanswered (fault injection).
    public func handle(_ request: DiameterMessage) async -> DiameterMessage? {
        let identity: [DiameterAVP] = [.originHost(originHost), .originRealm(originRealm), .authApplicationId(.creditControl)]
        guard request.commandCode == DiameterCommand.creditControl.rawValue else {
            return request.answer(resultCode: .commandUnsupported, avps: identity)
        }
        let ccr: CreditControlRequest
        do {
            ccr = try CreditControlRequest(decoding: request)
        } catch {
            logger.warning("Malformed CCR answered \(error.resultCode): \(error)")
            return request.answer(error: error, avps: [.originHost(originHost), .originRealm(originRealm)])
        }
        let kind = OCSLedger.kind(ccr.requestType)
        if faults.drops(kind) {
            logger.notice("\(kind.rawValue) #\(ccr.requestNumber) for \(ccr.imsi) dropped (fault injection)")
            return nil
        }
        if faults.answerDelayMilliseconds > 0 {
            try? await Task.sleep(for: .milliseconds(faults.answerDelayMilliseconds))
        }
        let answer = ledger.handle(ccr, originHost: originHost, originRealm: originRealm, now: Date())
        logger.info("\(kind.rawValue) #\(ccr.requestNumber) for \(ccr.imsi): \(answer.resultCode)\(request.flags.contains(.retransmitted) ? " (T flag)" : "")",
                    metadata: ["session": "\(ccr.sessionID)", "used": "\(ccr.used?.totalOctets ?? 0)",
                               "granted": "\(answer.services.first?.grantedOctets.map(String.init) ?? "-")"])
        changed()
        return answer.message(answering: request, originHost: originHost, originRealm: originRealm)
    }

    // MARK: - Control

    public func ledgerJSON() -> Data { ledger.json() }

    public func snapshot() -> OCSLedger { ledger }

    /// Adds credit. - Returns: the new balance, nil for an unknown subscriber.
    public func topUp(imsi: String, octets: UInt64) -> UInt64? {
        guard var account = ledger.accounts[imsi] else { return nil }
        // Saturates: a huge lab top-up must not wrap round to an empty balance.
        let (sum, overflow) = account.balance.addingReportingOverflow(octets)
        account.balance = overflow ? .max : sum
        ledger.accounts[imsi] = account
        changed()
        logger.notice("Top-up of \(octets) octets for \(imsi): balance \(account.balance)")
        return account.balance
    }

    /// Sets the balance. - Returns: false for an unknown subscriber.
    public func setBalance(imsi: String, octets: UInt64) -> Bool {
        guard ledger.accounts[imsi] != nil else { return false }
        ledger.accounts[imsi]?.balance = octets
        changed()
        return true
    }

    public func setFaults(_ faults: OCSFaults) {
        self.faults = faults
        logger.warning("Faults now: answer delay \(faults.answerDelayMilliseconds) ms, silent \(faults.silent), drop updates \(faults.dropUpdates)")
    }

    /// Sends a RAR or ASR for every open session of `imsi`. - Returns: each session and the answer's
    /// Result-Code (0 when no answer came); nil for an unknown subscriber.
    public func serverRequest(_ name: String, imsi: String) async -> [(session: String, result: UInt32)]? {
        guard ledger.accounts[imsi] != nil else { return nil }
        guard let sender else { return [] }
        var results: [(String, UInt32)] = []
        for (id, session) in ledger.openSessions(imsi: imsi) {
            let request = (name == "ASR" ? GyServerRequest.abortSession(sessionID: id) : .reAuth(sessionID: id))
                .message(originHost: originHost, originRealm: originRealm, destinationHost: session.clientHost,
                         destinationRealm: session.clientRealm)
            let result = (try? await sender.send(request))?.resultCode ?? 0
            logger.notice("\(name) for \(imsi) session \(id): \(result)")
            ledger.recordServerRequest(name, session: id, result: result, now: Date())
            results.append((id, result))
        }
        changed()
        return results
    }

    // MARK: - Ledger file

    private func changed() {
        dirty = true
        guard ledgerPath != nil, !flushing else { return }
        flushing = true
        Task { await self.flushLoop() }
    }

    private func flushLoop() async {
        while dirty {
            dirty = false
            flushNow()
            try? await Task.sleep(for: flushInterval)
        }
        flushing = false
    }

    /// Writes the ledger file now (atomically: temp file, then rename).
    public func flushNow() {
        guard let ledgerPath else { return }
        do {
            try ledger.json().write(to: URL(fileURLWithPath: ledgerPath), options: .atomic)
        } catch {
            logger.error("Cannot write the ledger \(ledgerPath): \(error)")
        }
    }
}
