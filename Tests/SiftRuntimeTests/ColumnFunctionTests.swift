import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// Column functions: each works on a single value and element-wise on a column, nulls passing
/// through.
final class ColumnFunctionTests: SessionTestCase {
    // MARK: math

    func testMathOnColumns() throws {
        let f = try frame("df |> mutate(a = abs(x), lg = log(y), e = exp(x), s = sqrt(x), r = round(x / 3, 2))")
        assertClose(floats(f, "a"), [1.5, nil, 3, 4.5, 2])
        assertClose(floats(f, "lg"), [2.302585092994046, 2.995732273553991, nil, 3.6888794541139363, 3.912023005428146], accuracy: 1e-12)
        assertClose(floats(f, "e"), [4.4816890703380645, nil, 20.085536923187668, 90.01713130052181, 0.1353352832366127], accuracy: 1e-9)
        assertClose(floats(f, "s"), [Double(1.5).squareRoot(), nil, Double(3).squareRoot(), Double(4.5).squareRoot(), nil], accuracy: 1e-12, "sqrt of a negative is null")
        assertClose(floats(f, "r"), [0.5, nil, 1, 1.5, -0.67])
    }

    func testMathOnScalars() throws {
        XCTAssertEqual(try scalar("abs(-3)"), .int(3), "abs keeps ints")
        XCTAssertEqual(try scalar("abs(-2.5)"), .float(2.5))
        XCTAssertEqual(try scalar("sqrt(16)"), .float(4))
        XCTAssertEqual(try scalar("exp(0)"), .float(1))
        XCTAssertEqual(try scalar("log(1)"), .float(0))
        XCTAssertEqual(try scalar("log10(1000)"), .float(3))
        XCTAssertEqual(try scalar("floor(-1.5)"), .float(-2))
        XCTAssertEqual(try scalar("ceil(1.2)"), .float(2))
        XCTAssertEqual(try scalar("round(2.5)"), .float(3), "half away from zero")
        XCTAssertEqual(try scalar("round(-2.5)"), .float(-3))
        XCTAssertEqual(try scalar("round(2.345, 2)"), .float(2.35))
        XCTAssertEqual(try scalar("round(1234.5, digits: -2)"), .float(1200))
        for code in ["log(0)", "log(-1)", "sqrt(-1)", "log10(0)", "abs(null)", "round(null)", "exp(null)"] {
            XCTAssertEqual(try scalar(code), .null, code)
        }
        assertFails("abs(\"x\")")
        assertFails("m = -9223372036854775807 - 1\nabs(m)") { e in XCTAssertEqual(e.message, "integer overflow in abs()") }
        assertFails("abs([1])") { e in XCTAssertEqual(e.message, "abs() needs a value or a column, got a list") }
    }

    // MARK: text

    func testTextOnColumns() throws {
        let f = try frame("""
        df |> mutate(lo = lower(name), up = upper(name), n = len(name), c = contains(name, "o"), sw = starts_with(name, "C"),
                     ew = ends_with(name, "e"), rp = replace(name, "a", "4"))
        """)
        XCTAssertEqual(strings(f, "lo"), ["alice", "bob", "carol", "dave", "eve"])
        XCTAssertEqual(strings(f, "up"), ["ALICE", "BOB", "CAROL", "DAVE", "EVE"])
        XCTAssertEqual(ints(f, "n"), [5, 3, 5, 4, 3])
        XCTAssertEqual(cells(f, "c"), [false, true, true, false, false].map(Scalar.bool), "case-sensitive")
        XCTAssertEqual(cells(f, "sw"), [false, false, true, false, false].map(Scalar.bool))
        XCTAssertEqual(cells(f, "ew"), [true, false, false, true, true].map(Scalar.bool))
        XCTAssertEqual(strings(f, "rp"), ["Alice", "bob", "C4rol", "d4ve", "Eve"])
    }

    func testTextOnScalarsAndNulls() throws {
        XCTAssertEqual(try scalar("strip(\"  hi there \\t\")"), .string("hi there"))
        XCTAssertEqual(try scalar("upper(\"straße\")"), .string("STRASSE"))
        XCTAssertEqual(try scalar("len(\"héllo\")"), .int(5), "characters, not bytes")
        XCTAssertEqual(try scalar("replace(\"a-b-c\", \"-\", \"\")"), .string("abc"))
        XCTAssertEqual(try scalar("contains(\"hello\", \"ell\")"), .bool(true))
        XCTAssertEqual(try scalar("split_part(\"a,b,c\", \",\", 2)"), .string("b"))
        XCTAssertEqual(try scalar("split_part(\"a,b,c\", \",\", -1)"), .string("c"))
        XCTAssertEqual(try scalar("split_part(\"a,b,c\", \",\", 5)"), .null)
        XCTAssertEqual(try scalar("split_part(\"ann@example.com\", \"@\", 2)"), .string("example.com"))
        for code in ["lower(null)", "upper(null)", "len(null)", "strip(null)", "contains(null, \"x\")", "starts_with(null, \"x\")", "replace(null, \"a\", \"b\")", "split_part(null, \",\", 1)"] {
            XCTAssertEqual(try scalar(code), .null, code)
        }
        XCTAssertEqual(try columnCells("split_part(df.d |> cast(\"string\"), \"-\", 1)"), [.string("2024"), .string("2024"), .string("2023"), .null, .string("2024")])
        assertFails("split_part(\"a,b\", \",\", 0)") { e in XCTAssertEqual(e.message, "split_part() counts pieces from 1 (or from -1 at the end)") }
        assertFails("contains(\"abc\", 1)") { e in XCTAssertEqual(e.message, "contains() needs pattern to be text in quotes, got an int") }
        assertFails("upper(df.x)")
    }

    // MARK: dates

    func testDatePartsOnColumns() throws {
        let f = try frame("df |> mutate(yy = year(d), mm = month(d), dd = day(d), wd = weekday(d), q = quarter(d), doy = day_of_year(d))")
        XCTAssertEqual(cells(f, "yy"), [.int(2024), .int(2024), .int(2023), .null, .int(2024)])
        XCTAssertEqual(cells(f, "mm"), [.int(1), .int(2), .int(12), .null, .int(3)])
        XCTAssertEqual(cells(f, "dd"), [.int(15), .int(29), .int(31), .null, .int(1)])
        // 2024-01-15 was a Monday, 2024-02-29 a Thursday, 2023-12-31 a Sunday, 2024-03-01 a Friday.
        XCTAssertEqual(cells(f, "wd"), [.int(1), .int(4), .int(7), .null, .int(5)])
        XCTAssertEqual(cells(f, "q"), [.int(1), .int(1), .int(4), .null, .int(1)])
        XCTAssertEqual(cells(f, "doy"), [.int(15), .int(60), .int(365), .null, .int(61)])
    }

    func testDateAndDatetimeConstructors() throws {
        XCTAssertEqual(try scalar("date(\"2024-03-01\")"), date("2024-03-01"))
        XCTAssertEqual(try scalar("date(2024, 2, 29)"), date("2024-02-29"))
        XCTAssertEqual(try scalar("date(\"2024-03-01\") + 1"), date("2024-03-02"))
        XCTAssertEqual(try scalar("date(\"2024-03-01\") - date(\"2024-02-01\")"), .int(29))
        XCTAssertEqual(try scalar("year(date(\"1999-12-31\"))"), .int(1999))
        guard case .datetime(let micros) = try scalar("datetime(\"2024-03-01 12:34:56\")") else { return XCTFail("not a datetime") }
        XCTAssertEqual(micros, Temporal.parseDateTime("2024-03-01 12:34:56"))
        XCTAssertEqual(try scalar("hour(datetime(\"2024-03-01 12:34:56\"))"), .int(12))
        XCTAssertEqual(try scalar("minute(datetime(\"2024-03-01 12:34:56\"))"), .int(34))
        XCTAssertEqual(try scalar("second(datetime(\"2024-03-01 12:34:56\"))"), .int(56))
        XCTAssertEqual(try scalar("typeof(today())"), .string("date"))
        XCTAssertEqual(try scalar("date(null)"), .null)
        assertFails("date(\"2024-02-30\")") { e in XCTAssertTrue(e.message.hasPrefix("cannot convert \"2024-02-30\""), e.message) }
        assertFails("date(2024, 2, 30)") { e in XCTAssertEqual(e.message, "2024-2-30 is not a valid date") }
        assertFails("date(2024, 13, 1)") { e in XCTAssertEqual(e.message, "2024-13-1 is not a valid date") }
    }

    func testDaysBetween() throws {
        XCTAssertEqual(try scalar("days_between(date(\"2024-01-01\"), date(\"2024-03-01\"))"), .int(60))
        XCTAssertEqual(try scalar("days_between(date(\"2024-01-01\"), date(\"2023-12-25\"))"), .int(-7), "negative when end is earlier")
        // Datetimes: elapsed whole days rounded down, pandas' (b - a).days.
        XCTAssertEqual(try scalar("days_between(datetime(\"2024-01-01 23:00\"), datetime(\"2024-01-02 01:00\"))"), .int(0))
        XCTAssertEqual(try scalar("days_between(datetime(\"2024-01-02 01:00\"), datetime(\"2024-01-01 23:00\"))"), .int(-1), "-2 hours is -1 days + 22:00")
        XCTAssertEqual(try scalar("days_between(date(\"2024-01-01\"), datetime(\"2024-01-03 12:00\"))"), .int(2), "a date from its midnight")
        XCTAssertEqual(try columnCells("days_between(df.d, date(\"2024-03-01\"))"), [.int(46), .int(1), .int(61), .null, .int(0)])
        let f = try frame("df |> mutate(gap = days_between(d, d + 10))")
        XCTAssertEqual(cells(f, "gap"), [.int(10), .int(10), .int(10), .null, .int(10)])
    }

    // MARK: nulls and choices

    func testIfElse() throws {
        let f = try frame("df |> mutate(size = if_else(x > 2, \"big\", \"small\"), yes = if_else(flag, 1, 0), mixed = if_else(y > 25, y, x))")
        XCTAssertEqual(cells(f, "size"), [.string("small"), .null, .string("big"), .string("big"), .string("small")], "a null condition gives null")
        XCTAssertEqual(cells(f, "yes"), [.int(1), .int(0), .int(1), .null, .int(0)])
        assertClose(floats(f, "mixed"), [1.5, nil, nil, 40, 50], "int and float branches mix to float")
        XCTAssertEqual(try scalar("if_else(true, 1, 2)"), .int(1))
        XCTAssertEqual(try scalar("if_else(false, 1, 2)"), .int(2))
        XCTAssertEqual(try scalar("if_else(null, 1, 2)"), .null)
        assertFails("if_else(1, 2, 3)") { e in XCTAssertEqual(e.message, "if_else() needs a true/false condition") }
    }

    func testIsNullAndCoalesce() throws {
        XCTAssertEqual(try columnCells("is_null(df.flag)"), [false, false, false, true, false].map(Scalar.bool))
        XCTAssertEqual(try scalar("is_null(null)"), .bool(true))
        XCTAssertEqual(try scalar("is_null(0)"), .bool(false))
        XCTAssertEqual(try columnCells("coalesce(df.x, 0)"), [.float(1.5), .float(0), .float(3), .float(4.5), .float(-2)])
        let f = try frame("df |> mutate(c = coalesce(x, y, -1))")
        XCTAssertEqual(cells(f, "c"), [.float(1.5), .float(20), .float(3), .float(4.5), .float(-2)])
        XCTAssertEqual(try scalar("coalesce(null, null, 3)"), .int(3))
        XCTAssertEqual(try scalar("coalesce(null)"), .null)
        assertFails("coalesce()") { e in XCTAssertEqual(e.message, "coalesce() needs at least one argument") }
    }

    // MARK: general builtins

    func testGeneralBuiltins() throws {
        XCTAssertEqual(try scalar("nrow(df)"), .int(5))
        XCTAssertEqual(try scalar("ncol(df)"), .int(7))
        XCTAssertEqual(try scalar("len(df)"), .int(5))
        XCTAssertEqual(try scalar("len([1, 2, 3])"), .int(3))
        XCTAssertEqual(try scalar("len({a: 1, b: 2})"), .int(2))
        XCTAssertEqual(try scalar("len(df.x)"), .int(5), "len of a non-text column is its length")
        guard case .list(let names) = try eval("names(df)") else { return XCTFail("not a list") }
        XCTAssertEqual(names.compactMap(\.scalar), ["id", "name", "grp", "x", "y", "d", "flag"].map(Scalar.string))
        XCTAssertEqual(try scalar("typeof(df.x)"), .string("column<float>"))
        XCTAssertEqual(try scalar("typeof(df)"), .string("frame"))
        XCTAssertEqual(try scalar("typeof(df |> group_by(grp))"), .string("grouped frame"))
        XCTAssertEqual(try scalar("typeof(1.0)"), .string("float"))
        XCTAssertEqual(try scalar("str(1.5)"), .string("1.5"))
        XCTAssertEqual(try scalar("str(\"x\")"), .string("x"))
        XCTAssertEqual(try scalar("str([1, \"a\"])"), .string("[1, \"a\"]"))
        XCTAssertEqual(try columnCells("str(df.y)")[2], .null)
        guard case .list(let r) = try eval("range(1, 7, step: 2)") else { return XCTFail("not a list") }
        XCTAssertEqual(r.compactMap(\.scalar), [.int(1), .int(3), .int(5)])
        guard case .list(let down) = try eval("range(3, 0, step: -1)") else { return XCTFail("not a list") }
        XCTAssertEqual(down.compactMap(\.scalar), [.int(3), .int(2), .int(1)])
        guard case .list(let r3) = try eval("range(3)") else { return XCTFail("not a list") }
        XCTAssertEqual(r3.count, 3)
        assertFails("range(1, 5, step: 0)") { e in XCTAssertEqual(e.message, "step must not be 0") }
        assertFails("error(\"no data for EMEA\")") { e in
            XCTAssertEqual(e.message, "no data for EMEA")
            XCTAssertEqual(e.kind, .runtime)
            XCTAssertNil(e.hint, "a user-raised error carries no usage hint")
        }
    }

    func testRangeWithHugeBounds() throws {
        // The length computation must not overflow (it used to trap the process).
        assertFails("range(-9223372036854775807, 9223372036854775807)") { e in XCTAssertTrue(e.message.contains("too long"), e.message) }
        guard case .list(let one) = try eval("range(0, 10, step: 9223372036854775807)") else { return XCTFail() }
        XCTAssertEqual(one.count, 1)
    }
}
