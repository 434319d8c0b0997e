/// Bundled stop-word lists: English is scikit-learn's `ENGLISH_STOP_WORDS` (318 words, BSD-3),
/// Chinese is snownlp's list (MIT). Sources in THIRD_PARTY.md.
public enum StopWords {
    public static let english: Set<String> = Set(TextData.lines(TextData.stopWordsEnglish))
    public static let chinese: Set<String> = Set(TextData.lines(TextData.stopWordsChinese))

    /// The list for a language name ("en", "zh"; "auto" and "all" give both).
    public static func list(_ lang: String) -> Set<String>? {
        switch lang.lowercased() {
        case "en", "english": return english
        case "zh", "chinese", "cn": return chinese
        case "auto", "all", "true": return english.union(chinese)
        default: return nil
        }
    }
}
