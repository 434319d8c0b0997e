import Foundation
import XCTest
import SiftFrame
import SiftLanguage

// Helpers shared by the SiftLanguage test files: tokenizing, parsing to a compact
// S-expression form, running code on a bare Interpreter, and checking SiftErrors.

func source(_ text: String, name: String = "<test>") -> Source { Source(name: name, text: text) }

/// Token kinds of `text`, without the final `.eof`.
func tokenKinds(_ text: String) throws -> [TokenKind] {
    let tokens = try Lexer.tokenize(source(text))
    XCTAssertEqual(tokens.last?.kind, .eof, "the token stream must end with eof")
    return tokens.dropLast().map(\.kind)
}

func parse(_ text: String) throws -> [Statement] { try Parser.parse(source(text)) }

/// The single expression of a one-statement program, as an S-expression.
func sexpr(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
    let program = try parse(text)
    XCTAssertEqual(program.count, 1, "expected one statement in \(text.debugDescription)", file: file, line: line)
    return program.first.map(sexpr) ?? ""
}

/// A compact, unambiguous rendering of the tree: `(+ 1 (* 2 3))`.
func sexpr(_ e: Expr) -> String {
    switch e.kind {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let v): return "\(v)"
    case .float(let v): return "\(v)"
    case .string(let s): return s.debugDescription
    case .name(let n): return n
    case .variable(let n): return "$" + n
    case .dot: return "."
    case .list(let items): return "[" + items.map(sexpr).joined(separator: " ") + "]"
    case .record(let fields): return "{" + fields.map { "\($0.0): \(sexpr($0.1))" }.joined(separator: ", ") + "}"
    case .unary(let op, let x): return "(\(op.rawValue) \(sexpr(x)))"
    case .binary(let op, let a, let b): return "(\(op.rawValue) \(sexpr(a)) \(sexpr(b)))"
    case .call(let f, let args):
        return "(call \(sexpr(f))" + args.map { " " + ($0.name.map { "\($0): " } ?? "") + sexpr($0.value) }.joined() + ")"
    case .pipe(let a, let b): return "(|> \(sexpr(a)) \(sexpr(b)))"
    case .index(let a, let b): return "(index \(sexpr(a)) \(sexpr(b)))"
    case .member(let a, let n): return "(. \(sexpr(a)) \(n))"
    case .conditional(let c, let a, let b): return "(if \(sexpr(c)) \(sexpr(a)) \(sexpr(b)))"
    case .formula(let l, let r): return "(~ \(l.map(sexpr) ?? "_") \(sexpr(r)))"
    case .lambda(let params, let body): return "(fn (\(params.map(param).joined(separator: " "))) \(sexpr(body)))"
    }
}

func param(_ p: Parameter) -> String { p.defaultValue.map { "\(p.name)=\(sexpr($0))" } ?? p.name }

func sexpr(_ s: Statement) -> String {
    switch s.kind {
    case .expression(let e): return sexpr(e)
    case .assign(let names, let e): return "(= \(names.joined(separator: ",")) \(sexpr(e)))"
    case .function(let name, let params, let body): return "(def \(name) (\(params.map(param).joined(separator: " "))) \(sexpr(body)))"
    }
}

/// Runs `body`, which must throw a SiftError, and hands the error to `check`.
func assertSiftError<T>(_ body: @autoclosure () throws -> T, kind: SiftError.Kind? = nil, _ message: String = "",
                        file: StaticString = #filePath, line: UInt = #line, _ check: (SiftError) -> Void = { _ in }) {
    do {
        let v = try body()
        XCTFail("expected a SiftError, got \(v) \(message)", file: file, line: line)
    } catch let e as SiftError {
        if let kind { XCTAssertEqual(e.kind, kind, "error kind of: \(e.render(color: false))", file: file, line: line) }
        check(e)
    } catch {
        XCTFail("expected a SiftError, got \(type(of: error)): \(error)", file: file, line: line)
    }
}

/// Line and column where the error's span starts (nil when it has no span).
func place(_ e: SiftError) -> (line: Int, column: Int)? {
    guard let s = e.span else { return nil }
    return (s.line, s.column)
}

/// An interpreter with a few tiny builtins, so the language can be tested without the runtime.
final class TestInterpreter {
    let interpreter = Interpreter()
    /// How many times `boom()` / `tick()` ran (to observe short-circuiting and evaluation order).
    var boomCalls = 0
    var ticks: [Int64] = []
    var output = ""

    init() {
        interpreter.write = { [unowned self] in self.output += $0 }
        interpreter.register(Builtin(name: "twice", declaration: "twice(x)", summary: "x * 2") { ctx in
            try Operators.binary(.multiply, ctx.value(0), .int(2))
        })
        interpreter.register(Builtin(name: "boom", declaration: "boom()", summary: "always fails") { [unowned self] ctx in
            self.boomCalls += 1
            throw ctx.error("boom was evaluated")
        })
        interpreter.register(Builtin(name: "tick", declaration: "tick(n)", summary: "records n, returns true") { [unowned self] ctx in
            guard case .int(let n) = try ctx.value(0) else { throw ctx.error("tick needs an int") }
            self.ticks.append(n)
            return .bool(true)
        })
        interpreter.register(Builtin(name: "show", declaration: "show(x, *, end?: string)", summary: "writes x") { ctx in
            let end = try ctx.optional("end").map { try ctx.string($0, "end") } ?? "\n"
            let v = try ctx.value(0)
            ctx.interpreter.write((v.scalar.map(ScalarFormat.plain) ?? v.typeName) + end)
            return .null
        })
        interpreter.register(Builtin(name: "total", declaration: "total(list)", summary: "sum of a list of ints") { ctx in
            guard case .list(let items) = try ctx.value(0) else { throw ctx.error("total needs a list") }
            var s: Int64 = 0
            for i in items { if case .int(let v) = i { s += v } }
            return .int(s)
        })
    }

    /// Runs a program and returns the value of its last expression statement (or of the last
    /// assignment), null when there is none.
    @discardableResult
    func run(_ code: String, name: String = "<test>") throws -> Value {
        var last: Value = .null
        for outcome in try interpreter.run(Source(name: name, text: code)) {
            switch outcome {
            case .value(let v): last = v
            case .assigned(_, let v): last = v
            case .defined: break
            }
        }
        return last
    }

    func scalar(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> Scalar? {
        let v = try run(code)
        let s = v.scalar
        if s == nil { XCTFail("\(code) gave a \(v.typeName), not a plain value", file: file, line: line) }
        return s
    }

    func global(_ name: String) -> Value? { interpreter.globals.lookup(name) }
}

/// Runs `body` on a thread with a large stack (deep trees recurse once per level when they are
/// evaluated and when they are freed); XCTest's main thread has only 8 MiB.
func onLargeStack(_ body: @escaping () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        body()
        done.signal()
    }
    thread.stackSize = 512 << 20
    thread.start()
    done.wait()
}
