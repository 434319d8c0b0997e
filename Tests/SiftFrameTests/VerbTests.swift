import Foundation
import SiftFrame
import XCTest

/// Frame-level verbs: row and column selection, sorting, grouping and aggregation, joins,
/// reshaping, concatenation and summary statistics.
final class VerbTests: XCTestCase {
    func sample5() throws -> Frame {
        try frame(intColumn("id", [1, 2, 3, 4, 5]), dictColumn("name", ["a", "b", nil, "d", "e"]), floatColumn("x", [0.5, nil, 2.5, 3.5, 4.5]))
    }

    // MARK: - Frame basics

    func testFrameInitValidates() throws {
        XCTAssertTrue(expectError(try frame(intColumn("a", [1, 2]), intColumn("b", [1]))).contains("column 'b' has 1 rows but 'a' has 2"))
        XCTAssertTrue(expectError(try frame(intColumn("a", [1]), intColumn("a", [2]))).contains("duplicate column name 'a'"))
        let empty = try Frame(columns: [])
        XCTAssertEqual(empty.rowCount, 0)
        XCTAssertEqual(empty.columnCount, 0)
    }

    func testHeadAndTail() throws {
        let f = try sample5()
        XCTAssertEqual(ints(try f.head(2).column("id")), [1, 2])
        XCTAssertEqual(f.head(10).rowCount, 5)
        XCTAssertEqual(f.head(0).rowCount, 0)
        XCTAssertEqual(f.head(-3).rowCount, 0)
        XCTAssertEqual(ints(try f.tail(2).column("id")), [4, 5])
        XCTAssertEqual(strings(try f.tail(3).column("name")), [nil, "d", "e"])
        XCTAssertEqual(f.tail(99).rowCount, 5)
        XCTAssertEqual(f.tail(-1).rowCount, 0)
        XCTAssertEqual(f.head(2).names, f.names)
    }

    func testSelectDropRename() throws {
        let f = try sample5()
        let s = try f.select(["x", "id"])
        XCTAssertEqual(s.names, ["x", "id"])
        XCTAssertEqual(doubles(try s.column("x")), [0.5, nil, 2.5, 3.5, 4.5])
        let e = expectError(try f.select(["idd"]))
        XCTAssertTrue(e.contains("no column named 'idd'"), e)
        XCTAssertTrue(e.contains("did you mean id?"), e)
        XCTAssertTrue(expectError(try f.select(["zzz"])).contains("columns are: id, name, x"))
        XCTAssertThrowsError(try f.select(["id", "id"]))
        XCTAssertEqual(try f.drop(["name"]).names, ["id", "x"])
        XCTAssertEqual(try f.drop([]).names, ["id", "name", "x"])
        XCTAssertTrue(expectError(try f.drop(["nope"])).contains("no column named 'nope'"))
        let r = try f.rename([(old: "id", new: "key"), (old: "x", new: "value")])
        XCTAssertEqual(r.names, ["key", "name", "value"])
        XCTAssertEqual(ints(try r.column("key")), [1, 2, 3, 4, 5])
        XCTAssertTrue(expectError(try f.rename([(old: "id", new: "x")])).contains("duplicate column name 'x'"))
        XCTAssertTrue(expectError(try f.rename([(old: "missing", new: "y")])).contains("no column named 'missing'"))
        XCTAssertEqual(f.names, ["id", "name", "x"], "verbs never change their input")
    }

    func testRenameIsSimultaneous() throws {
        let f = try frame(intColumn("a", [1]), intColumn("b", [2]))
        let r = try f.rename([(old: "a", new: "b"), (old: "b", new: "a")])
        XCTAssertEqual(ints(try r.column("a")), [2])
        XCTAssertEqual(ints(try r.column("b")), [1])
        let chained = try f.rename([(old: "a", new: "c"), (old: "b", new: "d")])
        XCTAssertEqual(chained.names, ["c", "d"])
        XCTAssertEqual(ints(try chained.column("d")), [2])
    }

    func testRenameRules() throws {
        let f = try frame(intColumn("a", [1]), intColumn("b", [2]), intColumn("c", [3]))
        // A three-way rotation and a rename onto a name that is being vacated.
        let rotated = try f.rename([(old: "a", new: "b"), (old: "b", new: "c"), (old: "c", new: "a")])
        XCTAssertEqual(rotated.names, ["b", "c", "a"])
        XCTAssertEqual(ints(try rotated.column("a")), [3])
        let shifted = try f.rename([(old: "b", new: "d"), (old: "a", new: "b")])
        XCTAssertEqual(shifted.names, ["b", "d", "c"])
        XCTAssertEqual(ints(try shifted.column("b")), [1])
        XCTAssertEqual(try f.rename([(old: "a", new: "a")]).names, ["a", "b", "c"], "renaming to itself is fine")
        XCTAssertEqual(try f.rename([]).names, ["a", "b", "c"])
        // Two columns ending with one name, an existing name, or one column renamed twice: errors.
        let twoToOne = expectError(try f.rename([(old: "a", new: "x"), (old: "b", new: "x")]))
        XCTAssertTrue(twoToOne.contains("duplicate column name 'x'"), twoToOne)
        XCTAssertTrue(twoToOne.contains("'a' and 'b'"), twoToOne)
        XCTAssertTrue(expectError(try f.rename([(old: "a", new: "c")])).contains("duplicate column name 'c'"))
        XCTAssertTrue(expectError(try f.rename([(old: "a", new: "x"), (old: "a", new: "y")])).contains("'a' is renamed twice"))
        XCTAssertTrue(expectError(try f.rename([(old: "a", new: "b"), (old: "b", new: "a"), (old: "x", new: "y")])).contains("no column named 'x'"))
        XCTAssertEqual(f.names, ["a", "b", "c"])
    }

    func testFilterWithMask() throws {
        let f = try sample5()
        let mask = boolColumn("m", [true, nil, false, true, true])
        let kept = try f.filter(mask: mask)
        XCTAssertEqual(ints(try kept.column("id")), [1, 4, 5], "null mask rows are dropped")
        XCTAssertEqual(strings(try kept.column("name")), ["a", "d", "e"])
        XCTAssertEqual(doubles(try kept.column("x")), [0.5, 3.5, 4.5])
        // A null row holding `true` in storage must still be dropped.
        let sneaky = Column(name: "m", storage: .bool([true, true, true, true, true]), validity: Bitmap([true, false, false, true, false]))
        XCTAssertEqual(ints(try f.filter(mask: sneaky).column("id")), [1, 4])
        XCTAssertEqual(try f.filter(mask: boolColumn("m", [false, false, false, false, false])).rowCount, 0)
        XCTAssertTrue(expectError(try f.filter(mask: intColumn("m", [1, 1, 1, 1, 1]))).contains("must be true/false"))
        XCTAssertTrue(expectError(try f.filter(mask: boolColumn("m", [true]))).contains("1 rows, the frame has 5"))
        // Built from a comparison, as the language does.
        let big = try ColumnCompare.compare(.greater, try f.column("x"), Column.constant(.float(2), count: 5))
        XCTAssertEqual(ints(try f.filter(mask: big).column("id")), [3, 4, 5])
    }

    func testWithAddsOrReplaces() throws {
        let f = try sample5()
        let added = try f.with(intColumn("y", [9, 9, 9, 9, 9]))
        XCTAssertEqual(added.names, ["id", "name", "x", "y"])
        let replaced = try f.with(dictColumn("id", ["p", "q", "r", "s", "t"]))
        XCTAssertEqual(replaced.names, ["id", "name", "x"], "replacing keeps the position")
        XCTAssertEqual(try replaced.column("id").type, .string)
        XCTAssertTrue(expectError(try f.with(intColumn("y", [1]))).contains("has 1 rows, the frame has 5"))
    }

    // MARK: - Sorting

    func order(_ keys: [SortKey], _ n: Int) -> [Int] { Sorting.order(keys, rowCount: n) }

    func testSortSingleKeys() throws {
        let name = dictColumn("name", ["b", "a", nil, "c", "a", "b"])
        XCTAssertEqual(order([SortKey(name)], 6), [1, 4, 0, 5, 3, 2])
        XCTAssertEqual(order([SortKey(name, descending: true)], 6), [3, 0, 5, 1, 4, 2], "nulls last when descending too")
        let plain = plainColumn("name", ["b", "a", nil, "c", "a", "b"])
        XCTAssertEqual(order([SortKey(plain)], 6), [1, 4, 0, 5, 3, 2])
        XCTAssertEqual(order([SortKey(plain, descending: true)], 6), [3, 0, 5, 1, 4, 2])

        let v = intColumn("v", [2, 5, 1, nil, 5, 1])
        XCTAssertEqual(order([SortKey(v)], 6), [2, 5, 0, 1, 4, 3])
        XCTAssertEqual(order([SortKey(v, descending: true)], 6), [1, 4, 0, 2, 5, 3], "ties keep their order when descending")

        let f = floatColumn("f", [2.5, nil, -1, 2.5, 0, -0.0])
        XCTAssertEqual(order([SortKey(f)], 6), [2, 4, 5, 0, 3, 1])
        XCTAssertEqual(order([SortKey(f, descending: true)], 6), [0, 3, 4, 5, 2, 1])

        // Ints beyond 2^53 take the exact (coded) path.
        let big = intColumn("b", [1 << 60, -(1 << 60), (1 << 60) + 1, nil, 0])
        XCTAssertEqual(order([SortKey(big)], 5), [1, 4, 0, 2, 3])
        XCTAssertEqual(order([SortKey(big, descending: true)], 5), [2, 0, 4, 1, 3])

        let d = dateColumn("d", ["2024-01-02", "1969-12-31", nil, "2024-01-01"])
        XCTAssertEqual(order([SortKey(d)], 4), [1, 3, 0, 2])
        XCTAssertEqual(order([SortKey(d, descending: true)], 4), [0, 3, 1, 2])

        let b = boolColumn("b", [true, false, nil, true])
        XCTAssertEqual(order([SortKey(b)], 4), [1, 0, 3, 2])
        XCTAssertEqual(order([SortKey(b, descending: true)], 4), [0, 3, 1, 2])

        XCTAssertEqual(order([SortKey(dictColumn("s", ["b", "a", "B", "ä", "A"]))], 5), [4, 2, 1, 0, 3], "code point order")
        XCTAssertEqual(order([], 3), [0, 1, 2])
    }

    func testSortMultiKey() throws {
        let name = dictColumn("name", ["b", "a", nil, "c", "a", "b"])
        let v = intColumn("v", [1, 5, 1, nil, 7, 2])
        XCTAssertEqual(order([SortKey(name), SortKey(v, descending: true)], 6), [4, 1, 5, 0, 3, 2])
        XCTAssertEqual(order([SortKey(v), SortKey(name, descending: true)], 6), [0, 2, 5, 1, 4, 3])
        let f = try frame(name, v)
        let sorted = Sorting.sort(f, by: [SortKey(name), SortKey(v, descending: true)])
        XCTAssertEqual(strings(try sorted.column("name")), ["a", "a", "b", "b", "c", nil])
        XCTAssertEqual(ints(try sorted.column("v")), [7, 5, 2, 1, nil, 1])
    }

    func testSortIsStable() throws {
        let n = 3000
        let key = intColumn("k", (0..<n).map { Int64($0 % 3) })
        let skey = dictColumn("s", (0..<n).map { ["x", "y", "z"][$0 % 3] })
        for keys in [[SortKey(key)], [SortKey(key, descending: true)], [SortKey(skey)], [SortKey(skey, descending: true)],
                     [SortKey(skey), SortKey(key)]] {
            let o = order(keys, n)
            XCTAssertEqual(Set(o).count, n, "a permutation")
            for i in 1..<n where o[i - 1] % 3 == o[i] % 3 {
                XCTAssertLessThan(o[i - 1], o[i], "equal keys keep input order")
            }
            let desc = keys[0].descending
            XCTAssertEqual(o.first.map { $0 % 3 }, desc ? 2 : 0)
        }
    }

    // MARK: - Grouping and aggregation

    func groupedData() throws -> Frame {
        try frame(
            dictColumn("g", ["x", "y", "x", "x", "y", "z", nil]),
            intColumn("v", [1, 10, 3, nil, 20, nil, 5]),
            floatColumn("f", [1.5, nil, 2.5, 4.0, 8, nil, 1]),
            dictColumn("s", ["b", "a", "a", "c", nil, "d", "e"]),
            dateColumn("d", ["2024-01-03", nil, "2023-12-31", "2024-01-01", "2020-02-29", nil, "1999-01-01"]),
            boolColumn("b", [true, false, false, nil, true, nil, true]))
    }

    func summarize(_ specs: [AggregateSpec], keys: [String] = ["g"]) throws -> Frame {
        try GroupBy.summarize(try groupedData(), keys: keys, specs: specs)
    }

    func testSummarizeCountsAndKeys() throws {
        let r = try summarize([AggregateSpec(name: "rows", function: .count, column: nil),
                               AggregateSpec(name: "n", function: .count, column: "v"),
                               AggregateSpec(name: "nulls", function: .nullCount, column: "v")])
        XCTAssertEqual(r.names, ["g", "rows", "n", "nulls"])
        XCTAssertEqual(strings(try r.column("g")), ["x", "y", "z", nil], "groups in key order, null key last")
        XCTAssertEqual(ints(try r.column("rows")), [3, 2, 1, 1])
        XCTAssertEqual(ints(try r.column("n")), [2, 2, 0, 1])
        XCTAssertEqual(ints(try r.column("nulls")), [1, 0, 1, 0])
    }

    func testSummarizeNumericAggregates() throws {
        let specs: [AggregateSpec] = [
            .init(name: "sum", function: .sum, column: "v"), .init(name: "mean", function: .mean, column: "v"),
            .init(name: "median", function: .median, column: "v"), .init(name: "min", function: .min, column: "v"),
            .init(name: "max", function: .max, column: "v"), .init(name: "std", function: .std, column: "v"),
            .init(name: "var", function: .var, column: "v"), .init(name: "q25", function: .quantile, column: "v", q: 0.25),
            .init(name: "nd", function: .nDistinct, column: "v"), .init(name: "first", function: .first, column: "v"),
            .init(name: "last", function: .last, column: "v"),
            .init(name: "fmean", function: .mean, column: "f"), .init(name: "fmin", function: .min, column: "f"),
            .init(name: "fmax", function: .max, column: "f"), .init(name: "ffirst", function: .first, column: "f"),
            .init(name: "flast", function: .last, column: "f"), .init(name: "fsum", function: .sum, column: "f"),
        ]
        let r = try summarize(specs)
        // groups: x = v [1, 3, null], f [1.5, 2.5, 4]; y = v [10, 20], f [null, 8]; z = all null; null key = v [5], f [1]
        XCTAssertEqual(try r.column("sum").type, .int, "integer sums stay integers")
        XCTAssertEqual(ints(try r.column("sum"))[0..<2], [4, 30])
        XCTAssertEqual(ints(try r.column("sum"))[3], 5)
        XCTAssertEqual(doubles(try r.column("mean")), [2, 15, nil, 5])
        XCTAssertEqual(doubles(try r.column("median")), [2, 15, nil, 5])
        XCTAssertEqual(try r.column("min").type, .int)
        XCTAssertEqual(ints(try r.column("min")), [1, 10, nil, 5])
        XCTAssertEqual(ints(try r.column("max")), [3, 20, nil, 5])
        let std = doubles(try r.column("std"))
        assertClose(std[0], 2.0.squareRoot())
        assertClose(std[1], 50.0.squareRoot())
        XCTAssertNil(std[2])
        XCTAssertNil(std[3], "sample std of one value is null")
        XCTAssertEqual(doubles(try r.column("var")), [2, 50, nil, nil])
        XCTAssertEqual(doubles(try r.column("q25")), [1.5, 12.5, nil, 5])
        XCTAssertEqual(ints(try r.column("nd")), [2, 2, 0, 1])
        XCTAssertEqual(ints(try r.column("first")), [1, 10, nil, 5])
        XCTAssertEqual(ints(try r.column("last")), [3, 20, nil, 5], "last skips the trailing null")
        let fmean = doubles(try r.column("fmean"))
        assertClose(fmean[0], 8.0 / 3.0)
        XCTAssertEqual(fmean[1...], [8, nil, 1])
        XCTAssertEqual(doubles(try r.column("fmin")), [1.5, 8, nil, 1])
        XCTAssertEqual(doubles(try r.column("fmax")), [4, 8, nil, 1])
        XCTAssertEqual(doubles(try r.column("ffirst")), [1.5, 8, nil, 1], "first skips the leading null")
        XCTAssertEqual(doubles(try r.column("flast")), [4, 8, nil, 1])
        XCTAssertEqual(doubles(try r.column("fsum"))[0], 8)
    }

    func testSumOfOnlyNullsIsNull() throws {
        XCTAssertEqual(try Aggregate.scalar(.sum, intColumn("v", [nil, nil])), .null)
        XCTAssertEqual(try Aggregate.scalar(.sum, floatColumn("v", [])), .null)
        XCTAssertEqual(ints(try summarize([.init(name: "s", function: .sum, column: "v")]).column("s"))[2], nil)
        XCTAssertEqual(try Aggregate.scalar(.mean, intColumn("v", [nil, nil])), .null)
        XCTAssertEqual(try Aggregate.scalar(.count, intColumn("v", [nil, nil])), .int(0))
    }

    func testSumOverNoValuesIsNullPerGroup() throws {
        let r = try summarize([.init(name: "s", function: .sum, column: "v"), .init(name: "fs", function: .sum, column: "f"),
                               .init(name: "bs", function: .sum, column: "b"), .init(name: "n", function: .count, column: "v")])
        // groups: x, y, z (all null), null key
        XCTAssertEqual(ints(try r.column("s")), [4, 30, nil, 5])
        XCTAssertEqual(doubles(try r.column("fs")), [8, 8, nil, 1])
        XCTAssertEqual(doubles(try r.column("bs")), [1, 1, nil, 1])
        XCTAssertEqual(ints(try r.column("n")), [2, 2, 0, 1], "counts stay 0")
        // A sum of values that are zero is still 0, not null.
        XCTAssertEqual(try Aggregate.scalar(.sum, intColumn("v", [0, nil])), .int(0))
        XCTAssertEqual(try Aggregate.scalar(.sum, floatColumn("v", [-0.0, 0])), .float(0))
        XCTAssertEqual(try Aggregate.scalar(.sum, intColumn("v", [])), .null)
        XCTAssertEqual(try Aggregate.scalar(.sum, boolColumn("v", [nil])), .null)
        // The overflow fallback to float keeps empty groups null.
        let g = Grouping(keys: [dictColumn("k", ["a", "a", "b"])], rowCount: 3)
        let big = try Aggregate.run(.sum, intColumn("v", [.max, .max, nil]), grouping: g)
        XCTAssertEqual(doubles(big), [Double(Int64.max) * 2, nil])
        // No groups at all: no rows.
        XCTAssertEqual(try GroupBy.summarize(try frame(dictColumn("k", []), intColumn("v", [])), keys: ["k"], specs: [.init(name: "s", function: .sum, column: "v")]).rowCount, 0)
    }

    func testSummarizeTextDatesAndBools() throws {
        let r = try summarize([
            .init(name: "smin", function: .min, column: "s"), .init(name: "smax", function: .max, column: "s"),
            .init(name: "snd", function: .nDistinct, column: "s"), .init(name: "sfirst", function: .first, column: "s"),
            .init(name: "slast", function: .last, column: "s"), .init(name: "dmin", function: .min, column: "d"),
            .init(name: "dmax", function: .max, column: "d"), .init(name: "bmin", function: .min, column: "b"),
            .init(name: "bmax", function: .max, column: "b"), .init(name: "bmean", function: .mean, column: "b"),
        ])
        // x = s [b, a, c], y = s [a, null], z = [d], null key = [e]
        XCTAssertEqual(strings(try r.column("smin")), ["a", "a", "d", "e"])
        XCTAssertEqual(strings(try r.column("smax")), ["c", "a", "d", "e"])
        XCTAssertEqual(ints(try r.column("snd")), [3, 1, 1, 1])
        XCTAssertEqual(strings(try r.column("sfirst")), ["b", "a", "d", "e"])
        XCTAssertEqual(strings(try r.column("slast")), ["c", "a", "d", "e"])
        XCTAssertEqual(try r.column("dmin").type, .date)
        XCTAssertEqual(cells(try r.column("dmin")), [.date(date("2023-12-31")), .date(date("2020-02-29")), .null, .date(date("1999-01-01"))])
        XCTAssertEqual(cells(try r.column("dmax")), [.date(date("2024-01-03")), .date(date("2020-02-29")), .null, .date(date("1999-01-01"))])
        XCTAssertEqual(bools(try r.column("bmin")), [false, false, nil, true])
        XCTAssertEqual(bools(try r.column("bmax")), [true, true, nil, true])
        XCTAssertEqual(doubles(try r.column("bmean")), [0.5, 0.5, nil, 1])
        let e = expectError(try summarize([.init(name: "m", function: .mean, column: "s")]))
        XCTAssertTrue(e.contains("mean() needs numbers, got the string column 's'"), e)
        XCTAssertTrue(expectError(try summarize([.init(name: "m", function: .sum, column: "nope")])).contains("no column named 'nope'"))
    }

    func testSummarizeMultipleKeysAndNoKeys() throws {
        let f = try frame(dictColumn("a", ["p", "q", "p", "p", "q"]), intColumn("b", [2, 1, 1, 2, 1]), intColumn("v", [1, 2, 3, 4, 5]))
        let r = try GroupBy.summarize(f, keys: ["a", "b"], specs: [.init(name: "s", function: .sum, column: "v")])
        XCTAssertEqual(strings(try r.column("a")), ["p", "p", "q"])
        XCTAssertEqual(ints(try r.column("b")), [1, 2, 1])
        XCTAssertEqual(ints(try r.column("s")), [3, 5, 7])
        let all = try GroupBy.summarize(f, keys: [], specs: [.init(name: "s", function: .sum, column: "v"), .init(name: "n", function: .count, column: nil)])
        XCTAssertEqual(all.names, ["s", "n"])
        XCTAssertEqual(ints(try all.column("s")), [15])
        XCTAssertEqual(ints(try all.column("n")), [5])
    }

    func testGroupingManyHighCardinalityKeys() throws {
        // Three keys of ~20,000 values each overflow the mixed-radix budget and take the densify path.
        let n = 40_000
        let j = (0..<n).map { Int64($0 % 30_000) }
        let keys = [intColumn("a", j.map { $0 % 20_011 }), intColumn("b", j.map { $0 % 20_021 }), dictColumn("c", j.map { String($0 % 20_023) })]
        let g = Grouping(keys: keys, rowCount: n)
        XCTAssertEqual(g.groupCount, 30_000, "one group per distinct (a, b, c)")
        for i in stride(from: 0, to: 10_000, by: 7) { XCTAssertEqual(g.ids[i], g.ids[i + 30_000]) }
        XCTAssertEqual(Set(g.ids).count, 30_000)
        XCTAssertEqual(g.members().map(\.count).reduce(0, +), n)
        // Groups are numbered in key order: the first key never decreases along group ids.
        let firstA = g.firstRow.map { j[$0] % 20_011 }
        XCTAssertEqual(firstA, firstA.sorted())
        let s = try GroupBy.summarize(try Frame(columns: keys), keys: ["a", "b", "c"], specs: [.init(name: "n", function: .count, column: nil)])
        XCTAssertEqual(s.rowCount, 30_000)
        XCTAssertEqual(ints(try s.column("n")).reduce(0) { $0 + $1! }, Int64(n))
    }

    func testSummarizeOnEmptyFrame() throws {
        let f = try frame(dictColumn("g", []), intColumn("v", []))
        let grouped = try GroupBy.summarize(f, keys: ["g"], specs: [.init(name: "s", function: .sum, column: "v")])
        XCTAssertEqual(grouped.rowCount, 0)
        XCTAssertEqual(grouped.names, ["g", "s"])
        XCTAssertEqual(try Aggregate.scalar(.mean, intColumn("v", [])), .null)
        XCTAssertEqual(try Aggregate.scalar(.max, dictColumn("s", [])), .null)
        XCTAssertEqual(try Aggregate.scalar(.count, intColumn("v", [])), .int(0))
        let d = try Statistics.describe(f)
        XCTAssertEqual(ints(try d.column("count")), [0, 0])
        XCTAssertEqual(doubles(try d.column("mean")), [nil, nil])
    }

    func testQuantileMatchesNumpyLinear() throws {
        // numpy.quantile([1, 2, 3, 4, 10], q) with the default method="linear".
        let sorted: [Double] = [1, 2, 3, 4, 10]
        for (q, want) in [(0.0, 1.0), (0.1, 1.4), (0.25, 2.0), (0.5, 3.0), (0.6, 3.4), (0.9, 7.6), (1.0, 10.0)] {
            assertClose(Aggregate.quantile(sorted: sorted, q), want, accuracy: 1e-12, "q = \(q)")
            // Through the aggregate, from unsorted input with nulls.
            let col = floatColumn("x", [10, nil, 3, 1, 4, 2])
            assertClose(try Aggregate.scalar(.quantile, col, q: q).asDouble, want, accuracy: 1e-12, "aggregate q = \(q)")
        }
        assertClose(Aggregate.quantile(sorted: [1, 2, 3, 4], 0.5), 2.5)
        assertClose(Aggregate.quantile(sorted: [7], 0.3), 7)
        XCTAssertTrue(Aggregate.quantile(sorted: [], 0.5).isNaN)
        XCTAssertEqual(try Aggregate.scalar(.median, intColumn("x", [5, 1, 3, 2])), .float(2.5))
        XCTAssertTrue(expectError(try Aggregate.scalar(.quantile, intColumn("x", [1]), q: 1.5)).contains("between 0 and 1"))
    }

    func testIntegerSumOverflowFallsBackToFloat() throws {
        let s = try Aggregate.scalar(.sum, intColumn("x", [.max, .max]))
        XCTAssertEqual(s, .float(Double(Int64.max) * 2))
        XCTAssertEqual(try Aggregate.scalar(.sum, intColumn("x", [.max, -1, nil])), .int(.max - 1))
    }

    func testDistinctCountAndValueCounts() throws {
        let f = try frame(intColumn("a", [1, 2, 1, 3, 2, nil, nil]), dictColumn("b", ["x", "y", "x", "z", "w", "q", "q"]))
        let d = try GroupBy.distinct(f, keys: [])
        XCTAssertEqual(ints(try d.column("a")), [1, 2, 3, 2, nil], "first occurrences, in input order")
        XCTAssertEqual(strings(try d.column("b")), ["x", "y", "z", "w", "q"])
        let da = try GroupBy.distinct(f, keys: ["a"])
        XCTAssertEqual(da.names, ["a"])
        XCTAssertEqual(ints(try da.column("a")), [1, 2, 3, nil], "nulls form one value")

        let c = try GroupBy.count(f, keys: ["b"])
        XCTAssertEqual(c.names, ["b", "n"])
        XCTAssertEqual(strings(try c.column("b")), ["q", "w", "x", "y", "z"])
        XCTAssertEqual(ints(try c.column("n")), [2, 1, 2, 1, 1])

        let vc = try GroupBy.valueCounts(f, column: "b")
        XCTAssertEqual(vc.names, ["b", "count"])
        XCTAssertEqual(strings(try vc.column("b")), ["q", "x", "w", "y", "z"], "most frequent first, ties in key order")
        XCTAssertEqual(ints(try vc.column("count")), [2, 2, 1, 1, 1])
        let va = try GroupBy.valueCounts(f, column: "a")
        XCTAssertEqual(ints(try va.column("a")), [1, 2, nil, 3])
        XCTAssertEqual(ints(try va.column("count")), [2, 2, 2, 1])
    }

    // MARK: - Joins

    func joinSides() throws -> (Frame, Frame) {
        (try frame(intColumn("id", [1, 2, 2, 3, nil]), dictColumn("lv", ["a", "b", "c", "d", "e"])),
         try frame(intColumn("id", [2, 3, 3, 4, nil]), intColumn("rv", [20, 30, 31, 40, 50])))
    }

    func testAJoinStopsOnAStopRequest() throws {
        let (l, r) = try joinSides()
        Cancellation.request(reason: "stop")
        defer { Cancellation.reset() }
        XCTAssertThrowsError(try Joining.join(l, r, on: [("id", "id")], how: .inner)) { e in XCTAssertTrue(e is Cancelled, "\(e)") }
        XCTAssertEqual(try Joining.join(l, r, on: [("id", "id")], how: .inner).rowCount, 4, "the request is consumed")
    }

    func testJoinKinds() throws {
        let (l, r) = try joinSides()
        let inner = try Joining.join(l, r, on: [("id", "id")], how: .inner)
        XCTAssertEqual(inner.names, ["id", "lv", "rv"])
        XCTAssertEqual(ints(try inner.column("id")), [2, 2, 3, 3])
        XCTAssertEqual(strings(try inner.column("lv")), ["b", "c", "d", "d"])
        XCTAssertEqual(ints(try inner.column("rv")), [20, 20, 30, 31])

        let left = try Joining.join(l, r, on: [("id", "id")], how: .left)
        XCTAssertEqual(ints(try left.column("id")), [1, 2, 2, 3, 3, nil])
        XCTAssertEqual(strings(try left.column("lv")), ["a", "b", "c", "d", "d", "e"])
        XCTAssertEqual(ints(try left.column("rv")), [nil, 20, 20, 30, 31, nil], "null keys never match")

        let right = try Joining.join(l, r, on: [("id", "id")], how: .right)
        XCTAssertEqual(ints(try right.column("id")), [2, 2, 3, 3, 4, nil], "keys come from the right where the left has no row")
        XCTAssertEqual(strings(try right.column("lv")), ["b", "c", "d", "d", nil, nil])
        XCTAssertEqual(ints(try right.column("rv")), [20, 20, 30, 31, 40, 50])

        let outer = try Joining.join(l, r, on: [("id", "id")], how: .outer)
        XCTAssertEqual(ints(try outer.column("id")), [1, 2, 2, 3, 3, nil, 4, nil])
        XCTAssertEqual(strings(try outer.column("lv")), ["a", "b", "c", "d", "d", "e", nil, nil])
        XCTAssertEqual(ints(try outer.column("rv")), [nil, 20, 20, 30, 31, nil, 40, 50])

        let semi = try Joining.join(l, r, on: [("id", "id")], how: .semi)
        XCTAssertEqual(semi.names, ["id", "lv"])
        XCTAssertEqual(ints(try semi.column("id")), [2, 2, 3], "each left row once")
        let anti = try Joining.join(l, r, on: [("id", "id")], how: .anti)
        XCTAssertEqual(anti.names, ["id", "lv"])
        XCTAssertEqual(ints(try anti.column("id")), [1, nil])
        XCTAssertEqual(strings(try anti.column("lv")), ["a", "e"])
    }

    func testJoinMultipleKeysAndNullParts() throws {
        let l = try frame(intColumn("a", [1, 1, 2, 1]), dictColumn("b", ["x", "y", "x", nil]), intColumn("v", [10, 11, 12, 13]))
        let r = try frame(intColumn("a", [1, 2, 1, 1]), plainColumn("b", ["y", "x", "z", nil]), intColumn("w", [100, 200, 300, 400]))
        let inner = try Joining.join(l, r, on: [("a", "a"), ("b", "b")], how: .inner)
        XCTAssertEqual(ints(try inner.column("v")), [11, 12])
        XCTAssertEqual(ints(try inner.column("w")), [100, 200])
        XCTAssertEqual(inner.names, ["a", "b", "v", "w"])
        let left = try Joining.join(l, r, on: [("a", "a"), ("b", "b")], how: .left)
        XCTAssertEqual(ints(try left.column("w")), [nil, 100, 200, nil], "(1, null) does not match (1, null)")
        let outer = try Joining.join(l, r, on: [("a", "a"), ("b", "b")], how: .outer)
        XCTAssertEqual(outer.rowCount, 6)
        XCTAssertEqual(strings(try outer.column("b")), ["x", "y", "x", nil, "z", nil])
        XCTAssertEqual(ints(try outer.column("a")), [1, 1, 2, 1, 1, 1])
    }

    func testJoinNamesAndTypes() throws {
        let l = try frame(intColumn("id", [1, 2]), intColumn("v", [1, 2]), intColumn("only_l", [0, 0]))
        let r = try frame(floatColumn("key", [2.0, 1.0]), intColumn("v", [20, 10]), intColumn("id", [7, 8]))
        let j = try Joining.join(l, r, on: [("id", "key")], how: .inner)
        XCTAssertEqual(j.names, ["id", "v", "only_l", "v_right", "id_right"], "clashing right columns get the suffix")
        XCTAssertEqual(ints(try j.column("v_right")), [10, 20], "int key 1 matches float key 1.0")
        XCTAssertEqual(ints(try j.column("id_right")), [8, 7])
        let s = try Joining.join(l, r, on: [("id", "key")], how: .left, suffixes: ("_l", "_r"))
        XCTAssertEqual(s.names, ["id", "v_l", "only_l", "v_r", "id_r"])
        let e = expectError(try Joining.join(l, try frame(dictColumn("id", ["1", "2"])), on: [("id", "id")], how: .inner))
        XCTAssertTrue(e.contains("cannot join int column 'id' with string column 'id'"), e)
        XCTAssertTrue(expectError(try Joining.join(l, r, on: [], how: .inner)).contains("at least one key"))
        XCTAssertTrue(expectError(try Joining.join(l, r, on: [("nope", "key")], how: .inner)).contains("no column named 'nope'"))
        // Text keys: dictionary on one side, plain on the other, and an empty right side.
        let lt = try frame(dictColumn("k", ["a", "b", "c"]), intColumn("x", [1, 2, 3]))
        let rt = try frame(plainColumn("k", ["c", "a", "zz"]), intColumn("y", [30, 10, 0]))
        XCTAssertEqual(ints(try Joining.join(lt, rt, on: [("k", "k")], how: .left).column("y")), [10, nil, 30])
        let none = try frame(plainColumn("k", []), intColumn("y", []))
        XCTAssertEqual(ints(try Joining.join(lt, none, on: [("k", "k")], how: .left).column("y")), [nil, nil, nil])
        XCTAssertEqual(try Joining.join(lt, none, on: [("k", "k")], how: .inner).rowCount, 0)
    }

    func testJoinRowLimitThrowsBeforeAllocating() throws {
        // 100,000 × 100,000 rows on one key would be 10^10 rows (80 GB of indices alone): the
        // estimate must stop it, under the default limit, before anything is allocated.
        let n = 100_000
        let l = try frame(intColumn("k", Array(repeating: 1, count: n)))
        let r = try frame(intColumn("k", Array(repeating: 1, count: n)), intColumn("v", Array(repeating: 0, count: n)))
        let e = expectError(try Joining.join(l, r, on: [("k", "k")], how: .inner))
        XCTAssertTrue(e.contains("about 10000000000 rows, more than the limit of 500000000"), e)
        let small = try frame(intColumn("k", [1, 1, 1]))
        let e2 = expectError(try Joining.join(small, small, on: [("k", "k")], how: .inner, maxRows: 8))
        XCTAssertTrue(e2.contains("about 9 rows"), e2)
        XCTAssertEqual(try Joining.join(small, small, on: [("k", "k")], how: .inner, maxRows: 9).rowCount, 9)
        // semi/anti never multiply rows.
        XCTAssertEqual(try Joining.join(l, r, on: [("k", "k")], how: .semi).rowCount, n)
    }

    // MARK: - Reshaping

    func testPivot() throws {
        let long = try frame(dictColumn("region", ["N", "N", "S", "S", "N", "S"]),
                             intColumn("year", [2023, 2024, 2023, 2023, 2023, nil]),
                             intColumn("sales", [1, 2, 3, 4, 5, 6]))
        let p = try Reshape.pivot(long, rows: ["region"], columns: "year", values: "sales", agg: .sum)
        XCTAssertEqual(p.names, ["region", "2023", "2024", "null"])
        XCTAssertEqual(strings(try p.column("region")), ["N", "S"])
        XCTAssertEqual(ints(try p.column("2023")), [6, 7])
        XCTAssertEqual(ints(try p.column("2024")), [2, nil], "missing combinations are null")
        XCTAssertEqual(ints(try p.column("null")), [nil, 6])
        let m = try Reshape.pivot(long, rows: ["region"], columns: "year", values: "sales", agg: .mean)
        XCTAssertEqual(doubles(try m.column("2023")), [3, 3.5])
        // A label equal to a row key name does not clash.
        let clash = try frame(dictColumn("k", ["a", "b"]), dictColumn("c", ["k", "z"]), intColumn("v", [1, 2]))
        let pc = try Reshape.pivot(clash, rows: ["k"], columns: "c", values: "v", agg: .first)
        XCTAssertEqual(pc.names, ["k", "k_", "z"])
        XCTAssertEqual(ints(try pc.column("k_")), [1, nil])
    }

    func testSample() throws {
        let f = try frame(intColumn("id", (0..<100).map(Int64.init)))
        let a = try Reshape.sample(f, n: 10, seed: 42)
        let b = try Reshape.sample(f, n: 10, seed: 42)
        let c = try Reshape.sample(f, n: 10, seed: 43)
        let ia = ints(try a.column("id")), ic = ints(try c.column("id"))
        XCTAssertEqual(ia, ints(try b.column("id")), "same seed, same rows")
        XCTAssertNotEqual(ia, ic, "another seed, other rows")
        XCTAssertEqual(Set(ia).count, 10, "no replacement")
        XCTAssertEqual(ia, ia.sorted { $0! < $1! }, "rows keep their order")
        XCTAssertEqual(ints(try Reshape.sample(f, n: 100, seed: 1).column("id")), (0..<100).map(Int64.init))
        XCTAssertEqual(try Reshape.sample(f, n: 0, seed: 1).rowCount, 0)
        XCTAssertTrue(expectError(try Reshape.sample(f, n: 101, seed: 1)).contains("cannot sample 101 rows from a frame of 100"))
        XCTAssertThrowsError(try Reshape.sample(f, n: -1, seed: 1))
        let r = try Reshape.sample(f, n: 500, seed: 5, replace: true)
        XCTAssertEqual(r.rowCount, 500)
        XCTAssertTrue(ints(try r.column("id")).allSatisfy { $0! >= 0 && $0! < 100 })
        XCTAssertLessThan(Set(ints(try r.column("id"))).count, 100, "with replacement rows repeat")
        XCTAssertThrowsError(try Reshape.sample(try frame(intColumn("id", [])), n: 1, seed: 1, replace: true))
        // Every row is about equally likely: 200 samples of 50 → each row ~100 times.
        var hits = [Int](repeating: 0, count: 100)
        for seed in 0..<200 { for id in ints(try Reshape.sample(f, n: 50, seed: UInt64(seed)).column("id")) { hits[Int(id!)] += 1 } }
        XCTAssertGreaterThan(hits.min()!, 60, "\(hits)")
        XCTAssertLessThan(hits.max()!, 140, "\(hits)")
    }

    func testDropNullAndFillNull() throws {
        let f = try frame(intColumn("a", [1, nil, 3, 4]), dictColumn("b", ["x", "y", nil, "z"]))
        XCTAssertEqual(ints(try Reshape.dropNull(f, columns: []).column("a")), [1, 4])
        XCTAssertEqual(ints(try Reshape.dropNull(f, columns: ["a"]).column("a")), [1, 3, 4])
        XCTAssertThrowsError(try Reshape.dropNull(f, columns: ["nope"]))
        let a = try f.column("a")
        let zero = try Reshape.fillNull(a, with: .int(0))
        XCTAssertEqual(zero.type, .int)
        XCTAssertEqual(zero.name, "a")
        XCTAssertEqual(ints(zero), [1, 0, 3, 4])
        XCTAssertEqual(doubles(try Reshape.fillNull(a, with: .float(0.5))), [1, 0.5, 3, 4])
        XCTAssertEqual(strings(try Reshape.fillNull(try f.column("b"), with: .string("?"))), ["x", "y", "?", "z"])
        XCTAssertThrowsError(try Reshape.fillNull(a, with: .string("?")))
        XCTAssertEqual(cells(try Reshape.fillNull(dateColumn("d", [nil, "2024-01-01"]), with: .date(0))), [.date(0), .date(date("2024-01-01"))])
        let full = intColumn("c", [1, 2])
        XCTAssertEqual(ints(try Reshape.fillNull(full, with: .string("?"))), [1, 2], "nothing to fill")
    }

    // MARK: - Concatenation

    func testConcatRows() throws {
        let f1 = try frame(intColumn("a", [1, 2]), dictColumn("b", ["x", "y"]))
        let f2 = try frame(floatColumn("a", [0.5]), boolColumn("c", [true]))
        let f3 = try frame(dictColumn("b", ["y", "z", nil]), intColumn("a", [7, nil, 9]))
        let c = try Concat.rows([f1, f2, f3])
        XCTAssertEqual(c.names, ["a", "b", "c"])
        XCTAssertEqual(try c.column("a").type, .float, "int and float unify to float")
        XCTAssertEqual(doubles(try c.column("a")), [1, 2, 0.5, 7, nil, 9])
        XCTAssertEqual(strings(try c.column("b")), ["x", "y", nil, "y", "z", nil], "missing columns are null")
        XCTAssertEqual(bools(try c.column("c")), [nil, nil, true, nil, nil, nil])
        guard case .string(.dictionary(let codes, let values, _)) = try c.column("b").storage else { return XCTFail("dictionaries merge") }
        XCTAssertEqual(Set(values.filter { !$0.isEmpty }), ["x", "y", "z"])
        XCTAssertEqual(values.count, Set(values).count, "merged dictionary has no repeats")
        XCTAssertEqual(codes.count, 6)

        let mixed = try Concat.rows([try frame(dictColumn("s", ["a"])), try frame(plainColumn("s", ["b", nil]))])
        XCTAssertEqual(strings(try mixed.column("s")), ["a", "b", nil])
        let dates = try Concat.rows([try frame(dateColumn("t", ["2024-01-01"])), try frame(datetimeColumn("t", ["2024-01-01 10:00"]))])
        XCTAssertEqual(try dates.column("t").type, .datetime)
        XCTAssertTrue(expectError(try Concat.rows([try frame(intColumn("a", [1])), try frame(dictColumn("a", ["x"]))])).contains("cannot stack column 'a': it is int in frame 1, string in frame 2"))
        XCTAssertEqual(try Concat.rows([]).columnCount, 0)
        XCTAssertEqual(ints(try Concat.rows([f1]).column("a")), [1, 2])
        let withEmpty = try Concat.rows([f1, try frame(intColumn("a", []), dictColumn("b", []))])
        XCTAssertEqual(withEmpty.rowCount, 2)
    }

    // MARK: - Statistics

    func testDescribe() throws {
        let f = try frame(intColumn("x", [1, 2, 3, 4, 100, nil]),
                          floatColumn("y", [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
                          dictColumn("s", ["a", "b", "b", "c", "c", "a"]),
                          boolColumn("b", [true, false, true, true, nil, nil]))
        let d = try Statistics.describe(f)
        XCTAssertEqual(d.names, ["column", "type", "count", "nulls", "mean", "std", "min", "25%", "50%", "75%", "max", "distinct", "top"])
        XCTAssertEqual(strings(try d.column("column")), ["x", "y", "s", "b"])
        XCTAssertEqual(strings(try d.column("type")), ["int", "float", "string", "bool"])
        XCTAssertEqual(ints(try d.column("count")), [5, 6, 6, 4])
        XCTAssertEqual(ints(try d.column("nulls")), [1, 0, 0, 2])
        // x = 1, 2, 3, 4, 100: mean 22; squared deviations 441 + 400 + 361 + 324 + 6084 = 7610; /4 → std √1902.5.
        let row0 = { (name: String) throws -> Double? in doubles(try d.column(name))[0] }
        assertClose(try row0("mean"), 22)
        assertClose(try row0("std"), 1902.5.squareRoot(), accuracy: 1e-9)
        assertClose(try row0("std"), 43.617656975128774, accuracy: 1e-12)
        XCTAssertEqual(try row0("min"), 1)
        XCTAssertEqual(try row0("25%"), 2)
        XCTAssertEqual(try row0("50%"), 3)
        XCTAssertEqual(try row0("75%"), 4)
        XCTAssertEqual(try row0("max"), 100)
        XCTAssertEqual(doubles(try d.column("std"))[1], 0, "constant column")
        XCTAssertEqual(doubles(try d.column("mean"))[1], 0.5)
        // Non-numeric columns: no numeric summary; distinct and the most frequent value instead.
        for k in ["mean", "std", "min", "50%", "max"] {
            XCTAssertEqual(doubles(try d.column(k))[2...], [nil, nil], "\(k) of text and bools")
        }
        XCTAssertEqual(ints(try d.column("distinct"))[2...], [3, 2])
        XCTAssertEqual(strings(try d.column("top"))[2...], ["a", "true"], "ties go to the first value in order")
    }

    func testDescribeDistinctIgnoresNulls() throws {
        let d = try Statistics.describe(try frame(dictColumn("s", ["a", "a", nil]), boolColumn("b", [true, true, nil])))
        XCTAssertEqual(ints(try d.column("distinct")), [1, 1])
        let d2 = try Statistics.describe(try frame(dictColumn("s", ["a", "", nil]), boolColumn("b", [false, true, nil])))
        XCTAssertEqual(ints(try d2.column("distinct")), [2, 2])
        XCTAssertEqual(ints(try d2.column("nulls")), [1, 1])
        XCTAssertEqual(ints(try GroupBy.summarize(try frame(dictColumn("s", ["a", "a", nil])), keys: [], specs: [.init(name: "n", function: .nDistinct, column: "s")]).column("n")), [1])
    }

    func testNullPlaceholdersAreNotKeys() throws {
        // Null cells hold "" / false / code 0 in storage; only valid cells count as values.
        for s in [dictColumn("s", ["b", nil, "b", nil]), plainColumn("s", ["b", nil, "b", nil])] {
            let (codes, card) = KeyCodes.sorted(s)
            XCTAssertEqual(card, 2, "one value and the null code")
            XCTAssertEqual(codes, [0, 1, 0, 1])
        }
        XCTAssertEqual(KeyCodes.sorted(boolColumn("b", [true, nil])).cardinality, 2)
        XCTAssertEqual(KeyCodes.sorted(boolColumn("b", [nil, nil])).cardinality, 1)
        XCTAssertEqual(KeyCodes.sorted(dictColumn("s", [nil])).cardinality, 1)
        XCTAssertEqual(KeyCodes.sorted(boolColumn("b", [false, true, nil])).codes, [0, 1, 2])
        // A real "" or false is still a value, distinct from null.
        XCTAssertEqual(KeyCodes.sorted(dictColumn("s", ["", nil, "a"])).codes, [0, 2, 1])
        let f = try frame(dictColumn("s", ["a", nil, "a", nil]), boolColumn("b", [true, nil, true, false]), intColumn("v", [1, 2, 3, 4]))
        let bySB = try GroupBy.summarize(f, keys: ["s", "b"], specs: [.init(name: "n", function: .count, column: nil)])
        XCTAssertEqual(strings(try bySB.column("s")), ["a", nil, nil])
        XCTAssertEqual(bools(try bySB.column("b")), [true, false, nil])
        XCTAssertEqual(ints(try bySB.column("n")), [2, 1, 1])
        let nd = try GroupBy.summarize(f, keys: [], specs: [.init(name: "s", function: .nDistinct, column: "s"), .init(name: "b", function: .nDistinct, column: "b")])
        XCTAssertEqual(ints(try nd.column("s")), [1])
        XCTAssertEqual(ints(try nd.column("b")), [2])
        let d = try Statistics.describe(try frame(plainColumn("p", ["x", nil, "x"]), boolColumn("b", [nil, nil, nil])))
        XCTAssertEqual(ints(try d.column("distinct")), [1, 0])
        XCTAssertEqual(strings(try d.column("top")), ["x", nil])
        XCTAssertEqual(Sorting.order([SortKey(dictColumn("s", ["b", nil, "a"]))], rowCount: 3), [2, 0, 1])
    }

    func testCorrelation() throws {
        let f = try frame(intColumn("x", [1, 2, 3, 4, 5]), floatColumn("y", [2, 4, 5, 4, 5]), floatColumn("c", [3, 3, 3, 3, 3]), dictColumn("s", ["a", "b", "c", "d", "e"]))
        let p = try Statistics.corr(f, columns: ["x", "y", "c"])
        XCTAssertEqual(p.names, ["column", "x", "y", "c"])
        XCTAssertEqual(strings(try p.column("column")), ["x", "y", "c"])
        // Pearson by hand: dx = -2..2, dy = -2, 0, 1, 0, 1 → sxy = 6, sxx = 10, syy = 6 → 6 / √60.
        assertClose(doubles(try p.column("y"))[0], 6 / 60.0.squareRoot(), accuracy: 1e-12)
        assertClose(doubles(try p.column("x"))[1], 0.7745966692414834, accuracy: 1e-12)
        assertClose(doubles(try p.column("x"))[0], 1, accuracy: 1e-12)
        XCTAssertEqual(doubles(try p.column("c")), [nil, nil, nil], "a constant column has no correlation")
        // Spearman: y ranks 1, 2.5, 4.5, 2.5, 4.5 (ties share their mean rank).
        let s = try Statistics.corr(f, columns: ["x", "y"], method: .spearman)
        assertClose(doubles(try s.column("y"))[0], 0.7378647873726218, accuracy: 1e-12)
        // Monotone but not linear: Spearman 1, Pearson below 1.
        let m = try frame(floatColumn("a", [1, 2, 3, 4]), floatColumn("b", [1, 8, 27, 1000]))
        assertClose(doubles(try Statistics.corr(m, columns: [], method: .spearman).column("b"))[0], 1, accuracy: 1e-12)
        XCTAssertLessThan(doubles(try Statistics.corr(m, columns: []).column("b"))[0]!, 0.9)
        // Default columns are the numeric ones.
        XCTAssertEqual(try Statistics.corr(f, columns: []).names, ["column", "x", "y", "c"])
        XCTAssertTrue(expectError(try Statistics.corr(f, columns: ["x", "s"])).contains("'s' is string"))
        XCTAssertThrowsError(try Statistics.corr(try frame(dictColumn("s", ["a"])), columns: []))
    }

    func testCorrelationPairwiseDeletion() throws {
        let f = try frame(intColumn("x", [1, 2, 3, 4, 5, nil, 7]), floatColumn("y", [2, nil, 1, 8, 3, 4, 10]), floatColumn("z", [5, 4, 3, 2, 1, 0, nil]))
        let p = try Statistics.corr(f, columns: [])
        // Each pair uses the rows where both are present (values computed by hand in Python).
        assertClose(doubles(try p.column("y"))[0], 0.7336324423780305, accuracy: 1e-12)
        assertClose(doubles(try p.column("z"))[0], -1, accuracy: 1e-12)
        assertClose(doubles(try p.column("z"))[1], -0.3655874753699212, accuracy: 1e-12)
        assertClose(doubles(try p.column("x"))[1], 0.7336324423780305, accuracy: 1e-12, "symmetric")
        // Too few complete pairs gives null.
        let sparse = try frame(floatColumn("a", [1, nil, 3]), floatColumn("b", [nil, 2, 5]))
        XCTAssertNil(doubles(try Statistics.corr(sparse, columns: []).column("b"))[0])
        // Spearman where the nulls are in the same rows of both columns.
        let same = try frame(floatColumn("a", [1, nil, 3, 2, 10]), floatColumn("b", [2, nil, 1, 3, 0]))
        assertClose(doubles(try Statistics.corr(same, columns: [], method: .spearman).column("b"))[0], -0.8, accuracy: 1e-12)
    }

    func testSpearmanPairwiseDeletionRanksWithinPairs() throws {
        let f = try frame(intColumn("x", [1, 2, 3, 4, 5, nil, 7]), floatColumn("y", [2, nil, 1, 8, 3, 4, 10]), floatColumn("z", [5, 4, 3, 2, 1, 0, nil]))
        let s = try Statistics.corr(f, columns: [], method: .spearman)
        assertClose(doubles(try s.column("y"))[0], 0.8, accuracy: 1e-12)
        assertClose(doubles(try s.column("z"))[1], -0.6, accuracy: 1e-12)
        assertClose(doubles(try s.column("z"))[0], -1, accuracy: 1e-12)
    }

    func testSpearmanRanksEachPairOverItsCompleteRows() throws {
        // Ties among the complete rows share their mean rank; a row dropped by one pair still
        // counts for other pairs.
        let f = try frame(floatColumn("a", [1, 2, 2, 3, nil, 100]), floatColumn("b", [10, 20, 30, 40, 50, nil]), floatColumn("c", [1, 2, 3, 4, 5, 6]))
        let s = try Statistics.corr(f, columns: [], method: .spearman)
        // a~b over rows 0-3: a ranks 1, 2.5, 2.5, 4; b ranks 1, 2, 3, 4 → 4.5 / sqrt(4.5 * 5).
        assertClose(doubles(try s.column("b"))[0], 4.5 / (4.5 * 5.0).squareRoot(), accuracy: 1e-12)
        assertClose(doubles(try s.column("c"))[1], 1, accuracy: 1e-12, "b~c over rows 0-4")
        assertClose(doubles(try s.column("a"))[0], 1, accuracy: 1e-12)
        assertClose(doubles(try s.column("c"))[0], doubles(try s.column("a"))[2], accuracy: 1e-15, "symmetric")
        // A pair with fewer than two complete rows has no correlation.
        let sparse = try frame(floatColumn("x", [1, nil, 3]), floatColumn("y", [nil, 2, 5]))
        let sp = try Statistics.corr(sparse, columns: [], method: .spearman)
        XCTAssertNil(doubles(try sp.column("y"))[0])
        assertClose(doubles(try sp.column("y"))[1], 1, accuracy: 1e-12, "y with itself uses y's own two rows")
        // Pearson keeps pairwise deletion on the raw values.
        let p = try Statistics.corr(try frame(intColumn("x", [1, 2, 3, 4, 5, nil, 7]), floatColumn("y", [2, nil, 1, 8, 3, 4, 10])), columns: [])
        assertClose(doubles(try p.column("y"))[0], 0.7336324423780304, accuracy: 1e-12)
    }
}
