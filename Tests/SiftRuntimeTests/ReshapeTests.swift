import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// `distinct`, `value_counts`, `pivot`, `concat`, `sample`, `fill_null`, `drop_null`, `cast`, `cut`.
final class ReshapeTests: SessionTestCase {
    // MARK: distinct and value_counts

    func testDistinct() throws {
        let f = try frame("df |> distinct(grp)")
        XCTAssertEqual(f.names, ["grp"])
        XCTAssertEqual(strings(f, "grp"), ["a", "b", "c"], "first occurrences, in order")
        let two = try frame("df |> distinct(grp, flag)")
        XCTAssertEqual(strings(two, "grp"), ["a", "b", "b", "c"])
        XCTAssertEqual(cells(two, "flag"), [.bool(true), .bool(false), .null, .bool(false)], "null is a value of its own")
        XCTAssertEqual(try frame("concat(df, df) |> distinct()").rowCount, 5, "all columns when none are named")
        XCTAssertEqual(try frame("concat(df, df) |> distinct()").names, try frame("df").names)
        assertFails("df |> distinct(nope)") { e in XCTAssertEqual(e.span?.column, 16) }
    }

    func testValueCounts() throws {
        let f = try frame("df |> mutate(k = if_else(id > 2, \"many\", \"few\")) |> value_counts(k)")
        XCTAssertEqual(f.names, ["k", "count"])
        XCTAssertEqual(strings(f, "k"), ["many", "few"], "most frequent first")
        XCTAssertEqual(ints(f, "count"), [3, 2])
        // pandas: df.flag.value_counts() leaves the null out; dropna=False counts it.
        let flags = try frame("value_counts(df.flag)")
        XCTAssertEqual(flags.names, ["flag", "count"])
        XCTAssertEqual(cells(flags, "flag"), [.bool(false), .bool(true)], "ties by value")
        XCTAssertEqual(ints(flags, "count"), [2, 2])
        let withNull = try frame("value_counts(df.flag, dropna: false, normalize: true)")
        XCTAssertEqual(cells(withNull, "flag"), [.bool(false), .bool(true), .null], "ties by value, null last")
        XCTAssertEqual(floats(withNull, "proportion"), [0.4, 0.4, 0.2])
        XCTAssertEqual(floats(try frame("value_counts(df.flag, normalize: true)"), "proportion"), [0.5, 0.5], "shares of the non-null rows")
        let unnamed = try frame("value_counts(lower(df.grp))")
        XCTAssertEqual(unnamed.names.count, 2)
        // No columns (or an empty list, which used to crash) counts whole rows, as pandas' DataFrame.value_counts().
        let rows = try frame("concat(df, df |> filter(id == 1)) |> value_counts(dropna: false)")
        XCTAssertEqual(rows.names, try frame("df").names + ["count"])
        XCTAssertEqual(ints(rows, "count"), [2, 1, 1, 1, 1])
        XCTAssertEqual(try frame("df |> value_counts([], dropna: false)").rowCount, 5)
        // pandas' DataFrame.value_counts() leaves out every row with a null anywhere.
        let complete = try frame("df |> drop_null()").rowCount
        XCTAssertEqual(try frame("df |> value_counts()").rowCount, complete)
        let pairs = try frame("df |> value_counts(grp, flag)")
        XCTAssertEqual(pairs.names, ["grp", "flag", "count"], "combinations of several columns")
        assertFails("value_counts(df.grp, flag)") { e in XCTAssertTrue(e.message.contains("takes no further columns"), e.message) }
        assertFails("df |> value_counts(grpp)") { e in XCTAssertEqual(e.hint, "did you mean 'grp'?") }
    }

    // MARK: pivot

    func testPivot() throws {
        let f = try frame("df |> pivot(rows: grp, columns: flag, values: x, agg: max)")
        XCTAssertEqual(f.names, ["grp", "false", "true", "null"])
        XCTAssertEqual(strings(f, "grp"), ["a", "b", "c"])
        assertClose(floats(f, "true"), [3, nil, nil])
        assertClose(floats(f, "false"), [nil, nil, -2], "b/false only has a null x")
        assertClose(floats(f, "null"), [nil, 4.5, nil])
    }

    func testPivotAggregates() throws {
        try eval("long = df |> mutate(col = if_else(id % 2 == 0, \"even\", \"odd\"))")
        let sum = try frame("long |> pivot(rows: grp, columns: col, values: y)")
        XCTAssertEqual(sum.names, ["grp", "even", "odd"], "agg defaults to sum")
        XCTAssertEqual(cells(sum, "even"), [.null, .int(60), .null], "a missing combination is null")
        XCTAssertEqual(cells(sum, "odd"), [.int(10), .null, .int(50)])
        let mean = try frame("long |> pivot(rows: grp, columns: col, values: y, agg: \"mean\")")
        assertClose(floats(mean, "even"), [nil, 30, nil])
        let count = try frame("long |> pivot(rows: grp, columns: col, values: y, agg: count)")
        XCTAssertEqual(cells(count, "even"), [.null, .int(2), .null])
        XCTAssertEqual(cells(count, "odd"), [.int(1), .null, .int(1)], "count skips the null y of row 3")
        // agg: given through a variable uses the variable's value, not its name.
        try eval("how = \"mean\"")
        assertClose(floats(try frame("long |> pivot(rows: grp, columns: col, values: y, agg: $how)"), "even"), [nil, 30, nil])
        assertClose(floats(try frame("long |> pivot(rows: grp, columns: col, values: y, agg: how)"), "even"), [nil, 30, nil])
        try eval("how = max")
        XCTAssertEqual(cells(try frame("long |> pivot(rows: grp, columns: col, values: y, agg: how)"), "even"), [.null, .int(40), .null])
        try eval("mean = \"count\"")
        assertClose(floats(try frame("long |> pivot(rows: grp, columns: col, values: y, agg: mean)"), "even"), [nil, 30, nil], "an aggregate name wins over a variable")
    }

    func testPivotErrors() throws {
        assertFails("df |> pivot(rows: grp, columns: flag)") { e in XCTAssertEqual(e.message, "pivot() is missing the argument 'values:'") }
        assertFails("df |> pivot(rows: grp, columns: flag, values: y, agg: median2)") { e in
            XCTAssertEqual(e.message, "pivot() cannot aggregate with median2")
            XCTAssertEqual(e.hint, "agg: sum, mean, count, min, max, median, …")
        }
        assertFails("df |> pivot(rows: grp, columns: [flag, name], values: y)") { e in
            XCTAssertEqual(e.message, "pivot() takes one columns: and one values: column")
        }
        assertFails("df |> pivot(rows: grp, columns: flg, values: y)") { e in
            XCTAssertEqual(e.message, "no column named 'flg'")
            XCTAssertEqual(e.span?.column, 33)
        }
        // Text values with no agg: named as what it is, not as a failed sum() the user never wrote.
        assertFails("df |> pivot(rows: grp, columns: flag, values: name)") { e in
            XCTAssertEqual(e.message, "pivot() sums values unless told otherwise, and 'name' is string")
            XCTAssertTrue(e.hint?.contains("agg: first") ?? false, e.hint ?? "")
        }
        XCTAssertNoThrow(try frame("df |> pivot(rows: grp, columns: flag, values: name, agg: first)"))
    }

    // MARK: concat

    func testConcat() throws {
        let f = try frame("concat(df |> head(2), df |> tail(1))")
        XCTAssertEqual(ints(f, "id"), [1, 2, 5])
        XCTAssertEqual(f.names, try frame("df").names)
        XCTAssertEqual(try frame("concat([df, df, df])").rowCount, 15, "a list of frames")
        let mixed = try frame("concat(df |> select(id, x), df |> select(x) |> head(1))")
        XCTAssertEqual(cells(mixed, "id"), [.int(1), .int(2), .int(3), .int(4), .int(5), .null], "missing columns become null")
        XCTAssertEqual(cells(mixed, "x").last, .float(1.5))
        let widened = try frame("concat(df |> select(y), df |> select(x) |> rename(y = x))")
        XCTAssertEqual(widened.columns[0].type, .float, "int and float stack as float")
        assertFails("concat(df, df |> select(name) |> rename(id = name))") { e in
            XCTAssertEqual(e.message, "cannot stack column 'id': it is int in frame 1, string in frame 2")
            XCTAssertTrue(e.hint?.contains("cast(id, \"string\")") ?? false, e.hint ?? "")
        }
        assertFails("concat(df, 5)") { e in XCTAssertTrue(e.message.hasPrefix("concat() needs a frame"), e.message) }
    }

    func testConcatWithAnAllNullColumn() throws {
        // `mutate(name = null)` makes a column of nulls whose type was chosen for nothing: it takes
        // the other frames' type (pandas: object under object), rather than refusing to stack.
        let f = try frame("concat(df, df |> mutate(name = null))")
        XCTAssertEqual(try f.column("name").type, .string)
        XCTAssertEqual(f.rowCount, 10)
        XCTAssertEqual(Array(cells(f, "name").suffix(5)), Array(repeating: .null, count: 5))
        XCTAssertEqual(Array(cells(f, "name").prefix(5)), cells(try frame("df"), "name"))
    }

    // MARK: sample

    func testSampleIsSeeded() throws {
        let a = ints(try frame("df |> sample(3, seed: 42)"), "id")
        let b = ints(try frame("df |> sample(3, seed: 42)"), "id")
        XCTAssertEqual(a, b, "same seed, same rows")
        XCTAssertEqual(a.count, 3)
        XCTAssertEqual(Set(a).count, 3, "without replacement, no row twice")
        var seen = Set<[Int64?]>()
        for seed in 0..<10 { seen.insert(ints(try frame("df |> sample(3, seed: \(seed))"), "id")) }
        XCTAssertGreaterThan(seen.count, 1, "different seeds pick different rows")
        XCTAssertEqual(ints(try frame("df |> sample(3)"), "id"), ints(try frame("df |> sample(3, seed: 0)"), "id"), "the default seed is 0")
    }

    func testSampleSizes() throws {
        XCTAssertEqual(try frame("df |> sample(fraction: 0.4, seed: 1)").rowCount, 2)
        XCTAssertEqual(try frame("df |> sample(fraction: 1.0, seed: 1)").rowCount, 5)
        XCTAssertEqual(try frame("df |> sample(0)").rowCount, 0)
        let withReplacement = try frame("df |> sample(20, seed: 3, replace: true)")
        XCTAssertEqual(withReplacement.rowCount, 20)
        XCTAssertTrue(Set(ints(withReplacement, "id")).isSubset(of: [1, 2, 3, 4, 5]))
        assertFails("df |> sample(10, seed: 1)") { e in
            XCTAssertEqual(e.message, "cannot sample 10 rows from a frame of 5")
            XCTAssertEqual(e.hint, "use replace: true, or a smaller n")
        }
        assertFails("df |> sample()") { e in XCTAssertEqual(e.message, "sample() needs n or fraction:") }
        assertFails("df |> sample(fraction: 1.5)") { e in XCTAssertEqual(e.message, "fraction must be between 0 and 1") }
    }

    // MARK: nulls

    func testFillNullWithARecord() throws {
        let f = try frame("df |> fill_null({x: 0, flag: true, d: date(\"2000-01-01\"), name: \"?\"})")
        XCTAssertEqual(cells(f, "x"), [.float(1.5), .float(0), .float(3), .float(4.5), .float(-2)])
        XCTAssertEqual(cells(f, "flag"), [.bool(true), .bool(false), .bool(true), .bool(true), .bool(false)])
        XCTAssertEqual(cells(f, "d")[3], date("2000-01-01"))
        XCTAssertEqual(cells(f, "y")[2], .null, "columns not named keep their nulls")
        XCTAssertEqual(f.columns.map(\.type), try frame("df").columns.map(\.type), "types are kept")
    }

    func testFillNullWithOneValueFillsMatchingColumns() throws {
        let f = try frame("df |> fill_null(0)")
        XCTAssertEqual(cells(f, "x")[1], .float(0))
        XCTAssertEqual(cells(f, "y")[2], .int(0))
        XCTAssertEqual(cells(f, "d")[3], .null, "a number does not fill a date column")
        let s = try frame("df |> fill_null(\"?\")")
        XCTAssertEqual(cells(s, "x")[1], .null, "text does not fill a number column")
    }

    func testFillNullWithANumberLeavesBoolColumnsAlone() throws {
        // A number fills int and float columns only; the bool column `flag` stays bool.
        let f = try frame("df |> fill_null(0)")
        XCTAssertEqual(try f.column("flag").type, .bool)
        XCTAssertEqual(cells(f, "flag")[0], .bool(true))
    }

    func testFillNullOnOneValue() throws {
        // An aggregate of no values is null (SQL semantics); pandas' sum gives 0, fill_null bridges.
        let f = try frame("df |> filter(id > 100) |> summarize(s = fill_null(sum(x), 0), m = fill_null(max(name), \"none\"))")
        XCTAssertEqual(cells(f, "s"), [.int(0)])
        XCTAssertEqual(cells(f, "m"), [.string("none")])
        let g = try frame("df |> summarize(s = fill_null(sum(y), 0))")
        XCTAssertEqual(cells(g, "s"), [.int(120)], "a value that is not null is kept")
        assertFails("df |> summarize(s = fill_null(sum(y), df))") { e in XCTAssertEqual(e.message, "the replacement must be a plain value") }
    }

    func testFillNullOnAColumn() throws {
        XCTAssertEqual(try columnCells("fill_null(df.y, 0)"), [.int(10), .int(20), .int(0), .int(40), .int(50)])
        XCTAssertEqual(try columnCells("fill_null(df.x, 9.5)")[1], .float(9.5))
        let f = try frame("df |> mutate(y = fill_null(y, -1))")
        XCTAssertEqual(cells(f, "y")[2], .int(-1))
    }

    func testFillNullErrors() throws {
        assertFails("df |> fill_null({nope: 1})") { e in XCTAssertEqual(e.message, "no column named 'nope'") }
        assertFails("df |> fill_null({y: \"text\"})") { e in XCTAssertEqual(e.message, "cannot mix int and string values") }
        assertFails("df |> fill_null([1])") { e in XCTAssertEqual(e.message, "the replacement must be a plain value or a record") }
    }

    func testDropNull() throws {
        XCTAssertEqual(ints(try frame("df |> drop_null()"), "id"), [1, 5], "any column")
        XCTAssertEqual(ints(try frame("df |> drop_null(x)"), "id"), [1, 3, 4, 5])
        XCTAssertEqual(ints(try frame("df |> drop_null(y, d)"), "id"), [1, 2, 5])
        XCTAssertEqual(ints(try frame("df |> drop_null(name)"), "id"), [1, 2, 3, 4, 5])
        guard case .grouped(let g) = try eval("df |> group_by(grp) |> drop_null(x)") else { return XCTFail("grouping lost") }
        XCTAssertEqual(g.frame.rowCount, 4)
        assertFails("df |> drop_null(nope)") { e in XCTAssertEqual(e.span?.column, 17) }
    }

    // MARK: cast and cut

    func testCastColumns() throws {
        XCTAssertEqual(try columnCells("cast(df.y, \"float\")"), [.float(10), .float(20), .null, .float(40), .float(50)])
        XCTAssertEqual(try columnCells("cast(df.flag, \"int\")"), [.int(1), .int(0), .int(1), .null, .int(0)])
        XCTAssertEqual(try columnCells("cast(df.d, \"string\")"), [.string("2024-01-15"), .string("2024-02-29"), .string("2023-12-31"), .null, .string("2024-03-01")])
        XCTAssertEqual(try columnCells("cast(df.x, \"text\")")[0], .string("1.5"), "type names have synonyms")
        XCTAssertEqual(try columnCells("cast(cast(df.id, \"string\"), \"int\")"), [.int(1), .int(2), .int(3), .int(4), .int(5)])
    }

    func testCastScalarsAndStrictness() throws {
        XCTAssertEqual(try scalar("cast(\"12\", \"int\")"), .int(12))
        XCTAssertEqual(try scalar("cast(\"2024-01-02\", \"date\")"), date("2024-01-02"))
        XCTAssertEqual(try scalar("cast(\"true\", \"bool\")"), .bool(true))
        XCTAssertEqual(try scalar("cast(1.7, \"int\")"), .int(1), "truncates toward zero")
        XCTAssertEqual(try scalar("cast(null, \"int\")"), .null)
        XCTAssertEqual(try scalar("cast(\"abc\", \"int\", strict: false)"), .null)
        assertFails("cast(\"abc\", \"int\")") { e in
            XCTAssertTrue(e.message.hasPrefix("cannot convert \"abc\""), e.message)
            XCTAssertEqual(e.hint, "use cast(x, \"int\", strict: false) to turn such values into null")
        }
        assertFails("cast(1, \"money\")") { e in XCTAssertEqual(e.message, "unknown type \"money\"") }
    }

    func testCastFrame() throws {
        let f = try frame("cast(df, {y: \"float\", id: \"string\"})")
        XCTAssertEqual(f.columns.map(\.type), [.string, .string, .string, .float, .float, .date, .bool])
        XCTAssertEqual(cells(f, "id")[0], .string("1"))
        // cast(df, "type") converts every column (issue 12, pandas' astype): names are not ints.
        assertFails("cast(df, \"int\")") { e in XCTAssertTrue(e.message.hasPrefix("cannot convert \"Alice\""), e.message) }
        XCTAssertEqual(try frame("df |> select(x, y) |> cast(\"float\")").columns.map(\.type), [.float, .float])
        assertFails("cast(df, 3)") { e in XCTAssertEqual(e.message, "cast(frame, {column: \"type\"})") }
        assertFails("cast(df, {nope: \"int\"})")
    }

    func testCut() throws {
        XCTAssertEqual(try columnCells("cut(df.y, [0, 20, 50])"),
                       [.string("(0, 20]"), .string("(0, 20]"), .null, .string("(20, 50]"), .string("(20, 50]")])
        XCTAssertEqual(try columnCells("cut(df.y, [0, 20, 50], right: false)"),
                       [.string("[0, 20)"), .string("[20, 50)"), .null, .string("[20, 50)"), .null], "50 is outside [20, 50)")
        XCTAssertEqual(try columnCells("cut(df.x, [0, 2, 5], labels: [\"lo\", \"hi\"])"),
                       [.string("lo"), .null, .string("hi"), .string("hi"), .null], "-2 is outside every bin")
        XCTAssertEqual(try scalar("cut(25, [0, 20, 50])"), .string("(20, 50]"))
        XCTAssertEqual(try scalar("cut(0, [0, 20, 50])"), .null, "the lowest edge is excluded, as in pandas")
        assertFails("cut(df.x, [0, 2, 5], labels: [\"lo\"])") { e in XCTAssertEqual(e.message, "cut() got 1 labels for 2 bins") }
        assertFails("cut(df.x, [5, 2])") { e in XCTAssertEqual(e.message, "cut() breaks must increase strictly") }
        assertFails("cut(df.x, 5)") { e in XCTAssertEqual(e.message, "cut() needs breaks to be a list, got an int") }
    }
}
