/// "Did you mean" for unknown keys: the known key nearest by edit distance, if near enough to be
/// a plausible typo.
enum KeySuggestion {
    static func nearest(to key: String, among candidates: [String]) -> String? {
        let typed = Array(key.lowercased().utf8.prefix(64))
        var best: (key: String, distance: Int)? = nil
        for candidate in candidates {
            let distance = editDistance(typed, Array(candidate.utf8))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        if let best, best.distance <= max(2, min(typed.count, best.key.utf8.count) / 3) { return best.key }
        // A spelled-out or shortened key ("maximum" for "max", "secr" for "secret").
        if typed.count >= 3, let stem = candidates.first(where: { candidate in
            let known = Array(candidate.utf8)
            return known.count >= 3 && (typed.starts(with: known) || known.starts(with: typed))
        }) {
            return stem
        }
        return nil
    }

    /// Levenshtein distance, two-row dynamic programme.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for (i, byteA) in a.enumerated() {
            current[0] = i + 1
            for (j, byteB) in b.enumerated() {
                let substitution = previous[j] + (byteA == byteB ? 0 : 1)
                current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
