import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// `head`, `tail`, `select`, `drop`, `rename`.
final class ColumnSelectionTests: SessionTestCase {
    func testHead() throws {
        XCTAssertEqual(ints(try frame("df |> head(2)"), "id"), [1, 2])
        XCTAssertEqual(ints(try frame("head(df, n: 3)"), "id"), [1, 2, 3])
        XCTAssertEqual(try frame("df |> head()").rowCount, 5, "default 5")
        XCTAssertEqual(try frame("df |> head(100)").rowCount, 5)
        XCTAssertEqual(try frame("df |> head(0)").rowCount, 0)
        XCTAssertEqual(ints(try frame("df |> head(-2)"), "id"), [1, 2, 3], "negative n drops rows from the end")
        XCTAssertEqual(try frame("df |> head(-10)").rowCount, 0)
        XCTAssertEqual(cells(try frame("df |> head(2)"), "x"), [.float(1.5), .null], "nulls survive")
        assertFails("df |> head(\"2\")") { e in XCTAssertEqual(e.message, "head() needs n to be a whole number, got a string") }
        assertFails("head(5)") { e in
            XCTAssertTrue(e.message.hasPrefix("head() needs a frame as its first argument"), e.message)
            XCTAssertEqual(e.hint, "pipe a frame into it: df |> head(…)")
        }
    }

    func testTail() throws {
        XCTAssertEqual(ints(try frame("df |> tail(2)"), "id"), [4, 5])
        XCTAssertEqual(ints(try frame("df |> tail()"), "id"), [1, 2, 3, 4, 5])
        XCTAssertEqual(try frame("df |> tail(0)").rowCount, 0)
        XCTAssertEqual(cells(try frame("df |> tail(2)"), "d"), [.null, date("2024-03-01")])
    }

    func testTailWithNegativeN() throws {
        // tail(-n) is all but the first n rows (pandas), mirroring head(-n).
        XCTAssertEqual(ints(try frame("df |> tail(-2)"), "id"), [3, 4, 5])
        XCTAssertEqual(try frame("df |> tail(-9)").rowCount, 0)
    }

    func testHeadKeepsGrouping() throws {
        guard case .grouped(let g) = try eval("df |> group_by(grp) |> head(2)") else { return XCTFail("grouping lost") }
        XCTAssertEqual(g.keys, ["grp"])
        // head after group_by is per group (issue 12): groups a and b have two rows, c one.
        XCTAssertEqual(g.frame.rowCount, 5)
        XCTAssertEqual(ints(try frame("df |> group_by(grp) |> head(1)"), "id"), [1, 2, 5])
    }

    func testSelectByName() throws {
        let f = try frame("df |> select(name, id)")
        XCTAssertEqual(f.names, ["name", "id"], "in the order asked")
        XCTAssertEqual(f.rowCount, 5)
        XCTAssertEqual(try frame("df |> select(\"x\", [\"y\", \"d\"])").names, ["x", "y", "d"])
        XCTAssertEqual(try frame("df |> select(id, id, name)").names, ["id", "name"], "duplicates collapse")
    }

    func testSelectWithVariablesHoldingNames() throws {
        try eval("cols = [\"grp\", \"x\"]\none = \"flag\"")
        XCTAssertEqual(try frame("df |> select($cols)").names, ["grp", "x"])
        XCTAssertEqual(try frame("df |> select(cols)").names, ["grp", "x"], "a bare name that is not a column but a list variable")
        XCTAssertEqual(try frame("df |> select(one)").names, ["flag"])
    }

    func testSelectExclusions() throws {
        XCTAssertEqual(try frame("df |> select(-name, -d)").names, ["id", "grp", "x", "y", "flag"])
        XCTAssertEqual(try frame("df |> select(id, name, x, -name)").names, ["id", "x"])
        XCTAssertEqual(try frame("df |> select(-[x, y])").names, ["id", "name", "grp", "d", "flag"])
    }

    func testSelectRangeOfTypeAndNamePatterns() throws {
        XCTAssertEqual(try frame("df |> select(range(name, x))").names, ["name", "grp", "x"])
        XCTAssertEqual(try frame("df |> select(range(x, name))").names, ["name", "grp", "x"], "either order")
        XCTAssertEqual(try frame("df |> select(of_type(\"float\"))").names, ["x"])
        XCTAssertEqual(try frame("df |> select(of_type(\"int\"))").names, ["id", "y"])
        XCTAssertEqual(try frame("df |> select(of_type(\"numeric\"))").names, ["id", "x", "y"])
        XCTAssertEqual(try frame("df |> select(of_type(\"date\"), of_type(\"bool\"))").names, ["d", "flag"])
        let wide = "df |> mutate(x_min = 1, x_max = 2, max_y = 3)"
        XCTAssertEqual(try frame("\(wide) |> select(starts_with(\"x\"))").names, ["x", "x_min", "x_max"])
        XCTAssertEqual(try frame("\(wide) |> select(ends_with(\"max\"))").names, ["x_max"])
        XCTAssertEqual(try frame("\(wide) |> select(contains(\"max\"))").names, ["x_max", "max_y"])
        XCTAssertEqual(try frame("\(wide) |> select(id, starts_with(\"zzz\"))").names, ["id"], "a selector may match nothing")
    }

    func testSelectRenames() throws {
        let f = try frame("df |> select(ident = id, name)")
        XCTAssertEqual(Set(f.names), ["ident", "name"])
        XCTAssertEqual(ints(f, "ident"), [1, 2, 3, 4, 5])
        XCTAssertEqual(try frame("df |> select(name, ident = id)").names, ["name", "ident"])
    }

    func testSelectColumnOrderFollowsTheArguments() throws {
        // Renaming and plain arguments keep the order written.
        XCTAssertEqual(try frame("df |> select(ident = id, name)").names, ["ident", "name"])
        XCTAssertEqual(try frame("select(df, x, ident = id, name)").names, ["x", "ident", "name"])
    }

    func testSelectErrorsPointAtTheName() throws {
        assertFails("df |> select(id, nme)", kind: .runtime) { e in
            XCTAssertEqual(e.message, "no column named 'nme'")
            XCTAssertEqual(e.hint, "did you mean 'name'?")
            XCTAssertEqual(e.span?.column, 18)
        }
        assertFails("df |> select(range(id, nope))") { e in
            XCTAssertEqual(e.message, "no column named 'nope'")
            XCTAssertEqual(e.span?.column, 24)
        }
        assertFails("df |> select(of_type(\"money\"))") { e in XCTAssertEqual(e.message, "unknown type \"money\"") }
        assertFails("df |> select(x + 1)") { e in XCTAssertEqual(e.message, "expected column names here") }
        assertFails("df |> select(upper(name))") { e in
            XCTAssertEqual(e.message, "select() takes column names and selectors, not upper()")
            XCTAssertEqual(e.hint, "to compute a column, use mutate()")
        }
    }

    func testSelectKeepsOnlySurvivingGroupKeys() throws {
        guard case .grouped(let g) = try eval("df |> group_by(grp, flag) |> select(grp, x)") else { return XCTFail("grouping lost") }
        XCTAssertEqual(g.keys, ["grp"])
    }

    func testDrop() throws {
        XCTAssertEqual(try frame("df |> drop(name, flag)").names, ["id", "grp", "x", "y", "d"])
        XCTAssertEqual(try frame("df |> drop([\"x\", \"y\"])").names, ["id", "name", "grp", "d", "flag"])
        XCTAssertEqual(try frame("df |> drop()").names, try frame("df").names)
        assertFails("df |> drop(nmae)") { e in
            XCTAssertEqual(e.message, "no column named 'nmae'")
            XCTAssertEqual(e.span?.column, 12)
        }
        XCTAssertEqual(try frame("df").columnCount, 7, "drop never changes its input")
    }

    func testRename() throws {
        let f = try frame("df |> rename(who = name, team = \"grp\")")
        XCTAssertEqual(f.names, ["id", "who", "team", "x", "y", "d", "flag"], "renamed columns keep their place")
        XCTAssertEqual(strings(f, "who"), ["Alice", "bob", "Carol", "dave", "Eve"])
        guard case .grouped(let g) = try eval("df |> group_by(grp) |> rename(team = grp)") else { return XCTFail("grouping lost") }
        XCTAssertEqual(g.keys, ["team"], "group keys follow the rename")
        assertFails("df |> rename(a = nope)") { e in
            XCTAssertEqual(e.message, "no column named 'nope'")
            XCTAssertEqual(e.span?.column, 18)
        }
        assertFails("df |> rename(id = name)") { e in XCTAssertEqual(e.message, "duplicate column name 'id'") }
        assertFails("df |> rename()") { e in XCTAssertEqual(e.message, "rename() needs new = old pairs") }
    }
}
