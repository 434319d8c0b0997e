"""A Pygments lexer for Sift (nbconvert's HTML export and Sphinx use Pygments; the kernel's
language_info names it `sift`)."""

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

__all__ = ["SiftLexer"]


class SiftLexer(RegexLexer):
    name = "Sift"
    aliases = ["sift"]
    filenames = ["*.sift"]
    mimetypes = ["text/x-sift"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#.*?$", Comment.Single),
            (r"\b(param)(\s+)([A-Za-z_]\w*)", bygroups(Keyword.Declaration, Whitespace, Name.Variable)),
            (r"\b(fn)(\s+)([A-Za-z_]\w*)", bygroups(Keyword.Declaration, Whitespace, Name.Function)),
            (words(("if", "then", "else", "and", "or", "not", "in", "fn"), suffix=r"\b"), Keyword),
            (words(("true", "false", "null"), suffix=r"\b"), Keyword.Constant),
            (words(("string", "int", "float", "bool", "date"), suffix=r"\b"), Keyword.Type),
            (r'"', String.Double, "dstring"),
            (r"'", String.Single, "sstring"),
            (r"\d+(\.\d+)?([eE][+-]?\d+)?", Number),
            (r"\$[A-Za-z_]\w*", Name.Variable),
            (r"[A-Za-z_]\w*(?=\s*\()", Name.Function),
            (r"[A-Za-z_]\w*(?=\s*:)", Name.Attribute),
            (r"[A-Za-z_]\w*", Name),
            (r"\|>|->|==|!=|<=|>=|[-+*/%^<>=~]", Operator),
            (r"[()\[\]{},.:;]", Punctuation),
            (r".", Text),
        ],
        "dstring": [
            (r'\\(u\{[0-9a-fA-F]+\}|.)', String.Escape),
            (r'"', String.Double, "#pop"),
            (r'[^"\\]+', String.Double),
        ],
        "sstring": [
            (r"\\(u\{[0-9a-fA-F]+\}|.)", String.Escape),
            (r"'", String.Single, "#pop"),
            (r"[^'\\]+", String.Single),
        ],
    }
