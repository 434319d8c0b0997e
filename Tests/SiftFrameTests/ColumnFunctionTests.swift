import Foundation
import SiftFrame
import XCTest

/// Element-wise column functions: arithmetic, comparison and logic, casts, null handling,
/// conditionals, text, dates, binning and the calendar arithmetic underneath.
final class ColumnFunctionTests: XCTestCase {
    func const(_ v: Scalar, _ n: Int, type: DataType? = nil) -> Column { Column.constant(v, count: n, name: "k", type: type) }

    // MARK: - Arithmetic

    func testIntArithmeticStaysInt() throws {
        let a = intColumn("a", [7, -7, 10, nil, 0])
        let b = intColumn("b", [2, 2, -3, 1, 5])
        let add = try ColumnMath.arithmetic(.add, a, b)
        XCTAssertEqual(add.type, .int)
        XCTAssertEqual(add.name, "a", "the result keeps the left operand's name")
        XCTAssertEqual(ints(add), [9, -5, 7, nil, 5])
        XCTAssertEqual(ints(try ColumnMath.arithmetic(.subtract, a, b)), [5, -9, 13, nil, -5])
        XCTAssertEqual(ints(try ColumnMath.arithmetic(.multiply, a, b)), [14, -14, -30, nil, 0])
        let div = try ColumnMath.arithmetic(.divide, a, b)
        XCTAssertEqual(div.type, .float, "int / int is true division")
        XCTAssertEqual(doubles(div), [3.5, -3.5, -10.0 / 3.0, nil, 0])
    }

    func testFloatAndMixedArithmetic() throws {
        let a = floatColumn("a", [1.5, nil, -2.0, 0.1])
        let b = intColumn("b", [2, 3, nil, 0])
        let add = try ColumnMath.arithmetic(.add, a, b)
        XCTAssertEqual(add.type, .float)
        XCTAssertEqual(doubles(add), [3.5, nil, nil, 0.1])
        XCTAssertEqual(doubles(try ColumnMath.arithmetic(.multiply, b, a)), [3.0, nil, nil, 0])
        XCTAssertEqual(doubles(try ColumnMath.arithmetic(.subtract, a, b)), [-0.5, nil, nil, 0.1])
        XCTAssertEqual(try ColumnMath.arithmetic(.add, b, b).validity, b.validity)
        // Non-number results become null rather than NaN.
        let inf = floatColumn("x", [.infinity, 0, 4])
        let nan = try ColumnMath.arithmetic(.subtract, inf, inf)
        XCTAssertEqual(doubles(nan), [nil, 0, 0])
        XCTAssertEqual(doubles(try ColumnMath.arithmetic(.multiply, inf, floatColumn("z", [0, 1, 0.5]))), [nil, 0, 2])
    }

    func testDivisionAndModuloByZeroGiveNull() throws {
        let a = intColumn("a", [1, 0, -5, 6])
        let z = intColumn("z", [0, 0, 0, 4])
        XCTAssertEqual(doubles(try ColumnMath.arithmetic(.divide, a, z)), [nil, nil, nil, 1.5])
        XCTAssertEqual(ints(try ColumnMath.arithmetic(.modulo, a, z)), [nil, nil, nil, 2])
        let fz = floatColumn("f", [0, -0.0, 2])
        XCTAssertEqual(doubles(try ColumnMath.arithmetic(.divide, floatColumn("x", [1, 1, 1]), fz)), [nil, nil, 0.5])
        XCTAssertEqual(doubles(try ColumnMath.arithmetic(.modulo, floatColumn("x", [1, 1, 1]), fz)), [nil, nil, 1])
        XCTAssertEqual(try ColumnMath.arithmetic(.divide, a, z).nullCount, 3)
    }

    func testIntOverflowThrows() throws {
        let big = intColumn("a", [.max, 1])
        let one = intColumn("b", [1, 1])
        for (op, x, y) in [(ArithmeticOp.add, big, one), (.subtract, intColumn("a", [.min]), intColumn("b", [1])),
                           (.multiply, intColumn("a", [Int64(1) << 62]), intColumn("b", [4])), (.power, intColumn("a", [2]), intColumn("b", [63])),
                           (.power, intColumn("a", [10]), intColumn("b", [19]))] {
            let message = expectError(try ColumnMath.arithmetic(op, x, y), "\(op)")
            XCTAssertTrue(message.contains("integer overflow in \(op.rawValue)"), message)
        }
        // An overflow in a null row is not an error: that row is null anyway.
        let masked = Column(name: "a", storage: .int([.max, 1]), validity: Bitmap([false, true]))
        XCTAssertEqual(ints(try ColumnMath.arithmetic(.add, masked, one)), [nil, 2])
        // The edges that do fit.
        XCTAssertEqual(ints(try ColumnMath.arithmetic(.power, intColumn("a", [2, -2, 10]), intColumn("b", [62, 63, 18]))),
                       [1 << 62, .min, 1_000_000_000_000_000_000])
        XCTAssertThrowsError(try ColumnMath.negate(intColumn("a", [.min])))
        XCTAssertThrowsError(try ColumnMath.abs(intColumn("a", [.min])))
        XCTAssertEqual(ints(try ColumnMath.negate(intColumn("a", [3, nil, -4]))), [-3, nil, 4])
    }

    func testModuloTakesTheSignOfTheDivisor() throws {
        // Python's convention: -7 % 3 == 2, 7 % -3 == -2.
        let a = intColumn("a", [7, -7, 7, -7, 6, .min])
        let b = intColumn("b", [3, 3, -3, -3, 3, -1])
        XCTAssertEqual(ints(try ColumnMath.arithmetic(.modulo, a, b)), [1, 2, -2, -1, 0, 0])
        let fa = floatColumn("a", [7.5, -7.5, 7.5, -7.5])
        let fb = floatColumn("b", [2, 2, -2, -2])
        XCTAssertEqual(doubles(try ColumnMath.arithmetic(.modulo, fa, fb)), [1.5, 0.5, -0.5, -1.5])
    }

    func testPower() throws {
        let p = try ColumnMath.arithmetic(.power, intColumn("a", [2, 3, 0, 1, -2, 5, nil]), intColumn("b", [10, 0, 0, 1000, 3, 1, 2]))
        XCTAssertEqual(p.type, .int)
        XCTAssertEqual(ints(p), [1024, 1, 1, 1, -8, 5, nil])
        let message = expectError(try ColumnMath.arithmetic(.power, intColumn("a", [2]), intColumn("b", [-1])))
        XCTAssertTrue(message.contains("negative integer power"), message)
        let f = try ColumnMath.arithmetic(.power, floatColumn("a", [2, 4, -8, 2]), floatColumn("b", [-1, 0.5, 1.0 / 3.0, 0.5]))
        XCTAssertEqual(f.type, .float)
        XCTAssertEqual(doubles(f)[0], 0.5)
        XCTAssertEqual(doubles(f)[1], 2)
        XCTAssertNil(doubles(f)[2], "a negative base to a fractional power is null, not NaN")
        assertClose(doubles(f)[3], 2.0.squareRoot())
        XCTAssertEqual(doubles(try ColumnMath.arithmetic(.power, intColumn("a", [2]), floatColumn("b", [-2]))), [0.25])
    }

    func testPowerOfMinusOneWithLargeOddExponent() throws {
        let p = try ColumnMath.arithmetic(.power, intColumn("a", [-1, -1, -1]), intColumn("b", [64, 65, 1001]))
        XCTAssertEqual(ints(p), [1, -1, -1])
        let q = try ColumnMath.arithmetic(.power, intColumn("a", [-1, -1, 1, 0]), intColumn("b", [63, 64, 1001, 1001]))
        XCTAssertEqual(ints(q), [-1, 1, 1, 0])
    }

    func testIntegerPowerBySquaring() throws {
        // Exact results, checked against repeated multiplication.
        for base: Int64 in [-3, -2, -1, 0, 1, 2, 3, 7] {
            for e: Int64 in 0...20 {
                var want: Int64 = 1
                for _ in 0..<e { want *= base }
                XCTAssertEqual(ints(try ColumnMath.arithmetic(.power, intColumn("a", [base]), intColumn("b", [e]))), [want], "\(base)^\(e)")
            }
        }
        XCTAssertEqual(ints(try ColumnMath.arithmetic(.power, intColumn("a", [0, -1, -1, 1, 0, 3, -3]), intColumn("b", [0, .max, .max - 1, .max, .max, 39, 39]))),
                       [1, -1, 1, 1, 0, 4_052_555_153_018_976_267, -4_052_555_153_018_976_267])
        // Overflows, including with huge exponents (which once looped or stopped at 64 steps).
        for (x, y) in [(Int64(2), Int64(63)), (-2, 64), (3, 40), (2, .max), (-2, .max), (.min, 2), (Int64(1) << 32, 2)] {
            let message = expectError(try ColumnMath.arithmetic(.power, intColumn("a", [x]), intColumn("b", [y])), "\(x)^\(y)")
            XCTAssertTrue(message.contains("integer overflow in ^"), message)
        }
        XCTAssertEqual(ints(try ColumnMath.arithmetic(.power, intColumn("a", [.min, (Int64(1) << 31) + 1]), intColumn("b", [1, 1]))), [.min, (1 << 31) + 1])
        // Null rows never raise: not for overflow, not for a negative exponent held under a null.
        let maskedBase = Column(name: "a", storage: .int([2, 2]), validity: Bitmap([false, true]))
        XCTAssertEqual(ints(try ColumnMath.arithmetic(.power, maskedBase, intColumn("b", [64, 3]))), [nil, 8])
        let maskedExp = Column(name: "b", storage: .int([-1, 2]), validity: Bitmap([false, true]))
        XCTAssertEqual(ints(try ColumnMath.arithmetic(.power, intColumn("a", [2, 2]), maskedExp)), [nil, 4])
        XCTAssertTrue(expectError(try ColumnMath.arithmetic(.power, intColumn("a", [0]), intColumn("b", [-1]))).contains("negative integer power"))
    }

    func testDateArithmetic() throws {
        let d = dateColumn("d", ["2024-02-28", "1970-01-01", nil])
        let plus = try ColumnMath.arithmetic(.add, d, intColumn("n", [1, -1, 5]))
        XCTAssertEqual(plus.type, .date)
        XCTAssertEqual(cells(plus), [.date(date("2024-02-29")), .date(date("1969-12-31")), .null])
        XCTAssertEqual(cells(try ColumnMath.arithmetic(.add, intColumn("n", [2, 0, 0]), d)), [.date(date("2024-03-01")), .date(0), .null])
        XCTAssertEqual(cells(try ColumnMath.arithmetic(.subtract, d, intColumn("n", [59, 0, 0]))), [.date(date("2023-12-31")), .date(0), .null])
        let diff = try ColumnMath.arithmetic(.subtract, dateColumn("a", ["2024-03-01", "2023-03-01"]), dateColumn("b", ["2023-03-01", "2022-03-01"]))
        XCTAssertEqual(ints(diff), [366, 365])
        let t = try ColumnMath.arithmetic(.subtract, datetimeColumn("a", ["2024-01-02 12:00"]), datetimeColumn("b", ["2024-01-01 00:00"]))
        XCTAssertEqual(doubles(t), [1.5])
        let message = expectError(try ColumnMath.arithmetic(.multiply, d, intColumn("n", [1, 1, 1])))
        XCTAssertTrue(message.contains("cannot apply *"), message)
    }

    func testStringConcatenationAndTypeErrors() throws {
        let s = try ColumnMath.arithmetic(.add, dictColumn("a", ["x", "y", nil]), plainColumn("b", ["1", "2", "3"]))
        XCTAssertEqual(strings(s), ["x1", "y2", nil])
        let message = expectError(try ColumnMath.arithmetic(.add, dictColumn("a", ["1"]), intColumn("b", [1])))
        XCTAssertTrue(message.contains("cannot apply + to string and int"), message)
        XCTAssertTrue(message.contains("cast(x, \"float\")"), "the hint says how to fix it: \(message)")
        XCTAssertTrue(expectError(try ColumnMath.arithmetic(.add, intColumn("a", [1, 2]), intColumn("b", [1]))).contains("2 and 1 rows"))
    }

    func testRoundAbsAndMap() throws {
        let r = try ColumnMath.round(floatColumn("x", [2.5, -2.5, 0.125, 1.005, nil, 1234.5]), digits: 2)
        XCTAssertEqual(doubles(r), [2.5, -2.5, 0.13, 1.0, nil, 1234.5])
        XCTAssertEqual(doubles(try ColumnMath.round(floatColumn("x", [2.5, -2.5, 0.4]), digits: 0)), [3, -3, 0], "half away from zero")
        XCTAssertEqual(doubles(try ColumnMath.round(intColumn("x", [1234, -1250]), digits: -2)), [1200, -1300])
        XCTAssertEqual(try ColumnMath.round(intColumn("x", [5]), digits: 1).type, .int)
        XCTAssertEqual(ints(try ColumnMath.abs(intColumn("x", [-3, 3, nil]))), [3, 3, nil])
        XCTAssertEqual(doubles(try ColumnMath.abs(floatColumn("x", [-0.5]))), [0.5])
        let sq = try ColumnMath.map(floatColumn("x", [4, -1, nil]), "sqrt") { $0.squareRoot() }
        XCTAssertEqual(doubles(sq), [2, nil, nil])
        XCTAssertThrowsError(try ColumnMath.map(dictColumn("s", ["a"]), "sqrt") { $0 })
    }

    func testMapMakesNonFiniteResultsNull() throws {
        XCTAssertEqual(doubles(try ColumnMath.map(floatColumn("x", [0, 1]), "log") { Foundation.log($0) }), [nil, 0])
        XCTAssertEqual(doubles(try ColumnMath.map(floatColumn("x", [-1, 1]), "log") { Foundation.log($0) }), [nil, 0])
    }

    func testMapNullsEveryNonFiniteResult() throws {
        let x = floatColumn("x", [0, -1, 1, nil, 1000])
        XCTAssertEqual(doubles(try ColumnMath.map(x, "inv") { 1 / $0 }), [nil, -1, 1, nil, 0.001], "+inf and -inf become null")
        XCTAssertEqual(doubles(try ColumnMath.map(x, "exp") { Foundation.exp($0) }.slice(4..<5)), [nil], "exp overflow to inf is null")
        XCTAssertEqual(doubles(try ColumnMath.map(x, "neglog") { -Foundation.log($0) }), [nil, nil, 0, nil, -Foundation.log(1000)])
        let inf = floatColumn("x", [.infinity, -.infinity, 2.5])
        XCTAssertEqual(doubles(try ColumnMath.round(inf, digits: 0)), [nil, nil, 3], "non-finite input gives a non-finite result: null")
        let noNulls = try ColumnMath.map(floatColumn("x", [4, 9]), "sqrt") { $0.squareRoot() }
        XCTAssertEqual(doubles(noNulls), [2, 3])
        XCTAssertEqual(noNulls.nullCount, 0)
    }

    // MARK: - Comparison and logic

    func testNumericComparisons() throws {
        let a = intColumn("a", [1, 2, 3, nil])
        let b = floatColumn("b", [1.0, 2.5, 2.5, 0])
        XCTAssertEqual(bools(try ColumnCompare.compare(.equal, a, b)), [true, false, false, nil])
        XCTAssertEqual(bools(try ColumnCompare.compare(.notEqual, a, b)), [false, true, true, nil])
        XCTAssertEqual(bools(try ColumnCompare.compare(.less, a, b)), [false, true, false, nil])
        XCTAssertEqual(bools(try ColumnCompare.compare(.lessEqual, a, b)), [true, true, false, nil])
        XCTAssertEqual(bools(try ColumnCompare.compare(.greater, a, b)), [false, false, true, nil])
        XCTAssertEqual(bools(try ColumnCompare.compare(.greaterEqual, a, b)), [true, false, true, nil])
        // Large ints compare exactly (not through doubles).
        let big = intColumn("x", [Int64(1) << 53, (Int64(1) << 53) + 1])
        XCTAssertEqual(bools(try ColumnCompare.compare(.less, big, const(.int((Int64(1) << 53) + 1), 2))), [true, false])
        XCTAssertEqual(bools(try ColumnCompare.compare(.greater, boolColumn("b", [true, false]), boolColumn("c", [false, false]))), [true, false])
        let message = expectError(try ColumnCompare.compare(.equal, intColumn("a", [1]), dictColumn("s", ["1"])))
        XCTAssertTrue(message.contains("cannot compare int with string"), message)
    }

    func testStringComparisonsDictionaryAndPlain() throws {
        let values: [String?] = ["b", "a", nil, "c", "b", "B"]
        for col in [dictColumn("s", values), plainColumn("s", values)] {
            let k = const(.string("b"), values.count)
            XCTAssertEqual(bools(try ColumnCompare.compare(.equal, col, k)), [true, false, nil, false, true, false])
            XCTAssertEqual(bools(try ColumnCompare.compare(.notEqual, col, k)), [false, true, nil, true, false, true])
            XCTAssertEqual(bools(try ColumnCompare.compare(.less, col, k)), [false, true, nil, false, false, true], "uppercase sorts first")
            XCTAssertEqual(bools(try ColumnCompare.compare(.greaterEqual, col, k)), [true, false, nil, true, true, false])
            let absent = const(.string("zzz"), values.count)
            XCTAssertEqual(bools(try ColumnCompare.compare(.equal, col, absent)), [false, false, nil, false, false, false])
            XCTAssertEqual(bools(try ColumnCompare.compare(.notEqual, col, absent)), [true, true, nil, true, true, true])
        }
        // Two full columns.
        XCTAssertEqual(bools(try ColumnCompare.compare(.equal, dictColumn("a", ["x", "y"]), plainColumn("b", ["x", "z"]))), [true, false])
    }

    func testDictionaryComparisonAfterTextFunctionMergesValues() throws {
        let lowered = try TextFunctions.lower(dictColumn("s", ["A", "a", "b"]))
        XCTAssertEqual(bools(try ColumnCompare.compare(.equal, lowered, const(.string("a"), 3))), [true, true, false])
        XCTAssertEqual(strings(lowered), ["a", "a", "b"])
        XCTAssertEqual(bools(try ColumnCompare.isIn(lowered, [.string("a")])), [true, true, false])
        XCTAssertEqual(bools(try ColumnCompare.compare(.lessEqual, lowered, const(.string("a"), 3))), [true, true, false])
    }

    func testTextFunctionsMergeDictionaryValues() throws {
        let c = dictColumn("s", ["A", "a", "b", nil, "B", " a "])
        let lowered = try TextFunctions.lower(c)
        guard case .string(.dictionary(let codes, let values, let ordered)) = lowered.storage else { return XCTFail("stays a dictionary") }
        XCTAssertEqual(values.count, Set(values).count, "each distinct string appears once: \(values)")
        XCTAssertEqual(Set(values), ["a", "b", "", " a "])
        XCTAssertFalse(ordered)
        XCTAssertEqual(codes[0], codes[1])
        XCTAssertEqual(strings(lowered), ["a", "a", "b", nil, "b", " a "])
        let stripped = try TextFunctions.strip(lowered)
        XCTAssertEqual(bools(try ColumnCompare.compare(.equal, stripped, const(.string("a"), 6))), [true, true, false, nil, false, true])
        XCTAssertEqual(bools(try ColumnCompare.compare(.notEqual, stripped, const(.string("a"), 6))), [false, false, true, nil, true, false])
        XCTAssertEqual(bools(try ColumnCompare.compare(.equal, try TextFunctions.replace(c, "B", "b"), const(.string("b"), 6))), [false, false, true, nil, true, false])
        // Grouping sees one key per distinct string.
        XCTAssertEqual(ints(try GroupBy.count(try Frame(columns: [stripped]), keys: ["s"]).column("n")), [3, 2, 1])
        // Plain columns are unaffected.
        XCTAssertEqual(strings(try TextFunctions.lower(plainColumn("s", ["A", "a", nil]))), ["a", "a", nil])
    }

    func testDateComparisons() throws {
        let d = dateColumn("d", ["2024-01-01", "2024-03-01", nil, "1969-12-31"])
        let k = const(.string("2024-02-15"), 4)
        XCTAssertEqual(bools(try ColumnCompare.compare(.less, d, k)), [true, false, nil, true], "text is read as a date")
        XCTAssertEqual(bools(try ColumnCompare.compare(.greater, k, d)), [true, false, nil, true])
        XCTAssertEqual(bools(try ColumnCompare.compare(.equal, d, const(.string("2024-03-01"), 4))), [false, true, nil, false])
        let t = datetimeColumn("t", ["2024-01-01 00:00", "2024-03-01 00:00:01", "2024-01-01 10:00", "1969-12-31 00:00"])
        XCTAssertEqual(bools(try ColumnCompare.compare(.equal, d, t)), [true, false, nil, true], "a date equals its midnight")
        XCTAssertEqual(bools(try ColumnCompare.compare(.less, d, t)), [false, true, nil, false])
        XCTAssertEqual(bools(try ColumnCompare.compare(.greaterEqual, t, const(.string("2024-01-01 10:00"), 4))), [false, true, true, false])
        XCTAssertThrowsError(try ColumnCompare.compare(.less, d, const(.string("not a date"), 4)))
    }

    func testKleeneLogic() throws {
        // Every combination of true, false and null.
        let vals: [Bool?] = [true, false, nil]
        var xs: [Bool?] = [], ys: [Bool?] = []
        for x in vals { for y in vals { xs.append(x); ys.append(y) } }
        let a = boolColumn("a", xs), b = boolColumn("b", ys)
        XCTAssertEqual(bools(try ColumnCompare.and(a, b)), [true, false, nil, false, false, false, nil, false, nil])
        XCTAssertEqual(bools(try ColumnCompare.or(a, b)), [true, true, true, true, false, nil, true, nil, nil])
        XCTAssertEqual(bools(try ColumnCompare.not(a)), [false, false, false, true, true, true, nil, nil, nil])
        // Null slots holding `true` in storage must not leak through.
        let sneaky = Column(name: "s", storage: .bool([true, true]), validity: Bitmap([false, false]))
        XCTAssertEqual(bools(try ColumnCompare.and(sneaky, boolColumn("t", [true, false]))), [nil, false])
        XCTAssertEqual(bools(try ColumnCompare.or(sneaky, boolColumn("t", [true, false]))), [true, nil])
        // Without nulls.
        XCTAssertEqual(bools(try ColumnCompare.and(boolColumn("a", [true, true, false]), boolColumn("b", [true, false, false]))), [true, false, false])
        XCTAssertEqual(bools(try ColumnCompare.or(boolColumn("a", [true, false, false]), boolColumn("b", [false, false, true]))), [true, false, true])
        XCTAssertTrue(expectError(try ColumnCompare.and(intColumn("i", [1]), boolColumn("b", [true]))).contains("true/false"))
    }

    func testIsIn() throws {
        for col in [dictColumn("s", ["a", "b", nil, "c"]), plainColumn("s", ["a", "b", nil, "c"])] {
            XCTAssertEqual(bools(try ColumnCompare.isIn(col, [.string("a"), .string("c"), .int(1)])), [true, false, nil, true])
            XCTAssertEqual(bools(try ColumnCompare.isIn(col, [])), [false, false, nil, false])
        }
        XCTAssertEqual(bools(try ColumnCompare.isIn(intColumn("i", [1, 2, nil, 3]), [.int(1), .float(3.0)])), [true, false, nil, true])
        XCTAssertEqual(bools(try ColumnCompare.isIn(floatColumn("f", [1.5, 2]), [.int(2)])), [false, true])
        let d = dateColumn("d", ["2024-01-01", "2024-01-02"])
        XCTAssertEqual(bools(try ColumnCompare.isIn(d, [.date(date("2024-01-02"))])), [false, true])
    }

    func testIsInComparesLargeIntsExactly() throws {
        XCTAssertEqual(bools(try ColumnCompare.isIn(intColumn("i", [(1 << 53) + 1]), [.int(1 << 53)])), [false])
        XCTAssertEqual(bools(try ColumnCompare.isIn(intColumn("i", [1 << 52, (1 << 52) + 1]), [.int((1 << 52) + 1)])), [false, true])
    }

    func testIsInNumericListsCompareExactly() throws {
        let big = Int64(1) << 53
        let i = intColumn("i", [big, big + 1, 3, 2, 1, 0, nil, .max])
        XCTAssertEqual(bools(try ColumnCompare.isIn(i, [.int(big + 1), .int(.max)])), [false, true, false, false, false, false, nil, true])
        XCTAssertEqual(bools(try ColumnCompare.isIn(i, [.float(Double(big)), .float(3.0), .float(2.5)])), [true, false, true, false, false, false, nil, false],
                       "a listed float matches the int of exactly its value")
        XCTAssertEqual(bools(try ColumnCompare.isIn(i, [.float(9.3e18), .float(.nan), .float(.infinity)])), [false, false, false, false, false, false, nil, false])
        XCTAssertEqual(bools(try ColumnCompare.isIn(i, [.bool(true), .string("0"), .null])), [false, false, false, false, true, false, nil, false])
        let f = floatColumn("f", [Double(big), 2.5, 3, -0.0, nil])
        XCTAssertEqual(bools(try ColumnCompare.isIn(f, [.int(big + 1), .float(2.5), .int(3), .int(0)])), [false, true, true, true, nil])
        XCTAssertEqual(bools(try ColumnCompare.isIn(f, [.int(big)])), [true, false, false, false, nil])
        XCTAssertEqual(bools(try ColumnCompare.isIn(boolColumn("b", [true, false]), [.bool(true)])), [true, false])
    }

    // MARK: - Cast

    func testCastNumeric() throws {
        XCTAssertEqual(doubles(try Cast.cast(intColumn("i", [1, nil, -3]), to: .float)), [1, nil, -3])
        XCTAssertEqual(ints(try Cast.cast(floatColumn("f", [2.7, -2.7, nil, 1e18]), to: .int)), [2, -2, nil, 1_000_000_000_000_000_000], "truncates toward zero")
        XCTAssertEqual(ints(try Cast.cast(boolColumn("b", [true, false, nil]), to: .int)), [1, 0, nil])
        XCTAssertEqual(bools(try Cast.cast(intColumn("i", [0, 5, nil]), to: .bool)), [false, true, nil])
        let message = expectError(try Cast.cast(floatColumn("f", [1, 1e20]), to: .int))
        XCTAssertTrue(message.contains("cannot convert"), message)
        XCTAssertTrue(message.contains("strict: false"), "the hint offers the lenient form: \(message)")
        XCTAssertEqual(ints(try Cast.cast(floatColumn("f", [1, 1e20, .infinity, .nan]), to: .int, strict: false)), [1, nil, nil, nil])
        let same = intColumn("i", [1])
        XCTAssertEqual(ints(try Cast.cast(same, to: .int)), [1])
        XCTAssertTrue(expectError(try Cast.cast(dateColumn("d", ["2024-01-01"]), to: .int)).contains("cannot convert a date column to int"))
    }

    func testCastFromText() throws {
        let s = dictColumn("s", ["1", "2.0", nil, " 3 ", "1e3"])
        XCTAssertEqual(ints(try Cast.cast(s, to: .int)), [1, 2, nil, 3, 1000])
        XCTAssertEqual(doubles(try Cast.cast(s, to: .float)), [1, 2, nil, 3, 1000])
        let bad = plainColumn("s", ["1", "x", "2"])
        let message = expectError(try Cast.cast(bad, to: .int))
        XCTAssertTrue(message.contains("\"x\" (row 2)"), message)
        XCTAssertEqual(ints(try Cast.cast(bad, to: .int, strict: false)), [1, nil, 2])
        XCTAssertEqual(ints(try Cast.cast(plainColumn("s", ["2.5"]), to: .int, strict: false)), [nil], "no silent truncation from text")
        XCTAssertEqual(bools(try Cast.cast(dictColumn("b", ["yes", "No", "t", "0", "TRUE", nil]), to: .bool)), [true, false, true, false, true, nil])
        XCTAssertEqual(cells(try Cast.cast(dictColumn("d", ["2024-02-29", "2024-03-01 23:59", nil]), to: .date)),
                       [.date(date("2024-02-29")), .date(date("2024-03-01")), .null])
        XCTAssertEqual(cells(try Cast.cast(dictColumn("d", ["2024-02-29", "2024-03-01 23:59"]), to: .datetime)),
                       [.datetime(Int64(date("2024-02-29")) * Temporal.microsPerDay), .datetime(Int64(date("2024-03-01")) * Temporal.microsPerDay + 86_340_000_000)])
        XCTAssertThrowsError(try Cast.cast(dictColumn("d", ["2023-02-29"]), to: .date))
        // A datetime before 1970 belongs to the day it falls on (floor, not truncation toward 1970).
        XCTAssertEqual(cells(try Cast.cast(dictColumn("d", ["1969-12-31 23:00", "1900-01-01 00:00:01"]), to: .date)), [.date(-1), .date(-25567)])
    }

    func testCastToTextAndBetweenTemporals() throws {
        XCTAssertEqual(strings(try Cast.cast(floatColumn("f", [1, 0.1, nil, 1e20]), to: .string)), ["1.0", "0.1", nil, "1e+20"])
        XCTAssertEqual(strings(try Cast.cast(boolColumn("b", [true, false]), to: .string)), ["true", "false"])
        XCTAssertEqual(strings(try Cast.cast(dateColumn("d", ["1969-07-20", nil]), to: .string)), ["1969-07-20", nil])
        XCTAssertEqual(strings(try Cast.cast(datetimeColumn("t", ["2024-01-01 10:00:00.25"]), to: .string)), ["2024-01-01 10:00:00.25"])
        XCTAssertEqual(strings(try Cast.cast(intColumn("i", [.min]), to: .string)), ["-9223372036854775808"])
        let t = datetimeColumn("t", ["1969-12-31 23:00", "1970-01-01 00:00", "2024-02-29 23:59:59.999999"])
        XCTAssertEqual(cells(try Cast.cast(t, to: .date)), [.date(-1), .date(0), .date(date("2024-02-29"))], "datetimes floor to their day")
        XCTAssertEqual(cells(try Cast.cast(dateColumn("d", ["1969-12-31"]), to: .datetime)), [.datetime(-Temporal.microsPerDay)])
    }

    // MARK: - Nulls and conditionals

    func testIsNullAndCoalesce() throws {
        XCTAssertEqual(bools(NullFunctions.isNull(intColumn("a", [1, nil, 3]))), [false, true, false])
        XCTAssertEqual(bools(NullFunctions.isNull(intColumn("a", [1, 2]))), [false, false])
        XCTAssertEqual(NullFunctions.isNull(intColumn("a", [nil])).nullCount, 0, "is_null itself is never null")
        let c = try NullFunctions.coalesce([intColumn("a", [nil, 2, nil, nil]), floatColumn("b", [1.5, 9, nil, nil]), intColumn("c", [7, 7, 3, nil])])
        XCTAssertEqual(c.type, .float)
        XCTAssertEqual(c.name, "a")
        XCTAssertEqual(doubles(c), [1.5, 2, 3, nil])
        let s = try NullFunctions.coalesce([dictColumn("a", [nil, "x"]), const(.string("none"), 2)])
        XCTAssertEqual(strings(s), ["none", "x"])
        let d = try NullFunctions.coalesce([dateColumn("a", [nil, "2024-01-02"]), datetimeColumn("b", ["2024-01-01 10:00", "2024-01-01 10:00"])])
        XCTAssertEqual(d.type, .datetime)
        XCTAssertEqual(cells(d), [.datetime(Int64(date("2024-01-01")) * Temporal.microsPerDay + 36_000_000_000), .datetime(Int64(date("2024-01-02")) * Temporal.microsPerDay)])
        XCTAssertTrue(expectError(try NullFunctions.coalesce([intColumn("a", [1]), dictColumn("b", ["x"])])).contains("cannot mix int and string"))
        XCTAssertThrowsError(try NullFunctions.coalesce([]))
    }

    func testIfElse() throws {
        let cond = boolColumn("c", [true, false, nil, true])
        let r = try Conditional.ifElse(cond, intColumn("a", [1, 2, 3, nil]), floatColumn("b", [10, 20, 30, 40]))
        XCTAssertEqual(r.type, .float)
        XCTAssertEqual(r.name, "a")
        XCTAssertEqual(doubles(r), [1, 20, nil, nil], "a null condition gives null; a null chosen value stays null")
        let s = try Conditional.ifElse(boolColumn("c", [true, false, true]), dictColumn("a", ["x", "y", "z"]), const(.string("other"), 3))
        XCTAssertEqual(strings(s), ["x", "other", "z"])
        let i = try Conditional.ifElse(boolColumn("c", [false, true]), intColumn("a", [1, 2]), intColumn("b", [3, 4]))
        XCTAssertEqual(i.type, .int)
        XCTAssertEqual(ints(i), [3, 2])
        XCTAssertTrue(expectError(try Conditional.ifElse(intColumn("c", [1]), intColumn("a", [1]), intColumn("b", [1]))).contains("true/false"))
        XCTAssertThrowsError(try Conditional.ifElse(boolColumn("c", [true]), intColumn("a", [1]), dictColumn("b", ["x"])))
    }

    // MARK: - Text

    func testCaseAndStrip() throws {
        for make in [dictColumn, plainColumn] {
            let c = make("s", ["Hello", nil, "ÄbC", "  pad\t\n", ""])
            XCTAssertEqual(strings(try TextFunctions.lower(c)), ["hello", nil, "äbc", "  pad\t\n", ""])
            XCTAssertEqual(strings(try TextFunctions.upper(c)), ["HELLO", nil, "ÄBC", "  PAD\t\n", ""])
            XCTAssertEqual(strings(try TextFunctions.strip(c)), ["Hello", nil, "ÄbC", "pad", ""])
            XCTAssertEqual(try TextFunctions.lower(c).nullCount, 1)
        }
        XCTAssertTrue(expectError(try TextFunctions.lower(intColumn("i", [1]))).contains("lower() needs text"))
    }

    func testLengthAndPredicates() throws {
        for make in [dictColumn, plainColumn] {
            let c = make("s", ["abc", "e\u{301}", "😄👍🏽", "", nil, "banana"])
            XCTAssertEqual(ints(try TextFunctions.length(c)), [3, 1, 2, 0, nil, 6], "characters, not bytes")
            XCTAssertEqual(bools(try TextFunctions.contains(c, "an")), [false, false, false, false, nil, true])
            XCTAssertEqual(bools(try TextFunctions.startsWith(c, "ab")), [true, false, false, false, nil, false])
            XCTAssertEqual(bools(try TextFunctions.endsWith(c, "na")), [false, false, false, false, nil, true])
            XCTAssertEqual(bools(try TextFunctions.contains(c, "😄")), [false, false, true, false, nil, false])
        }
    }

    func testReplace() throws {
        for make in [dictColumn, plainColumn] {
            let c = make("s", ["a-b-c", "---", nil, "none", "aaa"])
            XCTAssertEqual(strings(try TextFunctions.replace(c, "-", "+")), ["a+b+c", "+++", nil, "none", "aaa"])
            XCTAssertEqual(strings(try TextFunctions.replace(c, "aa", "b")), ["a-b-c", "---", nil, "none", "ba"], "left to right, no overlaps")
            XCTAssertEqual(strings(try TextFunctions.replace(c, "-", "")), ["abc", "", nil, "none", "aaa"])
        }
        XCTAssertThrowsError(try TextFunctions.replace(dictColumn("s", ["a"]), "", "x"))
    }

    func testSplitPart() throws {
        let c = plainColumn("s", ["a,b,c", "one", "", nil, "x,,y", "a::b::c"])
        XCTAssertEqual(strings(try TextFunctions.splitPart(c, ",", 1)), ["a", "one", "", nil, "x", "a::b::c"])
        XCTAssertEqual(strings(try TextFunctions.splitPart(c, ",", 2)), ["b", nil, nil, nil, "", nil])
        XCTAssertEqual(strings(try TextFunctions.splitPart(c, ",", 3)), ["c", nil, nil, nil, "y", nil])
        XCTAssertEqual(strings(try TextFunctions.splitPart(c, ",", 4)), [nil, nil, nil, nil, nil, nil])
        XCTAssertEqual(strings(try TextFunctions.splitPart(c, ",", -1)), ["c", "one", "", nil, "y", "a::b::c"])
        XCTAssertEqual(strings(try TextFunctions.splitPart(c, ",", -3)), ["a", nil, nil, nil, "x", nil])
        XCTAssertEqual(strings(try TextFunctions.splitPart(c, ",", -4)), [nil, nil, nil, nil, nil, nil])
        XCTAssertEqual(strings(try TextFunctions.splitPart(c, ",", 0)), [nil, nil, nil, nil, nil, nil])
        XCTAssertEqual(strings(try TextFunctions.splitPart(c, "::", -2)), [nil, nil, nil, nil, nil, "b"])
        XCTAssertThrowsError(try TextFunctions.splitPart(c, "", 1))
    }

    // MARK: - Dates

    func testDateParts() throws {
        // Reference values from Python's datetime (proleptic Gregorian).
        let table: [(String, Int64, Int64, Int64, Int64, Int64, Int64)] = [
            // date, year, month, day, ISO weekday, quarter, day of year
            ("2024-02-29", 2024, 2, 29, 4, 1, 60), ("2000-01-01", 2000, 1, 1, 6, 1, 1), ("1969-12-31", 1969, 12, 31, 3, 4, 365),
            ("1970-01-01", 1970, 1, 1, 4, 1, 1), ("1900-03-01", 1900, 3, 1, 4, 1, 60), ("1600-02-29", 1600, 2, 29, 2, 1, 60),
            ("0001-01-01", 1, 1, 1, 1, 1, 1), ("9999-12-31", 9999, 12, 31, 5, 4, 365), ("2023-12-31", 2023, 12, 31, 7, 4, 365),
            ("2024-12-31", 2024, 12, 31, 2, 4, 366), ("1583-10-15", 1583, 10, 15, 6, 4, 288), ("1965-07-04", 1965, 7, 4, 7, 3, 185),
        ]
        let d = dateColumn("d", table.map { $0.0 } + [nil])
        func part(_ p: DateFunctions.Part) throws -> [Int64?] { ints(try DateFunctions.part(d, p)) }
        XCTAssertEqual(try part(.year), table.map { $0.1 } + [nil])
        XCTAssertEqual(try part(.month), table.map { $0.2 } + [nil])
        XCTAssertEqual(try part(.day), table.map { $0.3 } + [nil])
        XCTAssertEqual(try part(.weekday), table.map { $0.4 } + [nil])
        XCTAssertEqual(try part(.quarter), table.map { $0.5 } + [nil])
        XCTAssertEqual(try part(.dayOfYear), table.map { $0.6 } + [nil])
        // The same from text, and from datetimes (before 1970 included).
        let s = dictColumn("s", table.map { $0.0 })
        XCTAssertEqual(ints(try DateFunctions.part(s, .weekday)), table.map { $0.4 })
        let t = datetimeColumn("t", ["1969-12-31 23:59:58", "2024-02-29 00:00:00.5", nil])
        XCTAssertEqual(ints(try DateFunctions.part(t, .day)), [31, 29, nil])
        XCTAssertEqual(ints(try DateFunctions.part(t, .hour)), [23, 0, nil])
        XCTAssertEqual(ints(try DateFunctions.part(t, .minute)), [59, 0, nil])
        XCTAssertEqual(ints(try DateFunctions.part(t, .second)), [58, 0, nil])
        XCTAssertEqual(ints(try DateFunctions.part(d, .hour)), Array(repeating: 0, count: table.count) + [nil])
        XCTAssertTrue(expectError(try DateFunctions.part(intColumn("i", [1]), .year)).contains("year() needs a date"))
        XCTAssertThrowsError(try DateFunctions.part(dictColumn("s", ["soon"]), .year))
    }

    func testDaysBetween() throws {
        let a = dateColumn("a", ["2023-03-01", "2024-03-01", "1900-01-01", "2024-01-01", nil])
        let b = dateColumn("b", ["2024-03-01", "2023-03-01", "1970-01-01", "2024-01-01", "2024-01-01"])
        XCTAssertEqual(ints(try DateFunctions.daysBetween(a, b)), [366, -366, 25567, 0, nil])
        let t = datetimeColumn("t", ["2024-03-01 23:59", "2023-03-01 00:01", "1969-12-31 12:00", "2024-01-01 00:00", "2024-01-01 00:00"])
        XCTAssertEqual(ints(try DateFunctions.daysBetween(a, t)), [366, -366, 25566, 0, nil], "datetimes count whole calendar days")
        let s = plainColumn("s", ["2024-02-28", "2024-02-28", "2024-02-28", nil, "2024-02-28"])
        XCTAssertEqual(ints(try DateFunctions.daysBetween(s, dateColumn("e", ["2024-03-01", "2023-03-01", "2025-02-28", "2024-01-01", "2024-02-28"]))), [2, -364, 366, nil, 0])
    }

    // MARK: - Binning

    func testCutRightClosed() throws {
        let x = floatColumn("x", [0, 5, 10, 10.5, 20, 21, -1, nil, 0.0001])
        let c = try Binning.cut(x, breaks: [0, 10, 20])
        XCTAssertEqual(strings(c), [nil, "(0, 10]", "(0, 10]", "(10, 20]", "(10, 20]", nil, nil, nil, "(0, 10]"])
        let left = try Binning.cut(x, breaks: [0, 10, 20], right: false)
        XCTAssertEqual(strings(left), ["[0, 10)", "[0, 10)", "[10, 20)", "[10, 20)", nil, nil, nil, nil, "[0, 10)"])
        let labelled = try Binning.cut(intColumn("age", [17, 18, 64, 65, 120]), breaks: [0, 17, 64, 200], labels: ["child", "adult", "senior"])
        XCTAssertEqual(strings(labelled), ["child", "adult", "adult", "senior", "senior"])
        XCTAssertEqual(strings(try Binning.cut(floatColumn("x", [0.7, 1.5]), breaks: [0.5, 1.5])), ["(0.5, 1.5]", "(0.5, 1.5]"])
    }

    func testCutMatchesLinearSearch() throws {
        var rng = SplitMix64(seed: 7)
        let breaks = (0...40).map { Double($0 * $0) }  // uneven widths
        let xs = (0..<2000).map { _ in rng.nextDouble() * 1700 - 50 }
        let c = try Binning.cut(floatColumn("x", xs), breaks: breaks, labels: (0..<40).map { "b\($0)" })
        for (i, v) in xs.enumerated() {
            let k = (0..<40).first { v > breaks[$0] && v <= breaks[$0 + 1] }
            XCTAssertEqual(c[i], k.map { .string("b\($0)") } ?? .null, "value \(v)")
        }
    }

    func testCutLabelsSortInBinOrder() throws {
        let c = try Binning.cut(intColumn("x", [50, 7, 3]), breaks: [0, 5, 10, 100])
        XCTAssertEqual(Sorting.order([SortKey(c)], rowCount: 3), [2, 1, 0])
        let labelled = try Binning.cut(intColumn("x", [50, 7, 3]), breaks: [0, 5, 10, 100], labels: ["a-low", "b-mid", "c-high"])
        XCTAssertEqual(Sorting.order([SortKey(labelled)], rowCount: 3), [2, 1, 0], "labels that sort like the bins do")
        guard case .string(.dictionary(let codes, let values, let ordered)) = labelled.storage else { return XCTFail("cut gives a dictionary column") }
        XCTAssertEqual(values, ["a-low", "b-mid", "c-high"])
        XCTAssertEqual(codes, [2, 1, 0])
        XCTAssertTrue(ordered)
    }

    func testCutOrderSurvivesVerbs() throws {
        let x = intColumn("x", [50, 7, 3, nil, 7, 500, 20])
        let c = try Binning.cut(x, breaks: [0, 5, 10, 100])
        let f = try frame(c.renamed("bin"), intColumn("v", [1, 2, 3, 4, 5, 6, 7]))
        // Grouping, counting and distinct go in bin order, nulls last.
        let counted = try GroupBy.count(f, keys: ["bin"])
        XCTAssertEqual(strings(try counted.column("bin")), ["(0, 5]", "(5, 10]", "(10, 100]", nil])
        XCTAssertEqual(ints(try counted.column("n")), [1, 2, 2, 2])
        XCTAssertEqual(strings(try GroupBy.distinct(f, keys: ["bin"]).column("bin")), ["(10, 100]", "(5, 10]", "(0, 5]", nil])
        // min/max follow the bins too.
        XCTAssertEqual(try Aggregate.scalar(.max, c), .string("(10, 100]"))
        XCTAssertEqual(try Aggregate.scalar(.min, c), .string("(0, 5]"))
        // take (filter, sort, head) keeps the order; sorting descending reverses it.
        let filtered = try f.filter(mask: try ColumnCompare.compare(.greater, try f.column("v"), const(.int(1), 7)))
        XCTAssertEqual(strings(try Sorting.sort(filtered, by: [SortKey(try filtered.column("bin"))]).column("bin")), ["(0, 5]", "(5, 10]", "(5, 10]", "(10, 100]", nil, nil])
        XCTAssertEqual(strings(try Sorting.sort(f, by: [SortKey(c, descending: true)]).column("bin")), ["(10, 100]", "(10, 100]", "(5, 10]", "(5, 10]", "(0, 5]", nil, nil])
        XCTAssertTrue({ if case .string(let s) = c.take([1, 0]).storage { return s.isOrdered }; return false }())
        // Concatenating the same bins (even with a frame lacking the column) keeps the order.
        let other = try Binning.cut(floatColumn("x", [60, 1]), breaks: [0, 5, 10, 100])
        let stacked = try Concat.rows([f, try frame(other.renamed("bin")), try frame(intColumn("v", [9]))])
        XCTAssertEqual(strings(try GroupBy.count(stacked, keys: ["bin"]).column("bin")), ["(0, 5]", "(5, 10]", "(10, 100]", nil])
        // Different bins, text functions and plain strings fall back to text order.
        let mixed = try Concat.rows([f, try frame(try Binning.cut(intColumn("x", [7]), breaks: [0, 5, 10]).renamed("bin"))])
        XCTAssertEqual(strings(try GroupBy.count(mixed, keys: ["bin"]).column("bin")), ["(0, 5]", "(10, 100]", "(5, 10]", nil])
        XCTAssertEqual(strings(try GroupBy.count(try frame(try TextFunctions.upper(c)), keys: ["x"]).column("x")), ["(0, 5]", "(10, 100]", "(5, 10]", nil])
        let text = dictColumn("t", ["(5, 10]", "(10, 100]"])
        XCTAssertEqual(Sorting.order([SortKey(text)], rowCount: 2), [1, 0], "plain strings keep text order")
        // Left-closed bins and value_counts.
        let left = try Binning.cut(floatColumn("x", [10, 9.5, 0]), breaks: [0, 5, 10, 100], right: false)
        XCTAssertEqual(Sorting.order([SortKey(left)], rowCount: 3), [2, 1, 0])
    }

    func testCutWithRepeatedLabels() throws {
        let c = try Binning.cut(intColumn("x", [1, 15, 25, 35]), breaks: [0, 10, 20, 30, 40], labels: ["mid", "low", "mid", "high"])
        XCTAssertEqual(strings(c), ["mid", "low", "mid", "high"])
        guard case .string(.dictionary(let codes, let values, true)) = c.storage else { return XCTFail("an ordered dictionary") }
        XCTAssertEqual(values, ["mid", "low", "high"], "a repeated label is one category, at its first bin")
        XCTAssertEqual(codes, [0, 1, 0, 2])
        XCTAssertEqual(bools(try ColumnCompare.compare(.equal, c, const(.string("mid"), 4))), [true, false, true, false])
        XCTAssertEqual(ints(try GroupBy.count(try frame(c), keys: ["x"]).column("n")), [2, 1, 1])
        XCTAssertEqual(try Aggregate.scalar(.nDistinct, c), .int(3))
    }

    func testCutErrors() throws {
        let x = intColumn("x", [1])
        XCTAssertTrue(expectError(try Binning.cut(x, breaks: [1])).contains("at least two breaks"))
        XCTAssertTrue(expectError(try Binning.cut(x, breaks: [1, 1, 2])).contains("increase strictly"))
        XCTAssertTrue(expectError(try Binning.cut(x, breaks: [0, 1, 2], labels: ["a"])).contains("1 labels for 2 bins"))
        XCTAssertTrue(expectError(try Binning.cut(dictColumn("s", ["a"]), breaks: [0, 1])).contains("cut() needs numbers"))
    }

    // MARK: - Calendar arithmetic

    func testTemporalRoundTripsEveryDay() {
        // Walk day by day from 0001-01-01 to 9999-12-31 with an independent calendar.
        var (y, m, d) = (1, 1, 1)
        func leap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var day = Temporal.days(year: 1, month: 1, day: 1)
        XCTAssertEqual(day, -719_162)
        var weekday = Temporal.weekday(day)
        XCTAssertEqual(weekday, 1, "0001-01-01 was a Monday")
        var failures = 0
        while y <= 9999 {
            let c = Temporal.civil(day)
            if c.year != y || c.month != m || c.day != d || Temporal.days(year: y, month: m, day: d) != day || Temporal.weekday(day) != weekday {
                failures += 1
                if failures < 5 { XCTFail("day \(day): civil \(c), expected \(y)-\(m)-\(d) weekday \(weekday)") }
            }
            if day % 97 == 0 {
                let text = Temporal.formatDate(day)
                if Temporal.parseDate(text) != day { failures += 1; XCTFail("\(text) does not parse back to \(day)") }
            }
            day += 1
            weekday = weekday % 7 + 1
            d += 1
            if d > (m == 2 && leap(y) ? 29 : lengths[m - 1]) { d = 1; m += 1 }
            if m > 12 { m = 1; y += 1 }
        }
        XCTAssertEqual(day, 2_932_897)
        XCTAssertEqual(failures, 0)
        XCTAssertEqual(Temporal.formatDate(-1), "1969-12-31")
        XCTAssertEqual(Temporal.formatDate(19782), "2024-02-29")
    }

    func testDatetimeTextRoundTrips() {
        var rng = SplitMix64(seed: 99)
        let lo = Int64(Temporal.days(year: 1, month: 1, day: 1)) * Temporal.microsPerDay
        let hi = Int64(Temporal.days(year: 9999, month: 12, day: 31)) * Temporal.microsPerDay
        for _ in 0..<5000 {
            var t = lo + Int64(rng.next() % UInt64(hi - lo))
            if rng.next() % 3 == 0 { t -= t % 1_000_000 }  // whole seconds too
            let text = Temporal.formatDateTime(t)
            XCTAssertEqual(Temporal.parseDateTime(text), t, text)
        }
        XCTAssertEqual(Temporal.formatDateTime(-1), "1969-12-31 23:59:59.999999")
        XCTAssertEqual(Temporal.formatDateTime(Temporal.microsPerDay + 1_500_000), "1970-01-02 00:00:01.5")
        XCTAssertEqual(Temporal.parseDateTime("2024-01-01T10:00:00.123Z"), Int64(19723) * Temporal.microsPerDay + 36_000_123_000)
        for bad in ["2024-01-01", "2024-01-01 24:00", "2024-01-01 10:60", "2024-01-01 10:00:61", "2024-01-01X10:00", "2024-02-30 10:00"] {
            XCTAssertNil(Temporal.parseDateTime(bad), bad)
        }
        for bad in ["2024-1-01", "2024-01-1", "2024-00-10", "2023-02-29", "2024/01-01", "20240101", "2100-02-29"] {
            XCTAssertNil(Temporal.parseDate(bad), bad)
        }
        XCTAssertEqual(Temporal.parseDate("2000-02-29"), 11016)
    }
}
