/// One row per item of a list column (pandas' `explode`): the other columns repeat; an empty
/// list or a null gives one row with a null item, as pandas does.
public enum Explode {
    public static func explode(_ f: Frame, column name: String) throws -> Frame {
        let c = try f.column(name)
        guard case .list(let lists) = c.storage else {
            throw FrameError("explode() needs a list column, got \(name) of type \(c.type.rawValue)", hint: "make one with split(text, \",\") or tokens(text)")
        }
        var rows: [Int] = []
        var items: [String] = []
        var valid: [Bool] = []
        rows.reserveCapacity(f.rowCount)
        for i in 0..<f.rowCount {
            if !c.isValid(i) || lists[i].isEmpty {
                rows.append(i); items.append(""); valid.append(false)
                continue
            }
            for item in lists[i] { rows.append(i); items.append(item); valid.append(true) }
        }
        let taken = f.take(rows)
        let exploded = Column(name: name, storage: .string(.make(items)), validity: Bitmap(valid))
        return try taken.with(exploded)
    }
}
