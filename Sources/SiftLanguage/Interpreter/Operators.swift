import SiftFrame

/// Operators on values. Scalars are treated as one-row columns and columns broadcast against
/// scalars, so `x + 1` means the same for a number and for a column, nulls included.
public enum Operators {
    public static func asColumn(_ v: Value, count: Int, like other: Column? = nil) throws -> Column {
        switch v {
        case .column(let c): return c
        case .null: return Column.constant(.null, count: count, type: other?.type)
        default:
            guard let s = v.scalar else {
                throw FrameError("expected a value or a column, got \(withArticle(v.typeName))", hint: v.typeName == "list" ? "use `x in [..]` to test membership" : nil)
            }
            return Column.constant(s, count: count)
        }
    }

    /// Both operands as columns of equal length; `scalar` is true when neither was a column.
    static func operands(_ a: Value, _ b: Value) throws -> (Column, Column, scalar: Bool) {
        var n = 1
        var like: Column? = nil
        if case .column(let c) = a { n = c.count; like = c }
        if case .column(let c) = b {
            if like != nil, c.count != n { throw FrameError("cannot combine columns of \(n) and \(c.count) rows") }
            n = c.count
            like = like ?? c
        }
        let x = try asColumn(a, count: n, like: like), y = try asColumn(b, count: n, like: like)
        return (x, y, like == nil)
    }

    static func result(_ c: Column, scalar: Bool) -> Value {
        scalar ? Value(c[0]) : .column(c)
    }

    public static func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        if op == .in || op == .notIn { return try membership(a, b, negated: op == .notIn) }
        if case .list(let x) = a, case .list(let y) = b, op == .add { return .list(x + y) }
        if case .list = a { throw FrameError("operator \(op.rawValue) does not apply to a list") }
        if case .list = b { throw FrameError("operator \(op.rawValue) does not apply to a list") }
        if op == .equal || op == .notEqual, a.scalar == nil || b.scalar == nil, !(isColumn(a) || isColumn(b)) {
            throw FrameError("cannot compare \(withArticle(a.typeName)) with \(withArticle(b.typeName))")
        }
        if op != .and, op != .or, a.isNull || b.isNull {
            // A null literal is a null of whatever type makes the operation valid, so `"a" + null`,
            // `name == null` and `signup_date + null` are null (as documented), not type errors.
            let other = a.isNull ? b : a
            if other.scalar != nil { return .null }
            if case .column(let c) = other {
                let type: DataType = c.type.isTemporal && (op == .add || (op == .subtract && b.isNull)) ? .int : c.type
                let nulls = Value.column(Column.constant(.null, count: c.count, type: type))
                return try binary(op, a.isNull ? nulls : a, b.isNull ? nulls : b)
            }
        }
        if case .column(let c) = a, let s = b.scalar, let cmp = ComparisonOp(op), let out = ColumnCompare.compare(cmp, c, constant: s) {
            // `revenue > 500`: compared against the constant, not a broadcast column of it.
            return .column(out)
        }
        let (x, y, scalar) = try operands(a, b)
        let out: Column
        switch op {
        case .add: out = try ColumnMath.arithmetic(.add, x, y)
        case .subtract: out = try ColumnMath.arithmetic(.subtract, x, y)
        case .multiply: out = try ColumnMath.arithmetic(.multiply, x, y)
        case .divide: out = try ColumnMath.arithmetic(.divide, x, y)
        case .modulo: out = try ColumnMath.arithmetic(.modulo, x, y)
        case .power: out = try ColumnMath.arithmetic(.power, x, y)
        case .equal: out = try ColumnCompare.compare(.equal, x, y)
        case .notEqual: out = try ColumnCompare.compare(.notEqual, x, y)
        case .less: out = try ColumnCompare.compare(.less, x, y)
        case .lessEqual: out = try ColumnCompare.compare(.lessEqual, x, y)
        case .greater: out = try ColumnCompare.compare(.greater, x, y)
        case .greaterEqual: out = try ColumnCompare.compare(.greaterEqual, x, y)
        case .and: out = try ColumnCompare.and(boolish(x, a), boolish(y, b))
        case .or: out = try ColumnCompare.or(boolish(x, a), boolish(y, b))
        case .in, .notIn, .interaction: throw FrameError("unsupported operator \(op.rawValue)")
        }
        return result(out, scalar: scalar)
    }

    static func isColumn(_ v: Value) -> Bool { if case .column = v { return true } else { return false } }

    /// `null and x`: a null scalar acts as a null bool column.
    static func boolish(_ c: Column, _ v: Value) -> Column {
        if case .null = v { return Column.constant(.null, count: c.count, type: .bool) }
        return c
    }

    static func membership(_ a: Value, _ b: Value, negated: Bool) throws -> Value {
        let items: [Scalar]
        switch b {
        case .list(let l):
            items = try l.map { v in
                guard let s = v.scalar else { throw FrameError("`in` needs a list of plain values, found \(withArticle(v.typeName))") }
                return s
            }
        case .column(let c): items = (0..<c.count).map { c[$0] }
        default: throw FrameError("the right side of `in` must be a list, e.g. region in [\"EMEA\", \"APAC\"]")
        }
        let x = try asColumn(a, count: 1)
        var out = try ColumnCompare.isIn(x, items)
        if negated { out = try ColumnCompare.not(out) }
        return result(out, scalar: !isColumn(a))
    }

    public static func unary(_ op: UnaryOp, _ v: Value) throws -> Value {
        let scalar = !isColumn(v)
        let c = try asColumn(v, count: 1, like: op == .not ? Column.constant(.bool(false), count: 1) : nil)
        switch op {
        case .negate: return result(try ColumnMath.negate(c), scalar: scalar)
        case .plus:
            guard c.type.isNumeric else { throw FrameError("unary + needs a number") }
            return v
        case .not:
            if case .null = v { return .null }
            return result(try ColumnCompare.not(c), scalar: scalar)
        }
    }

    public static func index(_ t: Value, _ i: Value) throws -> Value {
        switch (t, i) {
        case (.list(let l), .int(let k)):
            let j = k < 0 ? Int(k) + l.count : Int(k)
            guard j >= 0, j < l.count else { throw FrameError("index \(k) is out of range for a list of \(l.count)", hint: "indexes start at 0; -1 is the last") }
            return l[j]
        case (.frame(let f), .string(let name)): return .column(try f.column(name))
        case (.frame(let f), .list(let names)):
            return .frame(try f.select(names.map { v -> String in if case .string(let s) = v { return s }; throw FrameError("select columns by name: df[[\"a\", \"b\"]]") }))
        case (.frame(let f), .int(let k)):
            let j = k < 0 ? Int(k) + f.rowCount : Int(k)
            guard j >= 0, j < f.rowCount else { throw FrameError("row \(k) is out of range for a frame of \(f.rowCount) rows") }
            return .record(Record(f.row(j).map { ($0.0, Value($0.1)) }))
        case (.column(let c), .int(let k)):
            let j = k < 0 ? Int(k) + c.count : Int(k)
            guard j >= 0, j < c.count else { throw FrameError("index \(k) is out of range for a column of \(c.count)") }
            return Value(c[j])
        case (.record(let r), .string(let k)):
            guard let v = r[k] else { throw FrameError("the record has no field '\(k)'", hint: "fields: " + r.fields.map(\.0).joined(separator: ", ")) }
            return v
        case (.string(let s), .int(let k)):
            let chars = Array(s)
            let j = k < 0 ? Int(k) + chars.count : Int(k)
            guard j >= 0, j < chars.count else { throw FrameError("index \(k) is out of range for a string of \(chars.count) characters") }
            return .string(String(chars[j]))
        default:
            throw FrameError("cannot index \(withArticle(t.typeName)) with \(withArticle(i.typeName))")
        }
    }

    public static func member(_ t: Value, _ name: String) throws -> Value {
        switch t {
        case .frame(let f): return .column(try f.column(name))
        case .grouped(let g): return .column(try g.frame.column(name))
        case .record(let r):
            guard let v = r[name] else { throw FrameError("the record has no field '\(name)'", hint: "fields: " + r.fields.map(\.0).joined(separator: ", ")) }
            return v
        case .object(let o):
            guard let v = o.member(name) else { throw FrameError("\(withArticle(o.typeName)) has no field '\(name)'") }
            return v
        default:
            throw FrameError("\(withArticle(t.typeName)) has no fields", hint: "`.name` works on frames, records and models")
        }
    }
}

extension ComparisonOp {
    /// The comparison a binary operator performs, if it is one.
    init?(_ op: BinaryOp) {
        switch op {
        case .equal: self = .equal
        case .notEqual: self = .notEqual
        case .less: self = .less
        case .lessEqual: self = .lessEqual
        case .greater: self = .greater
        case .greaterEqual: self = .greaterEqual
        default: return nil
        }
    }
}
