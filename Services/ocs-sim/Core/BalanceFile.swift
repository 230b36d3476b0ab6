import Foundation
import Yams

/// Why the balance file cannot be used: one line naming the file and the entry.
public struct BalanceFileError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// `--balances` (config/lab-balances.yaml): `subscribers: [{imsi, balance_octets, msisdn?}]`.
public enum BalanceFile {
    public static func load(path: String) throws(BalanceFileError) -> [OCSAccount] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BalanceFileError(description: "\(path): cannot read the file")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ text: String, source: String) throws(BalanceFileError) -> [OCSAccount] {
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            throw BalanceFileError(description: "\(source): not YAML (\(error))")
        }
        guard let mapping = root as? [String: Any], let list = mapping["subscribers"] as? [Any] else {
            throw BalanceFileError(description: "\(source): expected a top-level `subscribers:` list")
        }
        var accounts: [OCSAccount] = []
        var seen = Set<String>()
        for (index, item) in list.enumerated() {
            let place = "\(source): subscribers[\(index)]"
            guard let entry = item as? [String: Any] else { throw BalanceFileError(description: "\(place): expected a mapping") }
            let unknown = Set(entry.keys).subtracting(["imsi", "balance_octets", "msisdn"])
            if let key = unknown.sorted().first { throw BalanceFileError(description: "\(place): unknown key \(key)") }
            guard let imsi = entry["imsi"] as? String, (6...15).contains(imsi.count), imsi.allSatisfy(\.isASCIIDigit) else {
                throw BalanceFileError(description: "\(place).imsi: expected 6 to 15 digits in quotes")
            }
            guard seen.insert(imsi).inserted else { throw BalanceFileError(description: "\(place).imsi: \(imsi) appears twice") }
            guard let balance = entry["balance_octets"] as? Int, balance >= 0 else {
                throw BalanceFileError(description: "\(place).balance_octets: expected a non-negative integer")
            }
            let msisdn = entry["msisdn"].map { "\($0)" }
            if let msisdn, !msisdn.allSatisfy(\.isASCIIDigit) {
                throw BalanceFileError(description: "\(place).msisdn: expected digits")
            }
            accounts.append(OCSAccount(imsi: imsi, msisdn: msisdn, balance: UInt64(balance)))
        }
        return accounts
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
