#if canImport(Glibc)
import Glibc
#endif
import SiftFrame
import SiftLanguage

/// One analysis session: an interpreter with every builtin registered and the stdlib loaded.
/// The REPL, script runner and notebook runner each drive one; cells of a notebook share one.
public final class Session {
    public let interpreter: Interpreter
    public var display: ValueDisplay
    public var limits = Limits() {
        didSet { interpreter.maxCallDepth = limits.maxCallDepth }
    }
    /// Relative paths in `read_csv`/`write_csv` resolve from here (a notebook's folder).
    /// The query optimizer's switch (`set_option("optimizer", 0)`) and the rules switched off
    /// one by one (`set_option("optimizer.top_n", 0)`): for comparing plans and results.
    public var optimizerEnabled = true
    public var disabledRules: Set<String> = []
    public var baseDirectory: String?
    /// Says where relative paths start, for "file not found" hints ("the notebook's folder, /x").
    public var baseDescription: String?
    /// One-paragraph descriptions of stdlib functions (from the `#` comments above each `fn`).
    public var functionDocs: [String: String] = [:]
    /// The partitions window functions read while a grouped verb evaluates over the whole frame.
    var windowScope: WindowScope?

    /// Releases the session's memory now: its variables, functions and builtins form reference
    /// cycles that would otherwise outlive it. The session cannot be used afterwards. Only
    /// processes that make many sessions (the fuzzer, long test runs) need this.
    public func close() { interpreter.tearDown() }

    public init(display: ValueDisplay = ValueDisplay(), loadStdlib: Bool = true) throws {
        self.interpreter = Interpreter()
        self.display = display
        interpreter.maxCallDepth = limits.maxCallDepth
        registerCore()
        registerIO()
        registerFileFormats()
        registerVerbs()
        registerAggregates()
        registerColumnFunctions()
        registerModels()
        registerCharts()
        registerFormat()
        registerOptions()
        registerExplain()
        registerText()
        registerWindows()
        registerDates()
        registerFrameBuilding()
        registerDistributions()
        registerTextShaping()
        registerReshaping()
        registerConditions()
        registerRemote()
        #if DEBUG
        registerTestingBuiltins()
        #endif
        PlanExecutor.install(in: self)
        _ = SQLDrivers.registered
        if loadStdlib { try StdlibLoader.load(into: self) }
    }

    public func resolvePath(_ path: String) -> String {
        guard let base = baseDirectory, !path.hasPrefix("/"), !base.isEmpty else { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    /// Runs `body` on the resolved path; a missing file's hint says where relative paths
    /// really start (a notebook's folder, not the working directory).
    public func withResolvedPath<T>(_ path: String, _ body: (String) throws -> T) throws -> T {
        do {
            return try body(resolvePath(path))
        } catch var e as FrameError where e.isIO && e.message.hasPrefix("file not found") {
            if let base = baseDirectory, !path.hasPrefix("/") {
                e.hint = "check the path; relative paths start from " + (baseDescription ?? base)
            }
            throw e
        }
    }

    /// Runs code statement by statement, reporting each outcome as it happens so output
    /// before an error is kept.
    public func run(_ source: Source, onOutcome: (Outcome) -> Void = { _ in }) throws {
        let program = try Parser.parse(source)
        for statement in program {
            onOutcome(try interpreter.execute(statement))
        }
    }

    public func run(code: String, name: String = "<command>") throws -> [Outcome] {
        var outcomes: [Outcome] = []
        try run(Source(name: name, text: code)) { outcomes.append($0) }
        return outcomes
    }

    /// Evaluates code and returns the value of its last expression (tests and tools).
    public func evaluate(_ code: String) throws -> Value {
        var last: Value = .null
        for o in try run(code: code) {
            if case .value(let v) = o { last = v }
        }
        return last
    }
}

/// Runs the standard library at start-up. Its text is compiled into the binary (the EmbedStdlib
/// build plugin), so every copy of `sift`, run from any folder, has it. `SIFT_STDLIB=folder` loads
/// the `.sift` files of that folder instead (for working on the stdlib without rebuilding); a
/// folder that does not exist is an error rather than a silently empty stdlib.
enum StdlibLoader {
    /// Name and text of each stdlib file, from `SIFT_STDLIB` or the embedded copy.
    static func files() throws -> [(name: String, text: String)] {
        guard let env = getenv("SIFT_STDLIB").map({ String(cString: $0) }), !env.isEmpty else {
            return EmbeddedStdlib.files.map { ("stdlib/" + $0.name, $0.text) }
        }
        guard isDirectory(env) else {
            throw SiftError(.runtime, "SIFT_STDLIB is \(env), which is not a folder", hint: "point it at a folder of .sift files, or unset it to use the built-in stdlib")
        }
        return try listSiftFiles(env).map { file in
            let path = env + "/" + file
            return (path, String(decoding: try FileBytes.read(path, stopAtNUL: true), as: UTF8.self))
        }
    }

    static func load(into session: Session) throws {
        for (name, text) in try files() {
            try session.run(Source(name: name, text: text))
            for (fn, doc) in docComments(text) { session.functionDocs[fn] = doc }
        }
    }

    /// A doc comment's lines as one paragraph; an `Example:` line (code that runs as a test,
    /// MarketingStdlibTests) goes on its own line, as builtins show theirs.
    static func joinDoc(_ lines: [String]) -> String {
        var text: [String] = [], examples: [String] = []
        for l in lines {
            if l.hasPrefix("Example:") { examples.append("example: " + l.dropFirst(8).drop { $0 == " " }) } else { text.append(l) }
        }
        return ([text.joined(separator: " ")] + examples).filter { !$0.isEmpty }.joined(separator: "\n  ")
    }

    /// `# comment` lines directly above `fn name(…)` document that function.
    static func docComments(_ text: String) -> [(String, String)] {
        var out: [(String, String)] = []
        var pending: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.drop { $0 == " " }
            if t.hasPrefix("#") {
                pending.append(String(t.dropFirst().drop { $0 == " " }))
            } else if t.hasPrefix("fn ") {
                let name = t.dropFirst(3).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if !pending.isEmpty { out.append((String(name), joinDoc(pending))) }
                pending = []
            } else {
                pending = []
            }
        }
        return out
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func listSiftFiles(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasSuffix(".sift") { names.append(name) }
        }
        return names.sorted()
    }
}

/// Runs work on a thread with a large stack, so deeply nested user code reaches Sift's own
/// depth limits (clear errors) long before the native stack could overflow.
public enum LargeStack {
    public static func run(stackSize: Int = 512 << 20, _ body: @escaping () -> Void) {
        final class Box { let body: () -> Void; init(_ b: @escaping () -> Void) { body = b } }
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        pthread_attr_setstacksize(&attr, stackSize)
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let rc = pthread_create(&thread, &attr, { arg in
            let b = Unmanaged<AnyObject>.fromOpaque(arg!).takeRetainedValue() as! Box
            b.body()
            return nil
        }, box)
        pthread_attr_destroy(&attr)
        if rc != 0 {
            Unmanaged<AnyObject>.fromOpaque(box).release()
            body()
            return
        }
        pthread_join(thread, nil)
    }
}
