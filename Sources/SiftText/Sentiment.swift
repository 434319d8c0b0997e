/// An English sentiment scorer ported rule for rule from VADER (vaderSentiment 3.3.2, MIT; Hutto &
/// Gilbert 2014), with its lexicon and emoji descriptions embedded. Rules: lexicon valence per word;
/// boosters and dampeners up to three words back ("very", "kind of"), decaying with distance;
/// negation up to three words back (scaled by −0.74), "never so/this", "without doubt", "least";
/// ALL-CAPS emphasis when only some words are capitalised; "but" halves what precedes it and
/// weighs what follows by 1.5; "!" (up to 4) and "??"+ add emphasis; idioms ("the bomb").
/// The compound score is the sum normalised by x / sqrt(x² + 15).
public struct SentimentScores: Sendable, Equatable {
    public var compound: Double
    public var positive: Double
    public var negative: Double
    public var neutral: Double
}

public final class SentimentAnalyzer: @unchecked Sendable {
    public static let shared = SentimentAnalyzer()

    let lexicon: [String: Double]
    let emoji: [Unicode.Scalar: String]

    static let bIncr = 0.293, bDecr = -0.293, cIncr = 0.733, nScalar = -0.74

    static let negate: Set<String> = [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite"]

    static let booster: [String: Double] = {
        let up = ["absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly", "deeply",
                  "effing", "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally", "extreme",
                  "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking", "fricking", "frickin", "frigging",
                  "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
                  "incredible", "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely",
                  "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally", "tremendous",
                  "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very"]
        let down = ["almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little",
                    "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight",
                    "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of"]
        var d: [String: Double] = [:]
        for w in up { d[w] = bIncr }
        for w in down { d[w] = bDecr }
        return d
    }()

    static let specialCases: [String: Double] = [
        "the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0, "yeah right": -2,
        "kiss of death": -1.5, "to die for": 3, "beating heart": 3.5]

    init() {
        var lex: [String: Double] = [:]
        for line in TextData.lines(TextData.vaderLexicon) {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            if parts.count >= 2, let v = Double(parts[1]) { lex[String(parts[0])] = v }
        }
        lexicon = lex
        var em: [Unicode.Scalar: String] = [:]
        for line in TextData.lines(TextData.vaderEmoji) {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            if parts.count >= 2, parts[0].unicodeScalars.count == 1, let s = parts[0].unicodeScalars.first { em[s] = String(parts[1]) }
        }
        emoji = em
    }

    static let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    /// VADER's `_strip_punc_if_word`: strip ASCII punctuation at both ends unless that leaves two
    /// characters or fewer (then it was probably an emoticon).
    static func stripPunctuation(_ token: String) -> String {
        let s = Array(token.unicodeScalars)
        var a = 0, b = s.count
        while a < b && punctuation.contains(s[a]) { a += 1 }
        while b > a && punctuation.contains(s[b - 1]) { b -= 1 }
        if b - a <= 2 { return token }
        return String(String.UnicodeScalarView(s[a..<b]))
    }

    public func scores(_ input: String) -> SentimentScores {
        // Emojis become their descriptions.
        var text = ""
        var prevSpace = true
        for ch in input.unicodeScalars {
            if let d = emoji[ch] {
                if !prevSpace { text += " " }
                text += d
                prevSpace = false
            } else {
                text.unicodeScalars.append(ch)
                prevSpace = ch == " "
            }
        }
        let words = Self.splitWhitespace(text).map(Self.stripPunctuation)
        let lower = words.map(CharClass.lower)
        let upperCount = words.filter(CharClass.isUpper).count
        let isCapDiff = upperCount > 0 && upperCount < words.count
        var sentiments: [Double] = []
        for i in words.indices {
            if Self.booster[lower[i]] != nil { sentiments.append(0); continue }
            if i < words.count - 1 && lower[i] == "kind" && lower[i + 1] == "of" { sentiments.append(0); continue }
            sentiments.append(valence(i, words, lower, isCapDiff))
        }
        // "but": earlier sentiments halved, later ones × 1.5 (with VADER's first-equal-value indexing).
        if let bi = lower.firstIndex(of: "but") {
            for k in sentiments.indices {
                let s = sentiments[k]
                guard let si = sentiments.firstIndex(of: s) else { continue }
                if si < bi { sentiments[si] = s * 0.5 } else if si > bi { sentiments[si] = s * 1.5 }
            }
        }
        return scoreValence(sentiments, text)
    }

    static func splitWhitespace(_ text: String) -> [String] {
        var out: [String] = []
        var cur = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if CharClass.isSpace(s) {
                if !cur.isEmpty { out.append(String(cur)); cur = String.UnicodeScalarView() }
            } else { cur.append(s) }
        }
        if !cur.isEmpty { out.append(String(cur)) }
        return out
    }

    static func negated(_ word: String) -> Bool { negate.contains(word) || word.contains("n't") }

    private func scalarIncDec(_ word: String, _ lowerWord: String, _ valence: Double, _ isCapDiff: Bool) -> Double {
        guard var scalar = Self.booster[lowerWord] else { return 0 }
        if valence < 0 { scalar *= -1 }
        if CharClass.isUpper(word) && isCapDiff { scalar += valence > 0 ? Self.cIncr : -Self.cIncr }
        return scalar
    }

    private func valence(_ i: Int, _ words: [String], _ lower: [String], _ isCapDiff: Bool) -> Double {
        let item = lower[i]
        guard let base = lexicon[item] else { return 0 }
        var valence = base
        if item == "no" && i != words.count - 1 && lexicon[lower[i + 1]] != nil { valence = 0 }
        if (i > 0 && lower[i - 1] == "no") || (i > 1 && lower[i - 2] == "no")
            || (i > 2 && lower[i - 3] == "no" && (lower[i - 1] == "or" || lower[i - 1] == "nor")) {
            valence = base * Self.nScalar
        }
        if CharClass.isUpper(words[i]) && isCapDiff { valence += valence > 0 ? Self.cIncr : -Self.cIncr }
        for startI in 0..<3 {
            guard i > startI, lexicon[lower[i - (startI + 1)]] == nil else { continue }
            var s = scalarIncDec(words[i - (startI + 1)], lower[i - (startI + 1)], valence, isCapDiff)
            if startI == 1 && s != 0 { s *= 0.95 }
            if startI == 2 && s != 0 { s *= 0.9 }
            valence += s
            valence = negationCheck(valence, lower, startI, i)
            if startI == 2 { valence = idiomsCheck(valence, lower, i) }
        }
        // "least" as negation, except "at least" / "very least".
        if i > 1 && lexicon[lower[i - 1]] == nil && lower[i - 1] == "least" {
            if lower[i - 2] != "at" && lower[i - 2] != "very" { valence *= Self.nScalar }
        } else if i > 0 && lexicon[lower[i - 1]] == nil && lower[i - 1] == "least" {
            valence *= Self.nScalar
        }
        return valence
    }

    private func negationCheck(_ v: Double, _ w: [String], _ startI: Int, _ i: Int) -> Double {
        var valence = v
        switch startI {
        case 0:
            if Self.negated(w[i - 1]) { valence *= Self.nScalar }
        case 1:
            if w[i - 2] == "never" && (w[i - 1] == "so" || w[i - 1] == "this") { valence *= 1.25 }
            else if w[i - 2] == "without" && w[i - 1] == "doubt" { }
            else if Self.negated(w[i - 2]) { valence *= Self.nScalar }
        default:
            if (w[i - 3] == "never" && (w[i - 2] == "so" || w[i - 2] == "this")) || (w[i - 1] == "so" || w[i - 1] == "this") { valence *= 1.25 }
            else if w[i - 3] == "without" && (w[i - 2] == "doubt" || w[i - 1] == "doubt") { }
            else if Self.negated(w[i - 3]) { valence *= Self.nScalar }
        }
        return valence
    }

    /// VADER's `_special_idioms_check` (called with i ≥ 3). Python's negative indexing for i − 3
    /// cannot occur here because the caller requires i > 2.
    private func idiomsCheck(_ v: Double, _ w: [String], _ i: Int) -> Double {
        var valence = v
        let onezero = "\(w[i - 1]) \(w[i])"
        let twoonezero = "\(w[i - 2]) \(w[i - 1]) \(w[i])"
        let twoone = "\(w[i - 2]) \(w[i - 1])"
        let threetwoone = "\(w[i - 3]) \(w[i - 2]) \(w[i - 1])"
        let threetwo = "\(w[i - 3]) \(w[i - 2])"
        for seq in [onezero, twoonezero, twoone, threetwoone, threetwo] {
            if let s = Self.specialCases[seq] { valence = s; break }
        }
        if w.count - 1 > i, let s = Self.specialCases["\(w[i]) \(w[i + 1])"] { valence = s }
        if w.count - 1 > i + 1, let s = Self.specialCases["\(w[i]) \(w[i + 1]) \(w[i + 2])"] { valence = s }
        for n in [threetwoone, threetwo, twoone] { if let b = Self.booster[n] { valence += b } }
        return valence
    }

    private func scoreValence(_ sentiments: [Double], _ text: String) -> SentimentScores {
        guard !sentiments.isEmpty else { return SentimentScores(compound: 0, positive: 0, negative: 0, neutral: 0) }
        var sum = 0.0
        for s in sentiments { sum += s }
        var ep = 0, qm = 0
        for c in text.unicodeScalars { if c == "!" { ep += 1 } else if c == "?" { qm += 1 } }
        let epAmp = Double(min(ep, 4)) * 0.292
        let qmAmp = qm > 1 ? (qm <= 3 ? Double(qm) * 0.18 : 0.96) : 0
        let amp = epAmp + qmAmp
        if sum > 0 { sum += amp } else if sum < 0 { sum -= amp }
        var compound = sum / (sum * sum + 15).squareRoot()
        compound = min(1, max(-1, compound))
        var pos = 0.0, neg = 0.0, neu = 0
        for s in sentiments {
            if s > 0 { pos += s + 1 }
            if s < 0 { neg += s - 1 }
            if s == 0 { neu += 1 }
        }
        if pos > abs(neg) { pos += amp } else if pos < abs(neg) { neg -= amp }
        let total = pos + abs(neg) + Double(neu)
        return SentimentScores(compound: compound, positive: abs(pos / total), negative: abs(neg / total), neutral: abs(Double(neu) / total))
    }
}
