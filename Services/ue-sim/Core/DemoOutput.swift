import WireFormat

extension AuthenticationRecord {
    /// The demo (`--verbose`) block for one authentication, in the operator guide's words. Prints no
    /// key material: the MSK appears only as the match verdict and a 4-octet fingerprint.
    public var demoLines: [String] {
        let name = method == .aka ? "EAP-AKA" : "EAP-AKA'"
        var lines = ["UE \(imsi) (\(name)), \(LoadReport.format(latency.milliseconds, 2)) ms"]
        if let result {
            lines.append("  " + result.trace.joined(separator: " -> "))
            if let fingerprint = result.mskFingerprint {
                lines.append("  MSK fingerprint: \(fingerprint.hexString)...")
            }
            if let matches = result.mppeKeysMatch {
                lines.append("  MSK (derived by UE) matches MS-MPPE keys: \(matches ? "yes" : "no")")
            }
        }
        if let failure {
            // REJECTED when the server or the phone refused; FAILED when nothing decided (no answer).
            let verdict = failure == .timeout || failure == .transportError ? "FAILED" : "REJECTED"
            lines.append("  Authentication \(verdict) (\(failure.rawValue))")
        } else {
            lines.append("  Authentication ACCEPTED")
        }
        return lines
    }
}
