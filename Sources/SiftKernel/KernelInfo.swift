import SiftRuntime

/// What the kernel says about itself in `kernel_info_reply`. `language_info` names Sift's own
/// Pygments lexer (shipped in python/sift_jupyter, used by nbconvert) and R's CodeMirror mode,
/// the closest one JupyterLab bundles (`#` comments, `|>` pipes, `name(arg = value)` calls,
/// double-quoted strings).
enum KernelInfo {
    static var languageInfo: [String: Any] {
        ["name": "sift", "version": SiftVersion.current, "mimetype": "text/x-sift", "file_extension": ".sift",
         "pygments_lexer": "sift", "codemirror_mode": "r", "nbconvert_exporter": "script"]
    }

    static var reply: [String: Any] {
        ["status": "ok", "protocol_version": JupyterMessage.protocolVersion, "implementation": "sift",
         "implementation_version": SiftVersion.current, "language_info": languageInfo,
         "banner": "Sift \(SiftVersion.current): a data REPL and notebook runner (Jupyter kernel)",
         "help_links": [Any](),
         "debugger": false]
    }
}
