import SiftFrame
import SiftLanguage
import SiftModels
import SiftRender

final class KMeansValue: ClustererModel {
    let fit: KMeansFit
    /// The one-hot coding of text/true-false columns (empty when all columns are numeric).
    let encoding: OneHotEncoding
    /// The columns as the user named them (before one-hot expansion).
    let sourceColumns: [String]
    init(fit: KMeansFit, encoding: OneHotEncoding = OneHotEncoding(categoricals: []), sourceColumns: [String]? = nil) {
        self.fit = fit
        self.encoding = encoding
        self.sourceColumns = sourceColumns ?? fit.columns
    }

    var typeName: String { "kmeans model" }
    var summaryLine: String {
        "kmeans model, k = \(fit.k) on \(fit.columns.joined(separator: ", ")) (n = \(CellText.grouped(fit.rows.count)), inertia = \(Fmt.c("%.6g", fit.inertia)))"
    }

    func render(width: Int) -> String {
        var out = "k-means clustering: k = \(fit.k) on \(fit.columns.joined(separator: ", "))"
        out += fit.scaled ? " (standardized)\n" : "\n"
        out += "rows: \(CellText.grouped(fit.rows.count))"
        if fit.droppedRows > 0 { out += " (\(CellText.grouped(fit.droppedRows)) with nulls left out)" }
        out += ", inertia: \(Fmt.c("%.6g", fit.inertia)), iterations: \(fit.iterations), best of \(fit.nInit) starts\n"
        out += "centres (in the columns' own units):\n"
        if let t = try? tidy() { out += TerminalTable(maxRows: 50, width: width, color: false).render(t) }
        return out
    }

    var statistics: [(String, Scalar)] {
        [("k", .int(Int64(fit.k))), ("inertia", .float(fit.inertia)), ("iterations", .int(Int64(fit.iterations))),
         ("n", .int(Int64(fit.rows.count))), ("dropped", .int(Int64(fit.droppedRows))), ("n_init", .int(Int64(fit.nInit)))]
    }

    func tidy() throws -> Frame {
        var cols = [Column(name: "cluster", storage: .int((1...fit.k).map { Int64($0) })),
                    Column(name: "size", storage: .int(fit.sizes.map { Int64($0) }))]
        for (j, name) in fit.columns.enumerated() where name != "cluster" && name != "size" {
            cols.append(Column(name: name, storage: .float(fit.centers.map { $0[j] })))
        }
        return try Frame(columns: cols)
    }

    func member(_ name: String) -> Value? {
        switch name {
        case "centers", "centres", "tidy": return (try? tidy()).map { .frame($0) }
        case "sizes": return .list(fit.sizes.map { .int(Int64($0)) })
        case "columns": return .list(fit.columns.map { .string($0) })
        case "glance": return (try? glance()).map { .frame($0) }
        case "clusters", "assignments": return .column(ModelColumns.ints("cluster", fit.assignments))
        default: return statistic(name)
        }
    }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        guard let frame else { return ModelColumns.ints("cluster", fit.assignments) }
        let (coded, _) = try encoding.apply(frame, sourceColumns)
        return ModelColumns.ints("cluster", try fit.predict(coded))
    }

    func assign(_ frame: Frame?, ctx: CallContext) throws -> Column { try predict(frame, ctx: ctx) }
}

extension Session {
    func registerClustering() {
        let I = interpreter
        I.define("kmeans", "kmeans(frame: frame, k: int, *, columns?: names, scale: bool = true, seed: int = 0, n_init: int = 10, max_iter: int = 300, tol: float = 1e-4)",
                 "k-means clustering with k-means++ starts, best of n_init runs. Columns default to every numeric column; scale: true standardizes them first (mean 0, sd 1). Rows with a null in a used column are left out (assign() gives them null).",
                 example: "seg = kmeans(customers, k: 4, columns: [age, income, visits, spend], seed: 7)", category: "models", lazy: true) { ctx in
            let (frame, _) = try Args.input(ctx)
            guard let kv = try ctx.optional("k", position: 1) else { throw ctx.error("kmeans() needs the number of clusters, k: 4") }
            var options = KMeansFit.Options(k: try ctx.int(kv, "k"))
            try ClusterArgs.common(ctx, &options)
            let columns = try ClusterArgs.columns(ctx, frame)
            let encoding = try OneHotEncoding.learn(frame, columns)
            let (coded, expanded) = try encoding.apply(frame, columns)
            return .object(KMeansValue(fit: try KMeansFit.fit(coded, columns: expanded, options: options), encoding: encoding, sourceColumns: columns))
        }
        I.define("assign", "assign(model: model, newdata?: frame)",
                 "The cluster (1…k) of each row the k-means model was fitted on, lined up with that frame's rows (null for rows left out for nulls), so it can be used in mutate on the same frame.",
                 example: "customers |> mutate(segment = assign(seg))", category: "models") { ctx in
            let m = try ModelArgs.model(ctx)
            guard let c = m as? any ClustererModel else { throw ctx.error("assign() needs a clustering model such as kmeans(), got a \(m.typeName)", hint: "use predict(model, df) for other models") }
            return .column(try c.assign(ctx.count > 1 ? try ctx.frame(1) : nil, ctx: ctx))
        }
        I.define("elbow", "elbow(frame: frame, ks?: list, *, columns?: names, scale: bool = true, seed: int = 0, n_init: int = 10, max_iter: int = 300, tol: float = 1e-4)",
                 "k-means inertia for each k, as a frame (k, inertia), to choose k where the curve bends.",
                 example: "customers |> elbow(ks: [2, 3, 4, 5, 6], columns: [age, income])", category: "models", lazy: true) { ctx in
            let (frame, _) = try Args.input(ctx)
            let ks: [Int]
            if let v = try ctx.optional("ks", position: 1) {
                ks = try Args.doubles(v, ctx, "ks").map { d in
                    guard d == d.rounded(), d >= 1 else { throw ctx.error("ks must hold whole numbers of at least 1") }
                    return Int(d)
                }
            } else {
                ks = Array(1...8)
            }
            guard !ks.isEmpty else { throw ctx.error("ks must list at least one k") }
            var options = KMeansFit.Options(k: 1)
            try ClusterArgs.common(ctx, &options)
            let sourceColumns = try ClusterArgs.columns(ctx, frame)
            let (coded, columns) = try OneHotEncoding.learn(frame, sourceColumns).apply(frame, sourceColumns)
            var inertias: [Double] = []
            for k in ks {
                try Interrupt.check()
                options.k = k
                inertias.append(try KMeansFit.fit(coded, columns: columns, options: options).inertia)
            }
            return .frame(try Frame(columns: [Column(name: "k", storage: .int(ks.map { Int64($0) })),
                                              Column(name: "inertia", storage: .float(inertias))]))
        }
    }
}

enum ClusterArgs {
    static func common(_ ctx: CallContext, _ o: inout KMeansFit.Options) throws {
        if let v = try ctx.optional("scale") { o.scale = try ctx.bool(v, "scale") }
        if let v = try ctx.optional("seed") { o.seed = UInt64(bitPattern: Int64(try ctx.int(v, "seed"))) }
        if let v = try ctx.optional("n_init") { o.nInit = try ctx.int(v, "n_init") }
        if let v = try ctx.optional("max_iter") { o.maxIter = try ctx.int(v, "max_iter") }
        if let v = try ctx.optional("tol") { o.tol = try ctx.double(v, "tol") }
        guard o.nInit >= 1 else { throw ctx.error("n_init must be at least 1") }
        guard o.maxIter >= 1 else { throw ctx.error("max_iter must be at least 1") }
        guard o.tol >= 0 else { throw ctx.error("tol must not be negative") }
    }

    /// `columns: [a, b]` as bare or quoted names; every int/float column when omitted.
    static func columns(_ ctx: CallContext, _ frame: Frame) throws -> [String] {
        if let a = ctx.namedArgument("columns") {
            let names = try ctx.columnNames(a, in: frame)
            guard !names.isEmpty else { throw ctx.error("columns: must name at least one column") }
            return names
        }
        let numeric = frame.columns.filter { $0.type == .int || $0.type == .float }.map(\.name)
        guard !numeric.isEmpty else { throw ctx.error("the frame has no numeric columns to cluster") }
        return numeric
    }
}

extension Session {
    func registerSplitAndTests() {
        let I = interpreter
        I.define("split", "split(x, fraction = 0.8, *, seed: int = 0, stratify?: names)",
                 "A seeded random split of the rows into [train, test] (each in original order); stratify: keeps each class's share the same on both sides. split(text, separator) instead splits each text into a list (pandas' str.split).",
                 example: "train, test = split(customers, 0.8, seed: 42)", category: "models", lazy: true) { ctx in
            // split(text, ",") on a text or text column: lists of pieces.
            switch try ctx.value(0) {
            case .string, .column:
                guard ctx.namedArgument("seed") == nil, ctx.namedArgument("stratify") == nil, ctx.count == 2 else {
                    throw ctx.error("split(text, separator) splits text; seed: and stratify: split frames")
                }
                let sep = try ctx.string(ctx.value(1), "the separator", at: ctx.span(of: 1))
                return try Args.lift(ctx.value(0), ctx) { try TextShaping.split($0, separator: sep) }
            default: break
            }
            let (frame, _) = try Args.input(ctx)
            let fraction = try ctx.optional("fraction", position: 1).map { try ctx.double($0, "fraction") } ?? 0.8
            let seed = try ctx.optional("seed").map { UInt64(bitPattern: Int64(try ctx.int($0, "seed"))) } ?? 0
            var strata: [Int]? = nil
            if let a = ctx.namedArgument("stratify") {
                let names = try ctx.columnNames(a, in: frame)
                guard names.count == 1 else { throw ctx.error("stratify: takes one column") }
                let c = try frame.column(names[0])
                var codes: [Scalar: Int] = [:]
                let cells = (0..<c.count).map { c[$0] }
                let distinct = Array(Set(cells)).sorted { ScalarFormat.plain($0) < ScalarFormat.plain($1) }
                for (i, s) in distinct.enumerated() { codes[s] = i }
                strata = cells.map { codes[$0]! }
            }
            let (train, test) = try Sampling.split(rowCount: frame.rowCount, fraction: fraction, seed: seed, strata: strata)
            return .list([.frame(frame.take(train)), .frame(frame.take(test))])
        }
    }
}
