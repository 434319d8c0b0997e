import Foundation

/// A small backtracking regular-expression engine over UTF-8 bytes, for the common patterns of
/// data cleaning (`#(\d+)`, `^[A-Z]{2}-\d{4}$`, `(\w+)@(\w+)\.com`) on ASCII text, where it
/// gives exactly the answers of ICU/PCRE/Python (leftmost match, greedy or lazy quantifiers,
/// first alternative first) at a fraction of the cost of a Foundation call per row.
///
/// It compiles a pattern to instructions (as Thompson/Pike programs; Russ Cox's "backtracking"
/// machine) and runs them with an explicit stack. What it does not cover — look-around,
/// back-references, Unicode properties, inline flags other than a leading `(?i)` — makes
/// `compile` return nil, and callers use NSRegularExpression instead. Callers also route rows with
/// non-ASCII bytes to NSRegularExpression, since `.` and `\w` mean characters there; and a
/// match that takes more than `stepBudget` steps (catastrophic backtracking) reports `nil` so
/// the caller can do the same.
public struct ByteRegex: Sendable {
    enum Op: Sendable {
        case byte(UInt8)
        case set(Int)          // index into sets
        case any               // any byte but \n
        case split(Int, Int)   // try first, then second
        case jump(Int)
        case save(Int)
        case begin, end        // ^ $ (whole text; $ also before a final \n)
        case wordBoundary(Bool) // \b (true) or \B
        case match
    }

    let ops: [Op]
    let sets: [[Bool]]
    /// `sets` flattened, 256 entries a set: one index per byte in the matching loop.
    let setTable: [Bool]
    public let groupCount: Int
    let caseInsensitive: Bool
    /// A byte every match must start with, for a fast scan (nil: any).
    let firstByte: UInt8?
    public static let stepBudget = 200_000

    // MARK: parsing

    indirect enum Node {
        case byte(UInt8), set([Bool]), any, begin, end, boundary(Bool)
        case concat([Node]), alt([Node]), group(Node, Int?)
        case repeatNode(Node, min: Int, max: Int?, greedy: Bool)
    }

    struct Parser {
        let b: [UInt8]
        var i = 0
        var groups = 0
        var ci = false

        mutating func parseAlt() -> Node? {
            var branches: [Node] = []
            guard let first = parseConcat() else { return nil }
            branches.append(first)
            while i < b.count, b[i] == UInt8(ascii: "|") {
                i += 1
                guard let n = parseConcat() else { return nil }
                branches.append(n)
            }
            return branches.count == 1 ? branches[0] : .alt(branches)
        }

        mutating func parseConcat() -> Node? {
            var items: [Node] = []
            while i < b.count, b[i] != UInt8(ascii: "|"), b[i] != UInt8(ascii: ")") {
                guard var atom = parseAtom() else { return nil }
                // Quantifiers
                while i < b.count {
                    var lo = 0, hi: Int? = nil
                    let c = b[i]
                    if c == UInt8(ascii: "*") { lo = 0; hi = nil; i += 1 }
                    else if c == UInt8(ascii: "+") { lo = 1; hi = nil; i += 1 }
                    else if c == UInt8(ascii: "?") { lo = 0; hi = 1; i += 1 }
                    else if c == UInt8(ascii: "{"), let (a, z, len) = counted(i) { lo = a; hi = z; i += len }
                    else { break }
                    var greedy = true
                    if i < b.count, b[i] == UInt8(ascii: "?") { greedy = false; i += 1 }
                    else if i < b.count, b[i] == UInt8(ascii: "+") { return nil }  // possessive
                    if let hi, hi < lo { return nil }
                    if lo > 1000 || (hi ?? 0) > 1000 { return nil }
                    if case .repeatNode = atom { return nil }  // a** and the like: leave to ICU
                    atom = .repeatNode(atom, min: lo, max: hi, greedy: greedy)
                }
                items.append(atom)
            }
            return items.count == 1 ? items[0] : .concat(items)
        }

        /// `{n}`, `{n,}`, `{n,m}` at `j`: (min, max, length); nil when not a quantifier.
        func counted(_ j: Int) -> (Int, Int?, Int)? {
            var k = j + 1
            func num() -> Int? {
                var v = 0, d = 0
                while k < b.count, b[k] >= 48, b[k] <= 57, d < 5 { v = v * 10 + Int(b[k] - 48); k += 1; d += 1 }
                return d > 0 ? v : nil
            }
            guard let lo = num() else { return nil }
            var hi: Int? = lo
            if k < b.count, b[k] == UInt8(ascii: ",") { k += 1; hi = num() }
            guard k < b.count, b[k] == UInt8(ascii: "}") else { return nil }
            return (lo, hi, k - j + 1)
        }

        static func classSet(_ c: UInt8) -> [Bool]? {
            var s = [Bool](repeating: false, count: 256)
            switch c {
            case UInt8(ascii: "d"), UInt8(ascii: "D"): for x in 48...57 { s[x] = true }
            case UInt8(ascii: "w"), UInt8(ascii: "W"):
                for x in 48...57 { s[x] = true }; for x in 65...90 { s[x] = true }; for x in 97...122 { s[x] = true }; s[95] = true
            case UInt8(ascii: "s"), UInt8(ascii: "S"): for x in [9, 10, 11, 12, 13, 32] { s[x] = true }
            default: return nil
            }
            if c >= 65, c <= 90 { for x in 0..<128 { s[x].toggle() } }  // \D \W \S (ASCII rows only)
            return s
        }

        /// An escaped literal byte, or nil for escapes this engine leaves to ICU.
        static func escaped(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "n"): return 10
            case UInt8(ascii: "t"): return 9
            case UInt8(ascii: "r"): return 13
            case UInt8(ascii: "f"): return 12
            case UInt8(ascii: "v"): return 11
            default:
                // Punctuation escapes stand for themselves; letters and digits mean something else.
                if (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128 { return nil }
                return c
            }
        }

        mutating func parseAtom() -> Node? {
            let c = b[i]
            switch c {
            case UInt8(ascii: "("):
                i += 1
                var capture: Int? = nil
                if i + 1 < b.count, b[i] == UInt8(ascii: "?") {
                    if b[i + 1] == UInt8(ascii: ":") { i += 2 }
                    else if b[i + 1] == UInt8(ascii: "P") || b[i + 1] == UInt8(ascii: "<"), i + 2 < b.count, b[i + 2] != UInt8(ascii: "="), b[i + 2] != UInt8(ascii: "!") {
                        // Named group: (?P<name>…) or (?<name>…), captured by number.
                        i += b[i + 1] == UInt8(ascii: "P") ? 3 : 2
                        while i < b.count, b[i] != UInt8(ascii: ">") { i += 1 }
                        guard i < b.count else { return nil }
                        i += 1
                        groups += 1
                        capture = groups
                    } else { return nil }
                } else {
                    groups += 1
                    capture = groups
                }
                guard let inner = parseAlt(), i < b.count, b[i] == UInt8(ascii: ")") else { return nil }
                i += 1
                return .group(inner, capture)
            case UInt8(ascii: "["):
                return parseClass()
            case UInt8(ascii: "."): i += 1; return .any
            case UInt8(ascii: "^"): i += 1; return .begin
            case UInt8(ascii: "$"): i += 1; return .end
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "]"):
                // A quantifier with nothing to repeat, or a bare brace: leave to ICU's rules.
                return nil
            case UInt8(ascii: "\\"):
                guard i + 1 < b.count else { return nil }
                let e = b[i + 1]
                i += 2
                if e == UInt8(ascii: "b") { return .boundary(true) }
                if e == UInt8(ascii: "B") { return .boundary(false) }
                if let s = Self.classSet(e) { return .set(s) }
                guard let lit = Self.escaped(e) else { return nil }
                return literal(lit)
            default:
                if c >= 128 { return nil }
                i += 1
                return literal(c)
            }
        }

        func literal(_ c: UInt8) -> Node {
            guard ci, let other = Self.otherCase(c) else { return .byte(c) }
            var s = [Bool](repeating: false, count: 256)
            s[Int(c)] = true; s[Int(other)] = true
            return .set(s)
        }

        static func otherCase(_ c: UInt8) -> UInt8? {
            if c >= 65, c <= 90 { return c + 32 }
            if c >= 97, c <= 122 { return c - 32 }
            return nil
        }

        mutating func parseClass() -> Node? {
            i += 1
            var s = [Bool](repeating: false, count: 256)
            var negate = false
            if i < b.count, b[i] == UInt8(ascii: "^") { negate = true; i += 1 }
            var first = true
            while i < b.count, b[i] != UInt8(ascii: "]") || first {
                first = false
                var lo: UInt8
                if b[i] == UInt8(ascii: "\\") {
                    guard i + 1 < b.count else { return nil }
                    let e = b[i + 1]
                    i += 2
                    if let cs = Self.classSet(e) { for x in 0..<256 where cs[x] { s[x] = true }; continue }
                    guard let l = Self.escaped(e) else { return nil }
                    lo = l
                } else if b[i] == UInt8(ascii: "["), i + 1 < b.count, b[i + 1] == UInt8(ascii: ":") || b[i + 1] == UInt8(ascii: "=") {
                    return nil  // POSIX classes and nested sets: ICU's business
                } else {
                    lo = b[i]
                    if lo >= 128 { return nil }
                    i += 1
                }
                var hi = lo
                if i + 1 < b.count, b[i] == UInt8(ascii: "-"), b[i + 1] != UInt8(ascii: "]") {
                    i += 1
                    if b[i] == UInt8(ascii: "\\") {
                        guard i + 1 < b.count, let l = Self.escaped(b[i + 1]) else { return nil }
                        hi = l
                        i += 2
                    } else {
                        hi = b[i]
                        if hi >= 128 { return nil }
                        i += 1
                    }
                    guard hi >= lo else { return nil }
                }
                for x in Int(lo)...Int(hi) {
                    s[x] = true
                    if ci, let o = Self.otherCase(UInt8(x)) { s[Int(o)] = true }
                }
            }
            guard i < b.count else { return nil }
            i += 1
            if negate { for x in 0..<128 { s[x].toggle() } }
            return .set(s)
        }
    }

    // MARK: compiling

    struct Compiler {
        var ops: [Op] = []
        var sets: [[Bool]] = []

        mutating func emit(_ n: Node) {
            switch n {
            case .byte(let c): ops.append(.byte(c))
            case .set(let s): sets.append(s); ops.append(.set(sets.count - 1))
            case .any: ops.append(.any)
            case .begin: ops.append(.begin)
            case .end: ops.append(.end)
            case .boundary(let w): ops.append(.wordBoundary(w))
            case .concat(let items): for x in items { emit(x) }
            case .group(let inner, let k):
                if let k { ops.append(.save(2 * k)) }
                emit(inner)
                if let k { ops.append(.save(2 * k + 1)) }
            case .alt(let branches):
                // split L1, next; L1: a; jump end; next: split L2, … ; last branch
                var jumps: [Int] = []
                for (idx, br) in branches.enumerated() {
                    if idx < branches.count - 1 {
                        let split = ops.count
                        ops.append(.split(0, 0))
                        emit(br)
                        jumps.append(ops.count)
                        ops.append(.jump(0))
                        ops[split] = .split(split + 1, ops.count)
                    } else {
                        emit(br)
                    }
                }
                for j in jumps { ops[j] = .jump(ops.count) }
            case .repeatNode(let x, let lo, let hi, let greedy):
                for _ in 0..<lo { emit(x) }
                if let hi {
                    // Optional copies: split(body, end) each.
                    var splits: [Int] = []
                    for _ in lo..<hi {
                        splits.append(ops.count)
                        ops.append(.split(0, 0))
                        emit(x)
                    }
                    for s in splits { ops[s] = greedy ? .split(s + 1, ops.count) : .split(ops.count, s + 1) }
                } else {
                    // L: split(body, end); body; jump L
                    let l = ops.count
                    ops.append(.split(0, 0))
                    emit(x)
                    ops.append(.jump(l))
                    ops[l] = greedy ? .split(l + 1, ops.count) : .split(ops.count, l + 1)
                }
            }
        }
    }

    /// The compiled pattern, or nil when it uses what this engine leaves to ICU.
    public static func compile(_ pattern: String) -> ByteRegex? {
        var bytes = Array(pattern.utf8)
        var ci = false
        if bytes.starts(with: Array("(?i)".utf8)) { ci = true; bytes.removeFirst(4) }
        var p = Parser(b: bytes, ci: ci)
        guard let node = p.parseAlt(), p.i == bytes.count else { return nil }
        var c = Compiler()
        c.emit(node)
        c.ops.append(.match)
        guard c.ops.count < 20_000 else { return nil }
        var first: UInt8? = nil
        if case .byte(let b)? = c.ops.first { first = b }
        return ByteRegex(ops: c.ops, sets: c.sets, setTable: c.sets.flatMap { $0 }, groupCount: p.groups, caseInsensitive: ci, firstByte: first)
    }

    // MARK: matching

    public enum Outcome { case found([Int]), none, tooHard }

    /// Working memory for `search`: the capture slots and the backtracking stack. A column scan
    /// keeps one per chunk, so a row costs no allocation (it was three per row, most of the time
    /// on 1M short texts).
    public struct Scratch {
        /// Capture slots after a match: byte offsets, -1 unset; slots 0/1 the whole match.
        public internal(set) var slots: [Int]
        var stack: [(pc: Int, sp: Int, slot: Int, old: Int)]
        public init(groupCount: Int) {
            slots = [Int](repeating: -1, count: 2 * (groupCount + 1))
            stack = []
            stack.reserveCapacity(64)
        }
    }

    public func makeScratch() -> Scratch { Scratch(groupCount: groupCount) }

    /// The first match at or after `from`: capture slots (byte offsets, -1 unset; slot 0/1 the whole match).
    public func search(_ t: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Outcome {
        var scratch = makeScratch()
        switch search(t, from: from, scratch: &scratch) {
        case .found: return .found(scratch.slots)
        case .none: return .none
        case .tooHard: return .tooHard
        }
    }

    /// What a search found; on `.found` the slots are in the scratch.
    public enum ScratchOutcome { case found, none, tooHard }

    /// `search` without allocating: the slots of a match are left in `scratch.slots`.
    public func search(_ t: UnsafeBufferPointer<UInt8>, from: Int = 0, scratch: inout Scratch) -> ScratchOutcome {
        var start = from
        var steps = 0
        let n = t.count
        while start <= n {
            if let fb = firstByte {
                // memchr is vectorised: most of a long text is skipped without entering the machine.
                guard start < n, let base = t.baseAddress,
                      let hit = memchr(base + start, Int32(fb), n - start) else { return .none }
                start = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            for k in scratch.slots.indices { scratch.slots[k] = -1 }
            switch run(t, start, &scratch.slots, &scratch.stack, &steps) {
            case .some(true):
                scratch.slots[0] = start
                return .found
            case .some(false): break
            case .none: return .tooHard
            }
            start += 1
        }
        return .none
    }

    @inline(__always) func isWord(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    /// Backtracking run from `start`; true with slots[1] set on a match, nil when over budget.
    func run(_ t: UnsafeBufferPointer<UInt8>, _ start: Int, _ slots: inout [Int], _ stack: inout [(pc: Int, sp: Int, slot: Int, old: Int)], _ steps: inout Int) -> Bool? {
        stack.removeAll(keepingCapacity: true)
        var pc = 0, sp = start
        let n = t.count
        while true {
            steps += 1
            if steps > Self.stepBudget { return nil }
            var fail = false
            switch ops[pc] {
            case .byte(let c):
                if sp < n, t[sp] == c { sp += 1; pc += 1 } else { fail = true }
            case .set(let k):
                if sp < n, setTable[k &* 256 &+ Int(t[sp])] { sp += 1; pc += 1 } else { fail = true }
            case .any:
                if sp < n, t[sp] != 10 { sp += 1; pc += 1 } else { fail = true }
            case .split(let a, let b):
                stack.append((b, sp, -1, 0))
                pc = a
            case .jump(let a): pc = a
            case .save(let k):
                stack.append((-1, 0, k, slots[k]))
                slots[k] = sp
                pc += 1
            case .begin: if sp == 0 { pc += 1 } else { fail = true }
            case .end: if sp == n || (sp == n - 1 && t[sp] == 10) { pc += 1 } else { fail = true }
            case .wordBoundary(let want):
                let before = sp > 0 && isWord(t[sp - 1]), after = sp < n && isWord(t[sp])
                if (before != after) == want { pc += 1 } else { fail = true }
            case .match:
                slots[1] = sp
                return true
            }
            if fail {
                // Pop until a branch to retry, undoing captures on the way.
                while true {
                    guard let top = stack.popLast() else { return false }
                    if top.slot >= 0 { slots[top.slot] = top.old; continue }
                    pc = top.pc
                    sp = top.sp
                    break
                }
            }
        }
    }
}
