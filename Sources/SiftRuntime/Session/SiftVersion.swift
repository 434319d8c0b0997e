/// Sift's version, shared by `sift --version`, the Jupyter kernel's `kernel_info_reply` and
/// reports, so they can never disagree.
public enum SiftVersion {
    public static let current = "0.1.0"
}
