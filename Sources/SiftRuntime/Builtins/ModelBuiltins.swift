import SiftFrame
import SiftLanguage
import SiftModels

extension Session {
    /// Model builtins (lm, logit, kmeans, …) are registered here.
    func registerModels() {}
}
