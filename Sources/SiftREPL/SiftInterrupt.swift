import SiftLanguage

/// Bridges Ctrl-C to the interpreter's cooperative cancellation flag.
enum SiftInterrupt {
    static func request() {
        Interrupt.request(reason: "interrupted (Ctrl-C); variables are as they were before this entry")
    }
}
