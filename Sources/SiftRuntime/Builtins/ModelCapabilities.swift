import SiftFrame
import SiftLanguage
import SiftModels
#if canImport(Glibc)
import Glibc
#endif

/// What a fitted model can do, asked for by capability instead of by concrete type.
///
/// Why: `classify`, `confusion`, `evaluate`, `probabilities`, `decision_values`, `assign` and
/// `tune` used to test for `TreeModelValue`, `KMeansValue` or the logit types one by one, so a new
/// model meant an edit in every builtin. Now a model states what it offers by conforming here;
/// the builtins ask `model.classifier`, `model as? ClustererModel`, `model as? DecisionValueModel`.

/// A model that predicts one of a fixed set of classes.
protocol ClassifierModel: SupervisedModel {
    /// The class names in the order of the class codes `scored` gives (negative, positive for two).
    var classNames: [String] { get }
    /// More than two classes: `scored` gives class indices rather than probabilities of the positive class.
    var isMulticlass: Bool { get }
    /// The probability from which the positive class is predicted when no threshold is given.
    var defaultThreshold: Double { get }
    /// Predicted classes for the rows of `frame` (training rows when nil), in the response's own values.
    func classify(_ frame: Frame?, threshold: Double, ctx: CallContext) throws -> Column
    /// One probability column per class, named by the class (null where a term is null).
    func classProbabilities(_ frame: Frame, ctx: CallContext) throws -> Frame
}

/// A model with raw decision values (log-odds, signed SVM distances).
protocol DecisionValueModel: ModelValue {
    /// A column for two classes, a frame with one column per class (or pair, shape "ovo") for more.
    func decisionValues(_ frame: Frame, shape: String, ctx: CallContext) throws -> Value
}

/// A model that puts rows into clusters.
protocol ClustererModel: ModelValue {
    /// The cluster (1…k) of each row of `frame`, or of the rows it was fitted on when nil.
    func assign(_ frame: Frame?, ctx: CallContext) throws -> Column
}

extension SupervisedModel {
    /// This model as a classifier, or nil when it predicts numbers (a tree fitted as a
    /// regression is a `TreeModelValue` but not a classifier, so this is a question, not a cast).
    var classifier: (any ClassifierModel)? {
        guard isClassifier, let c = self as? any ClassifierModel else { return nil }
        return c
    }
}

extension BinaryProbabilityModel {
    var classNames: [String] { [responseCoding.labels.negative, responseCoding.labels.positive] }
    var isMulticlass: Bool { false }
    var defaultThreshold: Double { 0.5 }

    func classify(_ frame: Frame?, threshold: Double, ctx: CallContext) throws -> Column {
        classify(try predict(frame, ctx: ctx), threshold: threshold)
    }

    func classProbabilities(_ frame: Frame, ctx: CallContext) throws -> Frame {
        let p = try predict(frame, ctx: ctx)
        let labels = responseCoding.labels
        return try Frame(columns: [ModelColumns.floats(labels.negative, (0..<p.count).map { i in p[i].asDouble.map { 1 - $0 } }),
                                   ModelColumns.floats(labels.positive, (0..<p.count).map { p[$0].asDouble })])
    }

    /// The log-odds of the positive class.
    func decisionValues(_ frame: Frame, shape: String, ctx: CallContext) throws -> Value {
        let p = try predict(frame, ctx: ctx)
        let values: [Double?] = (0..<p.count).map { i in p[i].asDouble.map { log($0 / (1 - $0)) } }
        return .column(ModelColumns.floats("decision", values))
    }
}

extension LogitModelValue: ClassifierModel, DecisionValueModel {}
extension PenalizedLogitValue: ClassifierModel, DecisionValueModel {}
