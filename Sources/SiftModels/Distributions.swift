/// Placeholder until the models work lands: distribution functions live here.
enum Distributions {}
