import SiftFrame
import SiftLanguage
import SiftModels

extension Session {
    func registerSVR() {
        let I = interpreter
        I.define("svr", "svr(formula, data?: frame, *, kernel: string = \"rbf\", C?: float, c?: float, epsilon: float = 0.1, gamma?: any, degree: int = 3, coef0: float = 0, scale: bool = true, tol: float = 0.001, max_iter?: int)",
                 "Support vector regression (ε-SVR, as scikit-learn's SVR / libsvm) for a numeric response: kernel \"rbf\" (default), \"linear\" or \"poly\", solved by SMO. Errors inside ±epsilon cost nothing; C weighs the others. Terms are standardized unless scale: false (the response is not). For up to about 20,000 rows.",
                 example: "r = svr(revenue ~ spend + visits + age, data: train, C: 100, epsilon: 5)", category: "models", lazy: true) { ctx in
            .object(try SVRArgs.fit(ctx))
        }
    }
}

enum SVRArgs {
    static func fit(_ ctx: CallContext) throws -> TreeModelValue {
        let (formula, binding, frame, design, rows, responseColumn) = try TreeArgs.prepare(ctx)
        guard responseColumn.type == .int || responseColumn.type == .float else {
            throw SiftError(.runtime, "the response '\(binding.response)' is \(responseColumn.type.rawValue); svr() needs a numeric response",
                            at: formula.lhs?.span ?? formula.span, hint: "for classes use svm()")
        }
        guard rows.count <= 20_000 else {
            throw ctx.error("svr() keeps a kernel row per training row and suits up to about 20,000 rows; this data has \(rows.count)",
                            hint: "fit on a sample: df |> sample(10000, seed: 1)")
        }
        let z = try DesignBuilder.numericResponse(responseColumn, rows)
        let x = try DesignBuilder.matrix(design, frame: frame, rows: rows)
        let p = x.cols
        let scale = try ctx.optional("scale").map { try ctx.bool($0, "scale", at: ctx.span(ofNamed: "scale")) } ?? true
        let (means, scales) = SVMArgs.standardization(x, scale: scale)
        let features = SVMArgs.rowMajor(x, means: means, scales: scales)
        if ctx.has("C") && ctx.has("c") { throw ctx.error("give C once: C: or c:", at: ctx.span(ofNamed: "c")) }
        let cName = ctx.has("c") ? "c" : "C"
        let c = try ctx.optional(cName).map { try ctx.double($0, "C", at: ctx.span(ofNamed: cName)) } ?? 1
        guard c > 0, c.isFinite else { throw ctx.error("C must be positive", at: ctx.span(ofNamed: cName)) }
        let epsilon = try ctx.optional("epsilon").map { try ctx.double($0, "epsilon", at: ctx.span(ofNamed: "epsilon")) } ?? 0.1
        guard epsilon >= 0, epsilon.isFinite else { throw ctx.error("epsilon must be 0 or more (the half-width of the tube, in the response's units)", at: ctx.span(ofNamed: "epsilon")) }
        let tol = try ctx.optional("tol").map { try ctx.double($0, "tol", at: ctx.span(ofNamed: "tol")) } ?? 1e-3
        guard tol > 0, tol.isFinite else { throw ctx.error("tol must be positive", at: ctx.span(ofNamed: "tol")) }
        var maxIter: Int? = nil
        if let v = try ctx.optional("max_iter") {
            let m = try ctx.int(v, "max_iter", at: ctx.span(ofNamed: "max_iter"))
            guard m >= 1 else { throw ctx.error("max_iter must be at least 1", at: ctx.span(ofNamed: "max_iter")) }
            maxIter = m
        }
        var gamma: Double
        switch try ctx.optional("gamma") {
        case nil, .string("scale")?: gamma = SVMArgs.scaleGamma(features, p)
        case .string("auto")?: gamma = 1 / Double(p)
        case let v?:
            gamma = try ctx.double(v, "gamma", at: ctx.span(ofNamed: "gamma"))
            guard gamma > 0, gamma.isFinite else { throw ctx.error("gamma must be a positive number, \"scale\" or \"auto\"", at: ctx.span(ofNamed: "gamma")) }
        }
        let kernelName = try ctx.optional("kernel").map { try ctx.string($0, "kernel", at: ctx.span(ofNamed: "kernel")) } ?? "rbf"
        for name in ["degree", "coef0"] where ctx.has(name) && kernelName != "poly" && kernelName != "polynomial" {
            throw ctx.error("\(name): applies to kernel: \"poly\" only", at: ctx.span(ofNamed: name))
        }
        if ctx.has("gamma") && kernelName == "linear" {
            throw ctx.error("gamma: does not apply to kernel: \"linear\"", at: ctx.span(ofNamed: "gamma"))
        }
        let kernel: SVM.Kernel
        switch kernelName {
        case "rbf": kernel = .rbf(gamma: gamma)
        case "linear": kernel = .linear
        case "poly", "polynomial":
            let degree = try ctx.optional("degree").map { try ctx.int($0, "degree", at: ctx.span(ofNamed: "degree")) } ?? 3
            guard degree >= 1, degree <= 20 else { throw ctx.error("degree must be between 1 and 20", at: ctx.span(ofNamed: "degree")) }
            let coef0 = try ctx.optional("coef0").map { try ctx.double($0, "coef0", at: ctx.span(ofNamed: "coef0")) } ?? 0
            kernel = .polynomial(degree: degree, gamma: gamma, coef0: coef0)
        default:
            throw ctx.error("unknown kernel \"\(kernelName)\"", hint: "kernel: \"rbf\", \"linear\" or \"poly\"", at: ctx.span(ofNamed: "kernel"))
        }
        let model = try SVRModel(x: features, z: z, features: p, kernel: kernel, c: c, epsilon: epsilon, tolerance: tol, maxIterations: maxIter)
        return try TreeArgs.finish(.svr(model, means: means, scales: scales), binding, design, nil, frame, rows, x, z)
    }
}
