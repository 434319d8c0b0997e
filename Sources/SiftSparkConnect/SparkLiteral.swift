import SiftSQL

/// Bound parameters as Spark Connect literals, sent beside the SQL text (`?` markers), so a
/// value is never spliced into the query.
enum SparkLiteral {
    static func make(_ parameter: SQLParameter) -> Spark_Connect_Expression.Literal {
        var l = Spark_Connect_Expression.Literal()
        switch parameter {
        case .null:
            var t = Spark_Connect_DataType()
            t.null = Spark_Connect_DataType.NULL()
            l.null = t
        case .bool(let v): l.boolean = v
        case .int(let v): l.long = v
        case .float(let v): l.double = v
        case .string(let v): l.string = v
        case .date(let v): l.date = v
        // Sift datetimes are UTC wall times; Spark's TIMESTAMP holds UTC instants.
        case .datetime(let v): l.timestamp = v
        }
        return l
    }
}
