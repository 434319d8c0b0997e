import CSiftTextData

/// The data files compiled into the binary (Sources/CSiftTextData/data; sources and licences in
/// THIRD_PARTY.md). Each is parsed once, on first use, so sessions that never touch text pay nothing.
enum TextData {
    typealias Accessor = (UnsafeMutablePointer<Int>?) -> UnsafePointer<UInt8>?

    static func bytes(_ accessor: Accessor) -> UnsafeBufferPointer<UInt8> {
        var n = 0
        guard let p = accessor(&n) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: n)
    }

    static var jiebaDictionary: UnsafeBufferPointer<UInt8> { bytes(sift_text_jieba_dict) }
    static var jiebaHMM: UnsafeBufferPointer<UInt8> { bytes(sift_text_jieba_hmm) }
    static var vaderLexicon: UnsafeBufferPointer<UInt8> { bytes(sift_text_vader_lexicon) }
    static var vaderEmoji: UnsafeBufferPointer<UInt8> { bytes(sift_text_vader_emoji) }
    static var stopWordsEnglish: UnsafeBufferPointer<UInt8> { bytes(sift_text_stop_words_en) }
    static var stopWordsChinese: UnsafeBufferPointer<UInt8> { bytes(sift_text_stop_words_zh) }

    /// Calls `body` with each line (without its newline) as a byte slice.
    static func forEachLine(_ data: UnsafeBufferPointer<UInt8>, _ body: (Slice<UnsafeBufferPointer<UInt8>>) -> Void) {
        var start = 0
        let n = data.count
        while start < n {
            var end = start
            while end < n && data[end] != 10 { end += 1 }
            var stop = end
            if stop > start && data[stop - 1] == 13 { stop -= 1 }
            if stop > start { body(data[start..<stop]) }
            start = end + 1
        }
    }

    static func lines(_ data: UnsafeBufferPointer<UInt8>) -> [String] {
        var out: [String] = []
        forEachLine(data) { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }
}
