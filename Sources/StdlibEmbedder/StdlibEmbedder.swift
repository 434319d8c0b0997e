import Foundation

// Writes a Swift source holding the text of each stdlib file, for the EmbedStdlib plugin:
//     StdlibEmbedder OUTPUT.swift stdlib/a.sift stdlib/b.sift …
// Every byte is kept: the text goes in an escaped string literal, so no delimiter can clash.
// (`@main` rather than top-level code, so it builds under -parse-as-library too.)

@main
enum StdlibEmbedder {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let output = arguments.first else {
            FileHandle.standardError.write("usage: StdlibEmbedder OUTPUT.swift FILE.sift…\n".data(using: .utf8)!)
            exit(2)
        }

        var source = """
        // Generated at build time by the EmbedStdlib plugin from stdlib/*.sift. Do not edit.

        /// The standard library's files, name and text, in name order.
        enum EmbeddedStdlib {
            static let files: [(name: String, text: String)] = [

        """
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write("StdlibEmbedder: cannot read \(path)\n".data(using: .utf8)!)
                exit(1)
            }
            let name = URL(fileURLWithPath: path).lastPathComponent
            source += "        (\(literal(name)), \(literal(String(decoding: data, as: UTF8.self)))),\n"
        }
        source += "    ]\n}\n"
        do {
            try source.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            FileHandle.standardError.write("StdlibEmbedder: cannot write \(output): \(error)\n".data(using: .utf8)!)
            exit(1)
        }
    }

    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
