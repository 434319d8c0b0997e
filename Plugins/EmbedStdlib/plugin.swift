import Foundation
import PackagePlugin

/// Generates `EmbeddedStdlib.swift` for SiftRuntime from `stdlib/*.sift` at every build, so the
/// standard library travels inside the binary: a copied `sift` works from any folder.
///
/// A build-tool plugin rather than a committed generated file: the text is regenerated whenever a
/// stdlib file changes (they are the command's declared inputs) and the plugin re-lists the folder
/// on every build, so an added or removed file is picked up too. Nothing can go stale, and there
/// is no second copy of the stdlib in git to keep in step.
@main
struct EmbedStdlib: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "stdlib")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let files = names.filter { $0.hasSuffix(".sift") }.sorted().map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedStdlib.swift")
        return [
            .buildCommand(
                displayName: "Embedding the Sift stdlib (\(files.count) files)",
                executable: try context.tool(named: "StdlibEmbedder").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            ),
        ]
    }
}
