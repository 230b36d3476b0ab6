import Diameter
import EAPAKA
import Milenage

extension SWxHSS {
    /// MAR → MAA (TS 29.273 8.1.2.1 / 8.2.2.1): validate, handle a resynchronisation request, then
    /// issue up to `maximumVectors` fresh vectors (CK'/IK' bound to ANID for EAP-AKA').
    mutating func multimediaAuth(_ request: DiameterMessage, peer: String, random: inout some RandomNumberGenerator)
        -> HSSOutcome
    {
        let command = "MAA"
        let v = DiameterVendor.threeGPP
        let imsi: String
        do {
            imsi = try requireUserName(request, command: command, peer: peer)
        } catch {
            return error.outcome
        }
        func fail(_ error: DiameterError, wrappedIn parent: ((DiameterAVP) -> DiameterAVP)? = nil, _ detail: String)
            -> HSSOutcome
        {
            failure(request, command: command, peer: peer, imsi: imsi, error: error, wrappedIn: parent, detail: detail)
        }
        /// Failed-AVP for a child of SIP-Auth-Data-Item carries the grouped AVP with just that child (RFC 6733 7.5).
        let inItem: (DiameterAVP) -> DiameterAVP = { .sipAuthDataItem([$0]) }

        // SIP-Auth-Data-Item { SIP-Authentication-Scheme, [ SIP-Authorization ] }
        let children: [DiameterAVP]
        do {
            children = try request.require(code: DiameterAVPCode.sipAuthDataItem, vendor: v).grouped()
        } catch {
            return fail(error, "SIP-Auth-Data-Item")
        }
        guard let schemeAVP = children.first(where: { $0.code == DiameterAVPCode.sipAuthenticationScheme && $0.vendor == v })
        else {
            return fail(.missingAVP(.sipAuthenticationScheme("")), wrappedIn: inItem, "SIP-Authentication-Scheme missing")
        }
        let scheme: String
        do {
            scheme = try schemeAVP.utf8String()
        } catch {
            return fail(.invalidAVPValue(schemeAVP), wrappedIn: inItem, "SIP-Authentication-Scheme is not UTF-8")
        }
        guard scheme == Self.schemeAKA || scheme == Self.schemeAKAPrime else {
            return fail(.invalidAVPValue(schemeAVP), wrappedIn: inItem, "unsupported SIP-Authentication-Scheme \"\(scheme)\"")
        }

        // SIP-Number-Auth-Items (1...; capped).
        let requested: UInt32
        do {
            let avp = try request.require(code: DiameterAVPCode.sipNumberAuthItems, vendor: v)
            requested = try avp.unsigned32()
            guard requested > 0 else { return fail(.invalidAVPValue(avp), "SIP-Number-Auth-Items is 0") }
        } catch {
            return fail(error, "SIP-Number-Auth-Items")
        }
        let count = Int(min(requested, Self.maximumVectors))

        // ANID: the access network name CK'/IK' are bound to (TS 33.402 A.2); required for EAP-AKA'.
        var networkName: String?
        if scheme == Self.schemeAKAPrime {
            do {
                let avp = try request.require(code: DiameterAVPCode.anid, vendor: v)
                let name = try avp.utf8String()
                guard !name.isEmpty else { return fail(.invalidAVPValue(avp), "ANID is empty") }
                networkName = name
            } catch {
                return fail(error, "ANID is required for EAP-AKA'")
            }
        }

        guard let subscriber = subscribers[imsi] else {
            return failure(request, command: command, peer: peer, imsi: imsi,
                           result: .experimental(SWxExperimentalResultCode.userUnknown), detail: "IMSI not provisioned")
        }

        var current = sequenceState.current(for: subscriber)
        var resyncDetail: String?
        // Re-synchronisation (TS 33.102 6.3.5): SIP-Authorization = RAND || AUTS.
        if let authorization = children.first(where: { $0.code == DiameterAVPCode.sipAuthorization && $0.vendor == v }) {
            let info: ResynchronisationInfo
            do {
                info = try ResynchronisationInfo(bytes: authorization.octetString())
            } catch {
                return fail(.invalidAVPValue(authorization), wrappedIn: inItem,
                            "SIP-Authorization must be RAND (16) || AUTS (14), got \(authorization.octetString().count) bytes")
            }
            let sqnMS: SequenceNumber
            do {
                sqnMS = try subscriber.milenage.recoverSQN(info)
            } catch .macFailure {
                // TS 29.273 names no result for a failed AUTS check; SQN_HE stays unchanged (TS 33.102
                // 6.3.5) and the request is refused, so the AAA server fails this authentication.
                return failure(request, command: command, peer: peer, imsi: imsi,
                               result: .base(DiameterResultCode.unableToComply.rawValue),
                               errorMessage: "AUTS verification failed (MAC-S mismatch)",
                               detail: "AUTS MAC-S verification failed; SQN unchanged")
            } catch {
                return fail(.invalidAVPValue(authorization), wrappedIn: inItem, "SIP-Authorization unusable: \(error)")
            }
            // SQN_HE := SQN_MS; the next vector then carries SEQ_MS + 1.
            current = sqnMS
            setSQN(sqnMS, for: imsi)
            resyncDetail = "resynchronised to \(sqnMS)"
        }

        var vectors: [SWxAuthVector] = []
        vectors.reserveCapacity(count)
        for item in 1...count {
            guard let sqn = Self.nextSQN(after: current, for: subscriber),
                  var vector = Self.plainVector(subscriber: subscriber, sqn: sqn, scheme: scheme, itemNumber: UInt32(item),
                                                random: &random)
            else { break }
            if let networkName {
                guard let keys = try? AKAPrimeTransformedKeys.derive(ck: vector.ck, ik: vector.ik, networkName: networkName,
                                                                     autn: vector.autn)
                else { break }
                vector.ck = keys.ckPrime
                vector.ik = keys.ikPrime
            }
            current = sqn
            vectors.append(vector)
        }
        setSQN(current, for: imsi)
        let changed = !vectors.isEmpty || resyncDetail != nil
        guard !vectors.isEmpty else {
            // SEQ exhausted (2^43 vectors with IND 5): nothing can be issued without reuse.
            var outcome = failure(request, command: command, peer: peer, imsi: imsi,
                                  result: .base(DiameterResultCode.unableToComply.rawValue),
                                  errorMessage: "no sequence numbers left for this subscriber",
                                  detail: "SQN exhausted at \(current)")
            outcome.sequenceStateChanged = changed
            return outcome
        }
        var body: [DiameterAVP] = [.sipNumberAuthItems(UInt32(vectors.count))]
        body.append(contentsOf: vectors.map { DiameterAVP.sipAuthDataItem($0) })
        let answer = swxAnswer(to: request, result: .success, userName: imsi, body: body)
        return HSSOutcome(answer: answer, sequenceStateChanged: changed,
                          summary: HSSAnswerSummary(command: command, peer: peer, imsi: imsi,
                                                    code: DiameterResultCode.success.rawValue,
                                                    vectorCount: vectors.count, scheme: scheme, detail: resyncDetail))
    }
}
