import SiftFrame
import SiftLanguage

/// One-hot coding of text and true/false columns for models that take plain columns (k-means):
/// each such column becomes one 0/1 float column per level, named `column[level]`, the levels
/// sorted (as the formula models sort them) and kept in the model, so new data is coded the same
/// way and a level the model never saw is an error, not a silent zero. Numeric columns pass
/// through; a null stays null in every indicator (the row is left out as before).
struct OneHotEncoding: Codable, Sendable {
    struct Categorical: Codable, Sendable {
        var name: String
        var levels: [String]
    }
    var categoricals: [Categorical]

    var isEmpty: Bool { categoricals.isEmpty }

    static func text(_ c: Column, _ i: Int) -> String { ScalarFormat.plain(c[i]) }

    /// Learns the levels of the text/bool columns among `columns`.
    static func learn(_ frame: Frame, _ columns: [String]) throws -> OneHotEncoding {
        var out: [Categorical] = []
        for name in columns {
            let c = try frame.column(name)
            guard c.type == .string || c.type == .bool else { continue }
            var set = Set<String>()
            for i in 0..<c.count where c.isValid(i) { set.insert(text(c, i)) }
            guard set.count <= 1000 else {
                throw FrameError("the text column '\(name)' has \(set.count) distinct values, too many to one-hot encode",
                                 hint: "leave it out of columns: or group its values first")
            }
            out.append(Categorical(name: name, levels: set.sorted()))
        }
        return OneHotEncoding(categoricals: out)
    }

    /// `frame` with the categorical columns replaced by their indicators, and the expanded column list.
    func apply(_ frame: Frame, _ columns: [String]) throws -> (Frame, [String]) {
        guard !isEmpty else { return (frame, columns) }
        var f = frame
        var expanded: [String] = []
        for name in columns {
            guard let cat = categoricals.first(where: { $0.name == name }) else { expanded.append(name); continue }
            let c = try frame.column(name)
            guard c.type == .string || c.type == .bool else {
                throw FrameError("'\(name)' must be text or true/false here, got \(c.type.rawValue)", hint: "the model one-hot coded '\(name)' when it was fitted")
            }
            var index: [String: Int] = [:]
            for (k, l) in cat.levels.enumerated() { index[l] = k }
            var codes = [Int](repeating: -1, count: c.count)
            for i in 0..<c.count where c.isValid(i) {
                let t = Self.text(c, i)
                guard let k = index[t] else {
                    throw FrameError("'\(name)' has the value \"\(t)\", which the model did not see when it was fitted",
                                     hint: "known values: " + cat.levels.prefix(10).joined(separator: ", "))
                }
                codes[i] = k
            }
            let valid = Bitmap((0..<c.count).map { codes[$0] >= 0 })
            for (k, level) in cat.levels.enumerated() {
                let column = "\(name)[\(level)]"
                f = try f.with(Column(name: column, storage: .float(codes.map { $0 == k ? 1 : 0 }), validity: valid))
                expanded.append(column)
            }
        }
        return (f, expanded)
    }
}
