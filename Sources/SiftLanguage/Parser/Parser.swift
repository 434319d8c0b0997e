/// A recursive-descent parser with one function per precedence level, lowest first:
/// formula `~`, pipe `|>`, `or`, `and`, `not`, comparisons and `in`, `+ -`, `* / %`, unary `-`,
/// `^`, then calls, indexing and members. Nesting is limited so hostile input gets an error,
/// never a stack overflow.
public struct Parser {
    var tokens: [Token]
    var pos = 0
    let source: Source
    var depth = 0
    var formulaDepth = 0
    public static let maxDepth = 200
    /// Longest chain of operators, pipes, calls or indexes in one expression (see `Expr.height`).
    public static let maxHeight = 10_000

    public init(source: Source) throws {
        self.source = source
        self.tokens = try Lexer.tokenize(source)
    }

    public static func parse(_ source: Source) throws -> [Statement] {
        var p = try Parser(source: source)
        return try p.program()
    }

    // MARK: token helpers

    var current: Token { tokens[pos] }
    var previous: Token { tokens[max(0, pos - 1)] }

    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    func check(_ s: Symbol) -> Bool { current.kind == .symbol(s) }
    func check(_ k: Keyword) -> Bool { current.kind == .keyword(k) }

    mutating func match(_ s: Symbol) -> Bool {
        if check(s) { _ = advance(); return true }
        return false
    }

    mutating func match(_ k: Keyword) -> Bool {
        if check(k) { _ = advance(); return true }
        return false
    }

    mutating func skipNewlines() { while current.kind == .newline { _ = advance() } }

    /// A newline followed by `|>` continues the expression (pipelines written one step per line).
    mutating func skipNewlinesBefore(_ s: Symbol) -> Bool {
        var k = pos
        while tokens[k].kind == .newline { k += 1 }
        if tokens[k].kind == .symbol(s) { pos = k; return true }
        return false
    }

    func error(_ message: String, at token: Token? = nil, hint: String? = nil) -> SiftError {
        let t = token ?? current
        return SiftError(.syntax, message, at: t.span, hint: hint, incomplete: t.kind == .eof)
    }

    mutating func expect(_ s: Symbol, _ what: String) throws -> Token {
        guard check(s) else {
            throw error("expected '\(s.rawValue)' \(what), found \(describe(current))")
        }
        return advance()
    }

    /// Expects the bracket that closes `opener`; when it is missing and the input goes on past the
    /// opener's line, the hint says where the unclosed bracket is (the error is found later).
    mutating func close(_ s: Symbol, _ what: String, opener: Token) throws -> Token {
        guard check(s) else {
            throw error("expected '\(s.rawValue)' \(what), found \(describe(current))", hint: unclosedHint(opener))
        }
        return advance()
    }

    func unclosedHint(_ opener: Token) -> String? {
        let open = source.position(of: opener.span.start)
        guard current.kind != .eof, source.position(of: current.span.start).line != open.line, case .symbol(let s) = opener.kind else { return nil }
        return "is the '\(s.rawValue)' at line \(open.line), column \(open.column) missing its closing bracket?"
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "end of input"
        case .newline: return "end of line"
        case .int(let v): return "number \(v)"
        case .float(let v): return "number \(v)"
        case .string: return "a string"
        case .identifier(let n): return "'\(n)'"
        case .variable(let n): return "'$\(n)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        }
    }

    // MARK: statements

    mutating func program() throws -> [Statement] {
        var out: [Statement] = []
        while true {
            while current.kind == .newline || check(.semicolon) { _ = advance() }
            if current.kind == .eof { return out }
            out.append(try statement())
            guard current.kind == .newline || check(.semicolon) || current.kind == .eof else {
                throw error("unexpected \(describe(current)) after the end of a statement", hint: "put each statement on its own line, or separate them with ;")
            }
        }
    }

    mutating func statement() throws -> Statement {
        let start = current.span
        if check(.fn), case .identifier(let name) = tokens[pos + 1].kind {
            _ = advance(); _ = advance()
            let params = try parameters()
            _ = try expect(.assign, "after the parameters of \(name) (fn name(args) = body)")
            skipNewlines()
            let body = try expression()
            return Statement(kind: .function(name, params, body), span: start.to(previous.span))
        }
        if let names = assignmentTargets() {
            let body = try expression()
            return Statement(kind: .assign(names, body), span: start.to(previous.span))
        }
        let e = try expression()
        return Statement(kind: .expression(e), span: e.span)
    }

    /// Recognises `a =` or `a, b =` at the start of a statement and consumes it.
    mutating func assignmentTargets() -> [String]? {
        var k = pos
        var names: [String] = []
        while true {
            guard case .identifier(let n) = tokens[k].kind else { return nil }
            names.append(n)
            k += 1
            if tokens[k].kind == .symbol(.comma) { k += 1; continue }
            if tokens[k].kind == .symbol(.assign) { break }
            return nil
        }
        pos = k + 1
        skipNewlines()
        return names
    }

    mutating func parameters() throws -> [Parameter] {
        _ = try expect(.leftParen, "to start the parameter list")
        var params: [Parameter] = []
        while !check(.rightParen) {
            guard case .identifier(let n) = current.kind else { throw error("expected a parameter name, found \(describe(current))") }
            _ = advance()
            var def: Expr? = nil
            if match(.assign) || match(.colon) { def = try expression() }
            params.append(Parameter(name: n, defaultValue: def))
            if !match(.comma) { break }
        }
        _ = try expect(.rightParen, "to close the parameter list")
        return params
    }

    // MARK: expressions

    public mutating func expression() throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        guard depth < Parser.maxDepth else {
            throw SiftError(.limit, "expression nested too deeply (more than \(Parser.maxDepth) levels)", at: current.span, hint: "split it into smaller steps with intermediate variables")
        }
        return try bounded(try formula())
    }

    /// Refuses a tree taller than `maxHeight`: a flat chain such as `1 + 1 + … + 1` or
    /// `df |> f |> f …` nests no brackets, yet evaluating it recurses once per link.
    func bounded(_ e: Expr) throws -> Expr {
        guard e.height <= Parser.maxHeight else {
            throw SiftError(.limit, "expression too long (more than \(Parser.maxHeight) operators, calls or steps in a chain)", at: previous.span,
                            hint: "split it into smaller steps with intermediate variables")
        }
        return e
    }

    mutating func formula() throws -> Expr {
        if check(.tilde) {
            let t = advance()
            formulaDepth += 1
            defer { formulaDepth -= 1 }
            let rhs = try pipe()
            return Expr(.formula(nil, rhs), t.span.to(rhs.span))
        }
        let lhs = try pipe()
        if match(.tilde) {
            skipNewlines()
            formulaDepth += 1
            defer { formulaDepth -= 1 }
            let rhs = try pipe()
            return Expr(.formula(lhs, rhs), lhs.span.to(rhs.span))
        }
        return lhs
    }

    mutating func pipe() throws -> Expr {
        var lhs = try orExpr()
        while skipNewlinesBefore(.pipe) {
            let op = advance()
            skipNewlines()
            let rhs = try postfix()
            switch rhs.kind {
            case .call, .name, .variable, .lambda, .member: break
            default: throw error("the right side of |> must be a function call, e.g. df |> head(5)", at: op)
            }
            lhs = try bounded(Expr(.pipe(lhs, rhs), lhs.span.to(rhs.span)))
        }
        return lhs
    }

    mutating func binaryLevel(_ ops: [Symbol: BinaryOp], next: (inout Parser) throws -> Expr) throws -> Expr {
        var lhs = try next(&self)
        while case .symbol(let s) = current.kind, let op = ops[s] {
            _ = advance()
            skipNewlines()
            let rhs = try next(&self)
            lhs = try bounded(Expr(.binary(op, lhs, rhs), lhs.span.to(rhs.span)))
        }
        return lhs
    }

    mutating func orExpr() throws -> Expr {
        var lhs = try andExpr()
        while match(.or) {
            skipNewlines()
            let rhs = try andExpr()
            lhs = try bounded(Expr(.binary(.or, lhs, rhs), lhs.span.to(rhs.span)))
        }
        return lhs
    }

    mutating func andExpr() throws -> Expr {
        var lhs = try notExpr()
        while match(.and) {
            skipNewlines()
            let rhs = try notExpr()
            lhs = try bounded(Expr(.binary(.and, lhs, rhs), lhs.span.to(rhs.span)))
        }
        return lhs
    }

    mutating func notExpr() throws -> Expr {
        if check(.not) {
            let t = advance()
            let e = try nested { try $0.notExpr() }
            return Expr(.unary(.not, e), t.span.to(e.span))
        }
        return try comparison()
    }

    mutating func nested(_ f: (inout Parser) throws -> Expr) throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        guard depth < Parser.maxDepth else {
            throw SiftError(.limit, "expression nested too deeply (more than \(Parser.maxDepth) levels)", at: current.span, hint: "split it into smaller steps")
        }
        return try f(&self)
    }

    mutating func comparison() throws -> Expr {
        let ops: [Symbol: BinaryOp] = [.equal: .equal, .notEqual: .notEqual, .less: .less, .lessEqual: .lessEqual, .greater: .greater, .greaterEqual: .greaterEqual]
        let lhs = try additive()
        if case .symbol(let s) = current.kind, let op = ops[s] {
            _ = advance()
            skipNewlines()
            let rhs = try additive()
            if case .symbol(let s2) = current.kind, ops[s2] != nil {
                throw error("comparisons cannot be chained", hint: "write a < b and b < c")
            }
            return Expr(.binary(op, lhs, rhs), lhs.span.to(rhs.span))
        }
        if check(.in) || (check(.not) && tokens[pos + 1].kind == .keyword(.in)) {
            let negated = match(.not)
            _ = advance()
            skipNewlines()
            let rhs = try additive()
            return Expr(.binary(negated ? .notIn : .in, lhs, rhs), lhs.span.to(rhs.span))
        }
        return lhs
    }

    mutating func additive() throws -> Expr {
        try binaryLevel([.plus: .add, .minus: .subtract]) { try $0.multiplicative() }
    }

    mutating func multiplicative() throws -> Expr {
        var ops: [Symbol: BinaryOp] = [.star: .multiply, .slash: .divide, .percent: .modulo]
        if formulaDepth > 0 { ops[.colon] = .interaction }
        return try binaryLevel(ops) { try $0.unary() }
    }

    mutating func unary() throws -> Expr {
        if check(.minus) || check(.plus) {
            let t = advance()
            let e = try nested { try $0.unary() }
            if t.kind == .symbol(.minus) {
                // Fold literals so -5 is a number, not an operation.
                if case .int(let v) = e.kind { return Expr(.int(-v), t.span.to(e.span)) }
                if case .float(let v) = e.kind { return Expr(.float(-v), t.span.to(e.span)) }
                return Expr(.unary(.negate, e), t.span.to(e.span))
            }
            return Expr(.unary(.plus, e), t.span.to(e.span))
        }
        return try power()
    }

    mutating func power() throws -> Expr {
        let base = try postfix()
        if match(.caret) {
            let exp = try nested { try $0.unary() }  // right-associative
            return Expr(.binary(.power, base, exp), base.span.to(exp.span))
        }
        return base
    }

    mutating func postfix() throws -> Expr {
        var e = try primary()
        while true {
            if check(.leftParen) {
                let args = try arguments()
                e = try bounded(Expr(.call(e, args), e.span.to(previous.span)))
            } else if check(.leftBracket) {
                let open = advance()
                let idx = try expression()
                _ = try close(.rightBracket, "to close the index", opener: open)
                e = try bounded(Expr(.index(e, idx), e.span.to(previous.span)))
            } else if check(.dot), case .identifier(let n) = tokens[pos + 1].kind {
                _ = advance(); _ = advance()
                e = try bounded(Expr(.member(e, n), e.span.to(previous.span)))
            } else {
                return e
            }
        }
    }

    mutating func arguments() throws -> [Argument] {
        let open = try expect(.leftParen, "")
        var args: [Argument] = []
        var seenNamed = false
        while !check(.rightParen) {
            let start = current.span
            if case .identifier(let n) = current.kind, tokens[pos + 1].kind == .symbol(.colon) || tokens[pos + 1].kind == .symbol(.assign) {
                _ = advance(); _ = advance()
                let v = try expression()
                args.append(Argument(name: n, value: v, span: start.to(v.span)))
                seenNamed = true
            } else {
                let v = try expression()
                if seenNamed, !(v.simpleName != nil) {
                    // Positional after named is allowed for column lists (select(a, b = c) is rare);
                    // keep it, the callee decides.
                }
                args.append(Argument(name: nil, value: v, span: v.span))
            }
            if !match(.comma) { break }
        }
        guard check(.rightParen) else {
            throw error("expected ',' or ')' in the argument list, found \(describe(current))", hint: current.kind == .eof ? nil : unclosedHint(open) ?? "did you forget a comma?")
        }
        _ = advance()
        return args
    }

    mutating func primary() throws -> Expr {
        let t = current
        switch t.kind {
        case .int(let v): _ = advance(); return Expr(.int(v), t.span)
        case .float(let v): _ = advance(); return Expr(.float(v), t.span)
        case .string(let s): _ = advance(); return Expr(.string(s), t.span)
        case .identifier(let n): _ = advance(); return Expr(.name(n), t.span)
        case .variable(let n): _ = advance(); return Expr(.variable(n), t.span)
        case .keyword(.true): _ = advance(); return Expr(.bool(true), t.span)
        case .keyword(.false): _ = advance(); return Expr(.bool(false), t.span)
        case .keyword(.null): _ = advance(); return Expr(.null, t.span)
        case .keyword(.if):
            _ = advance()
            let c = try expression()
            skipNewlines()
            guard match(.then) else { throw error("expected 'then' after the condition of if", hint: "if cond then a else b") }
            skipNewlines()
            let a = try expression()
            skipNewlines()
            guard match(.else) else { throw error("expected 'else': every if needs both branches", hint: "if cond then a else b") }
            skipNewlines()
            let b = try expression()
            return Expr(.conditional(c, a, b), t.span.to(b.span))
        case .keyword(.fn):
            _ = advance()
            let params = try parameters()
            guard match(.assign) || match(.arrow) else { throw error("expected '=' after the parameters of fn", hint: "fn(x) = x + 1") }
            skipNewlines()
            let body = try expression()
            return Expr(.lambda(params, body), t.span.to(body.span))
        case .symbol(.leftParen):
            _ = advance()
            let e = try expression()
            _ = try close(.rightParen, "to close '('", opener: t)
            return e
        case .symbol(.leftBracket):
            _ = advance()
            var items: [Expr] = []
            while !check(.rightBracket) {
                items.append(try expression())
                if !match(.comma) { break }
            }
            _ = try close(.rightBracket, "to close the list", opener: t)
            return Expr(.list(items), t.span.to(previous.span))
        case .symbol(.leftBrace):
            _ = advance()
            var fields: [(String, Expr)] = []
            while !check(.rightBrace) {
                let key: String
                switch current.kind {
                case .identifier(let n): key = n
                case .string(let s): key = s
                default: throw error("expected a field name in the record, found \(describe(current))", hint: "{name: value, …}")
                }
                _ = advance()
                guard match(.colon) || match(.assign) else { throw error("expected ':' after the field name '\(key)'") }
                fields.append((key, try expression()))
                if !match(.comma) { break }
            }
            _ = try close(.rightBrace, "to close the record", opener: t)
            return Expr(.record(fields), t.span.to(previous.span))
        case .symbol(.dot) where formulaDepth > 0:
            _ = advance()
            return Expr(.dot, t.span)
        case .eof:
            throw error("unexpected end of input: an expression is missing")
        case .newline:
            throw error("unexpected end of line: an expression is missing", hint: "finish the expression, or end the line with an operator to continue it")
        case .keyword(let k):
            throw error("unexpected '\(k.rawValue)': an expression is missing here")
        case .symbol(let s):
            throw error("unexpected '\(s.rawValue)': an expression is missing here", hint: s == .assign ? "compare with ==, assign with name = value at the start of a line" : nil)
        }
    }
}
