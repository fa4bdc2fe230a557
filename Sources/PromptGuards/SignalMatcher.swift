/// The signal patterns compiled to word ids: every word a pattern mentions gets a small integer, a text's words
/// are looked up once each (by an FNV-1a hash of their bytes, not Swift's normalising string hash), and phrases and
/// proximity windows are matched on the ids. This is the injection detector's hot loop.
struct SignalMatcher {
    struct Rule {
        var category: InjectionSignal.Category
        var name: String
        var weight: Double
        var triggers: [Bool]
        var targets: [Bool]
        var window: Int
    }

    struct Phrase {
        var signal: InjectionSignal
        var words: [Int32]
    }

    static let shared = SignalMatcher()

    private var table = WordTable()
    private(set) var rules: [Rule] = []
    private(set) var phrasesByFirst: [[Phrase]] = []
    /// The most words any phrase has.
    private(set) var longestPhrase = 1
    private(set) var indirectRule: Rule
    private(set) var commandVerbs: [Bool] = []
    let stop: Int32

    private init() {
        var ids: [UInt64: Int32] = [:]
        // Pattern words are normalised as texts are (Cyrillic and Greek letters that look Latin are folded, so the
        // Russian "игнорируй" must be folded too to meet the text's words).
        func id(_ word: Substring) -> Int32 {
            let key = Self.hash(Substring(TextNormalizer.normalize(String(word))))
            if let existing = ids[key] { return existing }
            let new = Int32(ids.count)
            ids[key] = new
            return new
        }
        stop = id(".")
        let compiled = SignalPatterns.proximity.map { rule in (rule, rule.triggers.map(id), rule.targets.map(id)) }
        let indirect = (
            SignalPatterns.addressesAnswer, SignalPatterns.addressesAnswer.triggers.map(id), SignalPatterns.addressesAnswer.targets.map(id)
        )
        let phrases = SignalPatterns.phrases.map { phrase in (phrase, phrase.words.map(id)) }
        let verbs = SignalPatterns.commandVerbs.map(id)
        let count = ids.count
        func mask(_ members: [Int32]) -> [Bool] {
            var mask = [Bool](repeating: false, count: count)
            for member in members { mask[Int(member)] = true }
            return mask
        }
        func rule(_ source: SignalPatterns.Proximity, _ triggers: [Int32], _ targets: [Int32]) -> Rule {
            Rule(
                category: source.category, name: "\(source.category.rawValue):\(source.name)", weight: source.weight,
                triggers: mask(triggers), targets: mask(targets), window: source.window)
        }
        rules = compiled.map { rule($0.0, $0.1, $0.2) }
        indirectRule = rule(indirect.0, indirect.1, indirect.2)
        commandVerbs = mask(verbs)
        phrasesByFirst = Array(repeating: [], count: count)
        for (phrase, words) in phrases {
            let signal = InjectionSignal(
                category: phrase.category, name: "\(phrase.category.rawValue):\(phrase.words.joined(separator: " "))", weight: phrase.weight
            )
            phrasesByFirst[Int(words[0])].append(Phrase(signal: signal, words: words))
            longestPhrase = max(longestPhrase, words.count)
        }
        for (key, value) in ids { table.insert(key, value) }
    }

    /// The id of each word of `text` (as ``Tokenizer`` splits it), -1 for words no pattern mentions.
    func ids(_ text: String) -> [Int32] {
        ids(hashes: Tokenizer.wordHashes(text))
    }

    func ids(hashes: [UInt64]) -> [Int32] {
        hashes.map { table.lookup($0) }
    }

    /// Phrase and proximity signals in a sequence of word ids. Phrases of one category that overlap in the text
    /// ("has no rules" and "no rules") are one piece of evidence: only the strongest (then the longest) counts.
    func signals(in words: [Int32]) -> [InjectionSignal] {
        var fired: [InjectionSignal] = []
        var phrases: [(span: Range<Int>, signal: InjectionSignal)] = []
        for (position, word) in words.enumerated() where word >= 0 {
            for phrase in phrasesByFirst[Int(word)] where position + phrase.words.count <= words.count {
                if zip(phrase.words, words[position...]).allSatisfy({ $0 == $1 }) {
                    phrases.append((position..<(position + phrase.words.count), phrase.signal))
                }
            }
            for rule in rules where rule.triggers[Int(word)] {
                if let signal = Self.window(rule, from: position, in: words, stop: stop) { fired.append(signal) }
            }
        }
        // Matches are in order of their first word, so a match can only overlap those that start at most
        // `longestPhrase` words earlier and those that start before it ends: a bounded neighbourhood, linear overall.
        for (index, match) in phrases.enumerated() {
            var neighbour = index
            while neighbour > 0, phrases[neighbour - 1].span.lowerBound > match.span.lowerBound - longestPhrase { neighbour -= 1 }
            var outranked = false
            while neighbour < phrases.count, phrases[neighbour].span.lowerBound < match.span.upperBound, !outranked {
                let other = phrases[neighbour]
                outranked =
                    neighbour != index && other.signal.category == match.signal.category && other.span.overlaps(match.span)
                    && (other.signal.weight, other.span.count, -neighbour) > (match.signal.weight, match.span.count, -index)
                neighbour += 1
            }
            if !outranked { fired.append(match.signal) }
        }
        return fired
    }

    /// Indirect-instruction signals: words addressing the answer, and sentences opening with a command verb.
    func indirectSignals(in words: [Int32]) -> [InjectionSignal] {
        var fired: [InjectionSignal] = []
        for (position, word) in words.enumerated() where word >= 0 {
            if indirectRule.triggers[Int(word)], let signal = Self.window(indirectRule, from: position, in: words, stop: stop) {
                fired.append(signal)
            }
            if commandVerbs[Int(word)], position == 0 || words[position - 1] == stop {
                fired.append(InjectionSignal(category: .indirectInstruction, name: "indirect_instruction:imperative", weight: 0.45))
            }
        }
        return fired
    }

    private static func window(_ rule: Rule, from position: Int, in words: [Int32], stop: Int32) -> InjectionSignal? {
        var offset = 1
        while offset <= rule.window, position + offset < words.count, words[position + offset] != stop {
            let candidate = words[position + offset]
            if candidate >= 0, rule.targets[Int(candidate)] {
                return InjectionSignal(category: rule.category, name: rule.name, weight: rule.weight)
            }
            offset += 1
        }
        return nil
    }

    static func hash(_ word: Substring) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

/// Finds every delimiter marker in one pass: markers are grouped by their first byte, and only positions holding
/// such a byte are compared, so the cost is one read of the text plus a few comparisons at candidate bytes.
struct DelimiterScanner {
    static let shared = DelimiterScanner()

    private var byFirstByte: [[(bytes: [UInt8], index: Int)]] = Array(repeating: [], count: 256)
    private let markers = SignalPatterns.markers

    private init() {
        for (index, marker) in markers.enumerated() {
            let bytes = Array(TextNormalizer.normalize(marker.0).utf8)
            byFirstByte[Int(bytes[0])].append((bytes, index))
        }
    }

    /// The markers in `text`, each once, in table order.
    func markers(in text: String) -> [(marker: String, category: InjectionSignal.Category, weight: Double)] {
        var found = [Bool](repeating: false, count: markers.count)
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            for position in buffer.indices {
                for candidate in byFirstByte[Int(buffer[position])]
                where !found[candidate.index] && position + candidate.bytes.count <= buffer.count {
                    var offset = 1
                    while offset < candidate.bytes.count, buffer[position + offset] == candidate.bytes[offset] { offset += 1 }
                    if offset == candidate.bytes.count { found[candidate.index] = true }
                }
            }
        }
        return found.indices.filter { found[$0] }.map { markers[$0] }
    }
}

/// Word hash → id, open addressing with linear probing: a lookup is a multiply, a shift and usually one compare,
/// without the per-lookup seeding of Swift's `Hasher`.
struct WordTable {
    private var keys = [UInt64](repeating: 0, count: 4096)
    private var values = [Int32](repeating: -1, count: 4096)
    private var shift: UInt64 = 64 - 12
    private var count = 0

    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 4 > keys.count { grow() }
        var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[slot] != 0, keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
        if keys[slot] == 0 { count += 1 }
        keys[slot] = key
        values[slot] = value
    }

    func lookup(_ key: UInt64) -> Int32 {
        var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == 0 { return -1 }
            slot = (slot + 1) & (keys.count - 1)
        }
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0 != 0 }
        keys = [UInt64](repeating: 0, count: keys.count * 2)
        values = [Int32](repeating: -1, count: keys.count)
        shift -= 1
        count = 0
        for (key, value) in old { insert(key, value) }
    }
}
