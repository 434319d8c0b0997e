import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// Dates of issue 12 against pandas (Tests/fixtures/issue12/dates_pandas.py, pandas 3.1; the
/// pandas call is beside each expectation). `dd` holds:
///     2024-01-31, 2024-02-29, 2023-12-31, null, 2024-03-03, 2021-01-01
final class DateFunctionTests: SessionTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try writeFile("dd.csv", "d,n\n2024-01-31,1\n2024-02-29,2\n2023-12-31,3\n,4\n2024-03-03,5\n2021-01-01,6\n")
        _ = try session.run(code: "dd = read_csv(\"dd.csv\")")
    }

    func texts(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String?] {
        try columnCells(code, file: file, line: line).map { s -> String? in
            switch s {
            case .null: return nil
            case .string(let t): return t
            default: return ScalarFormat.plain(s)
            }
        }
    }

    func testDateTrunc() throws {
        // d.dt.to_period("W" | "M" | "Q" | "Y").dt.start_time
        XCTAssertEqual(try texts("date_trunc(dd.d, \"week\")"), ["2024-01-29", "2024-02-26", "2023-12-25", nil, "2024-02-26", "2020-12-28"])
        XCTAssertEqual(try texts("date_trunc(dd.d, \"month\")"), ["2024-01-01", "2024-02-01", "2023-12-01", nil, "2024-03-01", "2021-01-01"])
        XCTAssertEqual(try texts("date_trunc(dd.d, \"quarter\")"), ["2024-01-01", "2024-01-01", "2023-10-01", nil, "2024-01-01", "2021-01-01"])
        XCTAssertEqual(try texts("date_trunc(dd.d, \"year\")"), ["2024-01-01", "2024-01-01", "2023-01-01", nil, "2024-01-01", "2021-01-01"])
        // pd.Timestamp("2024-03-05 13:47:10").floor("h")
        XCTAssertEqual(ScalarFormat.plain(try scalar("date_trunc(datetime(\"2024-03-05 13:47:10\"), \"hour\")")), "2024-03-05 13:00:00")
        assertFails("date_trunc(dd.d, \"fortnight\")") { e in XCTAssertTrue(e.hint?.contains("week") ?? false) }
        assertFails("date_trunc(dd.d, \"hour\")") { e in XCTAssertTrue(e.message.contains("a date has no hours"), e.message) }
        assertFails("date_trunc(dd.n, \"month\")") { e in XCTAssertTrue(e.message.contains("needs a date"), e.message) }
    }

    func testMonthlyAggregationTheDocumentedWay() throws {
        // df.groupby(d.dt.to_period("M").dt.start_time)["n"].sum()
        let f = try frame("dd |> drop_null(d) |> group_by(month = date_trunc(d, \"month\")) |> summarize(total = sum(n))")
        XCTAssertEqual(cells(f, "month").map(ScalarFormat.plain), ["2021-01-01", "2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01"])
        XCTAssertEqual(ints(f, "total"), [6, 3, 1, 2, 5])
    }

    func testWeekNamesAndArithmetic() throws {
        // d.dt.isocalendar().week, d.dt.month_name(), d.dt.day_name()
        XCTAssertEqual(try columnCells("week(dd.d)"), [.int(5), .int(9), .int(52), .null, .int(9), .int(53)])
        XCTAssertEqual(try texts("month_name(dd.d)"), ["January", "February", "December", nil, "March", "January"])
        XCTAssertEqual(try texts("day_name(dd.d)"), ["Wednesday", "Thursday", "Sunday", nil, "Sunday", "Friday"])
        // Names sort in calendar order, not alphabetically.
        XCTAssertEqual(strings(try frame("dd |> drop_null(d) |> mutate(m = month_name(d)) |> distinct(m) |> sort(m)"), "m"), ["January", "February", "March", "December"])
        // v + pd.DateOffset(months=1), months=-13
        XCTAssertEqual(try texts("add_months(dd.d, 1)"), ["2024-02-29", "2024-03-29", "2024-01-31", nil, "2024-04-03", "2021-02-01"])
        XCTAssertEqual(try texts("add_months(dd.d, -13)"), ["2022-12-31", "2023-01-29", "2022-11-30", nil, "2023-02-03", "2019-12-01"])
        XCTAssertEqual(try texts("add_days(dd.d, dd.n)"), ["2024-02-01", "2024-03-02", "2024-01-03", nil, "2024-03-08", "2021-01-07"])
        XCTAssertEqual(ScalarFormat.plain(try scalar("add_days(date(\"2024-02-28\"), 2)")), "2024-03-01")
        // (pd.Timestamp("2024-03-01") - pd.Timestamp("2024-02-01")).days
        XCTAssertEqual(try scalar("date(\"2024-03-01\") - date(\"2024-02-01\")"), .int(29))
        assertFails("add_days(dd.d, 1.5)") { e in XCTAssertTrue(e.message.contains("whole numbers"), e.message) }
    }

    func testFormatAndParse() throws {
        // d.dt.strftime("%d/%m/%y %b %B %a %A %j %U %W %V %G %u")
        XCTAssertEqual(try texts("format_date(dd.d, \"%d/%m/%y %b %B %a %A %j %U %W %V %G %u\")"), [
            "31/01/24 Jan January Wed Wednesday 031 04 05 05 2024 3", "29/02/24 Feb February Thu Thursday 060 08 09 09 2024 4",
            "31/12/23 Dec December Sun Sunday 365 53 52 52 2023 7", nil, "03/03/24 Mar March Sun Sunday 063 09 09 09 2024 7",
            "01/01/21 Jan January Fri Friday 001 00 00 53 2020 5"])
        // pd.to_datetime(s, format="%d/%m/%Y")
        XCTAssertEqual(try texts("parse_date([\"03/02/2024\", \"31/12/1999\", \"1/1/2000\", null], \"%d/%m/%Y\")"), ["2024-02-03", "1999-12-31", "2000-01-01", nil])
        // pd.to_datetime(s, format="%b %d %Y %I:%M:%S %p")
        XCTAssertEqual(try texts("parse_datetime([\"Mar 5 2024 01:02:03 PM\", \"dec 31 1999 12:00:00 am\"], \"%b %d %Y %I:%M:%S %p\")"),
                       ["2024-03-05 13:02:03", "1999-12-31 00:00:00"])
        // pd.to_datetime(s, format="%y-%m-%d"): 68 → 2068, 69 → 1969
        XCTAssertEqual(try texts("parse_date([\"68-01-01\", \"69-01-01\"], \"%y-%m-%d\")"), ["2068-01-01", "1969-01-01"])
        XCTAssertEqual(try texts("parse_date([\"2024-02-30\", \"x\"], \"%Y-%m-%d\", strict: false)"), [nil, nil])
        assertFails("parse_date(\"2024-02-30\", \"%Y-%m-%d\")") { e in XCTAssertTrue(e.message.contains("does not match"), e.message) }
        assertFails("parse_date(\"2024\", \"%Q\")") { e in XCTAssertTrue(e.message.contains("unknown directive %Q"), e.message) }
        assertFails("parse_date(\"5\", \"%u\")") { e in XCTAssertTrue(e.message.contains("not read back"), e.message) }
        // Dictionary-encoded text parses once per distinct value; an empty column stays empty.
        XCTAssertEqual(try frame("dd |> filter(n > 99) |> mutate(p = parse_date(format_date(d, \"%d.%m.%Y\"), \"%d.%m.%Y\"))").rowCount, 0)
    }

    func testReadCSVDates() throws {
        try writeFile("eu.csv", "day,name,stamp\n03/02/2024,Ann,03/02/2024 10:00\n31/12/1999,Bo,\n,Cy,01/01/2000 23:59\n")
        // pd.read_csv(..., parse_dates=["day"], date_format="%d/%m/%Y")
        let f = try frame("read_csv(\"eu.csv\", dates: \"%d/%m/%Y\")")
        XCTAssertEqual(try f.column("day").type, .date)
        XCTAssertEqual(cells(f, "day"), [date("2024-02-03"), date("1999-12-31"), .null])
        XCTAssertEqual(try f.column("name").type, .string, "text that does not match stays text")
        XCTAssertEqual(try f.column("stamp").type, .string, "a format without a time leaves datetimes alone")
        let g = try frame("read_csv(\"eu.csv\", dates: \"%d/%m/%Y %H:%M\")")
        XCTAssertEqual(try g.column("stamp").type, .datetime)
        XCTAssertEqual(ScalarFormat.plain(cells(g, "stamp")[2]), "2000-01-01 23:59:00")
        assertFails("read_csv(\"eu.csv\", dates: \"%d/%q\")") { e in XCTAssertTrue(e.message.contains("unknown directive"), e.message) }
    }

    func testDateRange() throws {
        // pd.date_range("2024-01-01", "2024-02-15", freq="2W-MON")
        XCTAssertEqual(try texts("date_range(date(\"2024-01-01\"), date(\"2024-02-15\"), by: \"2 weeks\")"), ["2024-01-01", "2024-01-15", "2024-01-29", "2024-02-12"])
        // pd.date_range("2024-01-01", "2024-01-03") (daily)
        XCTAssertEqual(try texts("date_range(\"2024-01-01\", \"2024-01-03\")"), ["2024-01-01", "2024-01-02", "2024-01-03"])
        // Months step from the start's day, clamped (polars' "1mo"; pandas' DateOffset drifts to the 29th).
        XCTAssertEqual(try texts("date_range(\"2024-01-31\", \"2024-04-30\", by: \"month\")"), ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"])
        XCTAssertEqual(try texts("date_range(\"2024-02-01\", \"2024-01-01\")"), [])
        assertFails("date_range(\"2024-01-01\", \"2024-02-01\", by: \"fortnight\")") { e in XCTAssertTrue(e.message.contains("by: must be a step"), e.message) }
        _ = try eval("set_option(\"max_result_rows\", 10)")
        assertFails("date_range(\"2024-01-01\", \"2024-02-01\")") { e in XCTAssertTrue(e.message.contains("more than"), e.message) }
    }

    func testDateArithmeticOutsideTheDateRangeIsAnErrorNotACrashOrAClamp() throws {
        // Int64.max days overflowed the 64-bit sum (a trap); 5e9 days was clamped to 5881580-07-11.
        for code in ["date(\"2024-01-01\") + 9223372036854775807", "date(\"2024-01-01\") + 5000000000",
                     "date(\"2024-01-01\") - (-9223372036854775807 - 1)", "9223372036854775807 + date(\"2024-01-01\")",
                     "frame(d = [date(\"2024-01-01\")], n = [9223372036854775807]) |> mutate(e = d + n)"] {
            assertFails(code) { e in XCTAssertTrue(e.message.contains("outside the dates"), "\(code): \(e.message)") }
        }
        XCTAssertEqual(try scalar("date(\"2024-01-01\") + 366"), try scalar("date(\"2025-01-01\")"))
        XCTAssertEqual(try scalar("date(\"2024-01-01\") - 1"), try scalar("date(\"2023-12-31\")"))
    }

    func testDateArithmeticErrorsSayWhatWorks() throws {
        assertFails("datetime(\"2024-01-01 10:00\") - date(\"2024-01-01\")") { e in
            XCTAssertTrue(e.hint?.contains("same kind") ?? false, e.hint ?? "no hint")
        }
        assertFails("date(\"2024-01-01\") + 1.5") { e in
            XCTAssertTrue(e.hint?.contains("whole days") ?? false, e.hint ?? "no hint")
        }
    }

    func testDatesBeyondMicrosecondRangeDoNotCrashDatetimeFunctions() throws {
        // A date 1e9 days out is a valid date but has no 64-bit microsecond datetime.
        XCTAssertEqual(try scalar("add_days(datetime(\"2024-01-01 00:00\"), 1000000000)"), .null)
        XCTAssertEqual(try scalar("days_between(datetime(\"2024-01-01 00:00\"), date(\"2024-01-01\") + 1000000000)"), .int(1_000_000_000))
    }

    func testDateRangeWithAHugeStepStopsInsteadOfOverflowing() throws {
        for unit in ["days", "weeks", "months", "years"] {
            let f = try frame("frame(d = date_range(date(\"2024-01-01\"), date(\"2024-02-01\"), by: \"9223372036854775807 \(unit)\"))")
            XCTAssertEqual(f.rowCount, 1, "only the start fits (\(unit))")
        }
    }
}
