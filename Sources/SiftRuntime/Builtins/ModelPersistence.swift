import Foundation
import SiftFrame
import SiftLanguage
import SiftModels

/// The saved-model file (docs/models.md, "Saving models"): one JSON object,
///
///     {"format": "sift-model", "version": 1, "kind": "linear", "formula": {…}, "linear": {…}}
///
/// `kind` names which one of the model fields is present; `formula` holds what prediction needs of
/// the formula (the response, computed terms as source text, re-parsed on load). The fitted
/// numbers are the models' own fields, encoded by Swift's Codable (doubles in shortest round-trip
/// form, non-finite ones as the strings "nan", "inf", "-inf"), so a loaded model predicts bit for
/// bit what the saved one did. A later Sift that changes the layout raises `version`; this one
/// refuses files with a version above its own with a clear error instead of misreading them.
struct ModelFile: Codable {
    static let currentVersion = 1
    static let formatName = "sift-model"

    var format = ModelFile.formatName
    var version = ModelFile.currentVersion
    var kind: String
    var formula: SavedBinding?
    var linear: LinearFit?
    var logit: LogitFit?
    var penalizedLinear: PenalizedLinearFit?
    var penalizedLogit: PenalizedLogitFit?
    var supervised: SavedSupervised?
    var kmeans: KMeansFit?
    var kmeansEncoding: OneHotEncoding?
    var kmeansColumns: [String]?

    init(kind: String) { self.kind = kind }

    /// Only the fields every version has, read first so a newer file gets a version error rather
    /// than a decoding error.
    struct Header: Codable {
        var format: String?
        var version: Int?
        var kind: String?
    }
}

/// What prediction needs of a formula binding; computed terms are kept as their source text.
struct SavedBinding: Codable {
    var response: String
    var responseText: String?
    var derived: [Derived]
    var text: String
    var dotColumns: [String]

    struct Derived: Codable {
        var name: String
        var text: String
    }

    init(_ b: FormulaBinding) {
        response = b.response
        responseText = b.responseExpr.map(ExprText.text)
        derived = b.derived.map { Derived(name: $0.name, text: ExprText.text($0.expr)) }
        text = b.text
        dotColumns = b.dotColumns
    }

    func binding(path: String) throws -> FormulaBinding {
        func parse(_ text: String) throws -> Expr {
            let statements = try Parser.parse(Source(name: path, text: text))
            guard statements.count == 1, case .expression(let e) = statements[0].kind else {
                throw SiftError(.runtime, "\(path): the saved term '\(text)' is not an expression; the file is damaged")
            }
            return e
        }
        let derivedExprs = try derived.map { ($0.name, try parse($0.text)) }
        var responseExpr: Expr? = nil
        if let t = responseText {
            if let d = derivedExprs.first(where: { $0.0 == response }) { responseExpr = d.1 } else { responseExpr = try parse(t) }
        }
        return FormulaBinding(response: response, responseExpr: responseExpr, rhs: .intercept,
                              derived: derivedExprs, text: text, dotColumns: dotColumns)
    }
}

/// Class labels as text with their type, so true/false, numbers and text come back as they were.
struct SavedClasses: Codable {
    var type: String
    var labels: [String]

    init(_ c: ClassCoding) {
        type = c.type.rawValue
        labels = c.names
    }

    func coding(path: String) throws -> ClassCoding {
        guard let t = DataType(rawValue: type) else { throw SiftError(.runtime, "\(path): unknown class type '\(type)'; the file is damaged") }
        let scalars: [Scalar] = try labels.map { s in
            switch t {
            case .bool: return .bool(s == "true")
            case .int:
                guard let v = Int64(s) else { throw SiftError(.runtime, "\(path): class label '\(s)' is not an int; the file is damaged") }
                return .int(v)
            case .float:
                guard let v = Double(s) else { throw SiftError(.runtime, "\(path): class label '\(s)' is not a number; the file is damaged") }
                return .float(v)
            default: return .string(s)
            }
        }
        return ClassCoding(labels: scalars, type: t)
    }
}

/// The models of TreeModelValue (trees, forests, naive Bayes, k-NN, SVMs): exactly one of the
/// model fields is set.
struct SavedSupervised: Codable {
    var design: Design
    var classes: SavedClasses?
    var nobs: Int
    var dropped: Int
    var trainScore: Double
    var tree: DecisionTree?
    var forest: RandomForest?
    var bayes: GaussianNaiveBayes?
    var knn: NearestNeighbors?
    var svm: MulticlassSVM?
    var svmMeans: [Double]?
    var svmScales: [Double]?
    var boosted: BoostedTrees?
    var svr: SVRModel?
}

enum ModelPersistence {
    static func encode(_ model: ModelValue, ctx: CallContext) throws -> ModelFile {
        var file: ModelFile
        switch model {
        case let m as LinearModelValue:
            file = ModelFile(kind: "linear"); file.linear = m.fit; file.formula = SavedBinding(m.binding)
        case let m as LogitModelValue:
            file = ModelFile(kind: "logit"); file.logit = m.fit; file.formula = SavedBinding(m.binding)
        case let m as PenalizedLinearValue:
            file = ModelFile(kind: "penalized_linear"); file.penalizedLinear = m.fit; file.formula = SavedBinding(m.binding)
        case let m as PenalizedLogitValue:
            file = ModelFile(kind: "penalized_logit"); file.penalizedLogit = m.fit; file.formula = SavedBinding(m.binding)
        case let m as KMeansValue:
            file = ModelFile(kind: "kmeans"); file.kmeans = m.fit; file.kmeansEncoding = m.encoding; file.kmeansColumns = m.sourceColumns
        case let m as TreeModelValue:
            var s = SavedSupervised(design: m.design, classes: m.classes.map(SavedClasses.init), nobs: m.nobs, dropped: m.dropped, trainScore: m.trainScore)
            let kind: String
            switch m.kind {
            case .tree(let t): s.tree = t; kind = "decision_tree"
            case .forest(let f): s.forest = f; kind = "random_forest"
            case .bayes(let b): s.bayes = b; kind = "naive_bayes"
            case .knn(let k): s.knn = k; kind = "knn"
            case .svm(let v, let means, let scales): s.svm = v; s.svmMeans = means; s.svmScales = scales; kind = "svm"
            case .boosted(let b): s.boosted = b; kind = "boosted_trees"
            case .svr(let v, let means, let scales): s.svr = v; s.svmMeans = means; s.svmScales = scales; kind = "svr"
            }
            file = ModelFile(kind: kind); file.supervised = s; file.formula = SavedBinding(m.binding)
        default:
            throw ctx.error("save_model() cannot save a \(model.typeName) yet",
                            hint: "it saves lm, logit, kmeans, decision_tree, random_forest, boosted_trees, naive_bayes, knn and svm models")
        }
        return file
    }

    static func decode(_ data: Data, path: String) throws -> ModelValue {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let header = try? decoder.decode(ModelFile.Header.self, from: data), header.format == ModelFile.formatName else {
            throw SiftError(.runtime, "\(path) is not a Sift model file", hint: "save one with save_model(model, \"\(path)\")")
        }
        guard let version = header.version, version >= 1 else {
            throw SiftError(.runtime, "\(path) has no valid format version; the file is damaged")
        }
        guard version <= ModelFile.currentVersion else {
            throw SiftError(.runtime, "\(path) was saved by a newer Sift (model file format version \(version)); this Sift reads versions up to \(ModelFile.currentVersion)",
                            hint: "load it with that newer Sift, or save the model again with this one")
        }
        let file: ModelFile
        do { file = try decoder.decode(ModelFile.self, from: data) } catch {
            throw SiftError(.runtime, "\(path): the model file is damaged (\(Self.describe(error)))")
        }
        func binding() throws -> FormulaBinding {
            guard let b = file.formula else { throw SiftError(.runtime, "\(path): the \(file.kind) model has no formula; the file is damaged") }
            return try b.binding(path: path)
        }
        func missing() -> SiftError { SiftError(.runtime, "\(path): the \(file.kind) model's numbers are missing; the file is damaged") }
        switch file.kind {
        case "linear":
            guard let f = file.linear else { throw missing() }
            return LinearModelValue(fit: f, binding: try binding())
        case "logit":
            guard let f = file.logit else { throw missing() }
            return LogitModelValue(fit: f, binding: try binding())
        case "penalized_linear":
            guard let f = file.penalizedLinear else { throw missing() }
            return PenalizedLinearValue(fit: f, binding: try binding())
        case "penalized_logit":
            guard let f = file.penalizedLogit else { throw missing() }
            return PenalizedLogitValue(fit: f, binding: try binding())
        case "kmeans":
            guard let f = file.kmeans else { throw missing() }
            return KMeansValue(fit: f, encoding: file.kmeansEncoding ?? OneHotEncoding(categoricals: []), sourceColumns: file.kmeansColumns)
        case "decision_tree", "random_forest", "naive_bayes", "knn", "svm", "boosted_trees", "svr":
            guard let s = file.supervised else { throw missing() }
            let kind: TreeModelValue.Kind
            if let t = s.tree { kind = .tree(t) }
            else if let f = s.forest { kind = .forest(f) }
            else if let b = s.bayes { kind = .bayes(b) }
            else if let k = s.knn { kind = .knn(k) }
            else if let b = s.boosted { kind = .boosted(b) }
            else if let v = s.svr, let means = s.svmMeans, let scales = s.svmScales { kind = .svr(v, means: means, scales: scales) }
            else if let v = s.svm, let means = s.svmMeans, let scales = s.svmScales { kind = .svm(v, means: means, scales: scales) }
            else { throw missing() }
            return TreeModelValue(kind: kind, binding: try binding(), design: s.design, classes: try s.classes?.coding(path: path),
                                  nobs: s.nobs, dropped: s.dropped, trainScore: s.trainScore)
        default:
            throw SiftError(.runtime, "\(path) holds a '\(file.kind)' model, which this Sift does not know", hint: "it may come from a newer Sift")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let c): return "missing '\(key.stringValue)' at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.dataCorrupted(let c):
            return "unexpected value at \(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        default: return "\(error)"
        }
    }
}

extension Session {
    func registerModelFiles() {
        let I = interpreter
        I.define("save_model", "save_model(model: model, path: string)",
                 "Saves a fitted model to a file (a versioned JSON format, written atomically), so load_model can score new data later with identical predictions. Works for lm, logit (penalised or not), kmeans, decision_tree, random_forest, boosted_trees, naive_bayes, knn and svm models.",
                 example: "save_model(churn, \"churn.model\")", category: "models") { [unowned self] ctx in
            let model = try ModelArgs.model(ctx)
            guard ctx.count == 2 else { throw ctx.error("save_model() needs the model and a path: save_model(m, \"churn.model\")") }
            let path = try ctx.string(try ctx.value(1), "the path", at: ctx.span(of: 1))
            guard !path.isEmpty else { throw ctx.error("the path is empty", at: ctx.span(of: 1)) }
            let file = try ModelPersistence.encode(model, ctx: ctx)
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(file)
            let url = URL(fileURLWithPath: self.resolvePath(path))
            do { try data.write(to: url, options: .atomic) } catch {
                throw ctx.error("cannot write \(path): \((error as NSError).localizedDescription)", hint: "check that the folder exists and is writable", at: ctx.span(of: 1))
            }
            return .null
        }
        I.define("load_model", "load_model(path: string)",
                 "Reads a model saved by save_model. A file from a newer Sift (a higher format version) is an error, not a guess.",
                 example: "churn = load_model(\"churn.model\")", category: "models") { [unowned self] ctx in
            guard ctx.count == 1 else { throw ctx.error("load_model() needs one path: load_model(\"churn.model\")") }
            let path = try ctx.string(try ctx.value(0), "the path", at: ctx.span(of: 0))
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: self.resolvePath(path))) } catch {
                throw ctx.error("cannot read \(path): \((error as NSError).localizedDescription)", hint: "check the path", at: ctx.span(of: 0))
            }
            do { return .object(try ModelPersistence.decode(data, path: path)) } catch let e as SiftError {
                throw SiftError(e.kind, e.message, at: ctx.span(of: 0), hint: e.hint)
            }
        }
    }
}
