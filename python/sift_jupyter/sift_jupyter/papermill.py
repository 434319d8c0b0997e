"""papermill support for Sift notebooks.

papermill writes parameters as code in the notebook's language, through a translator looked up
by kernel name or language. It has no translator for Sift, and no entry point group for
translators, so this module registers one when papermill loads it through the `papermill.engine`
entry point `sift` (papermill loads every engine entry point at start-up). `SiftEngine` is
papermill's own nbclient engine under another name; selecting it is never needed.

The injected cell is a Sift parameters cell of overrides:

    # Parameters
    param region = "West"
    param k = 4

The kernel checks each value against the type declared in the notebook's own parameters cell
(`param k: int = 3`), so a wrong parameter fails the run with a typed error.
"""

import math

from papermill.engines import NBClientEngine
from papermill.models import Parameter
from papermill.translators import Translator, papermill_translators


class SiftTranslator(Translator):
    @classmethod
    def translate_escaped_str(cls, str_val):
        str_val = str(str_val)
        out = []
        for ch in str_val:
            if ch in '\\"$':
                out.append("\\" + ch)
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\t":
                out.append("\\t")
            elif ch == "\r":
                out.append("\\r")
            elif ord(ch) < 32 or ord(ch) == 127:
                out.append("\\u{%x}" % ord(ch))
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'

    @classmethod
    def translate_none(cls, val):
        return "null"

    @classmethod
    def translate_bool(cls, val):
        return "true" if val else "false"

    @classmethod
    def translate_float(cls, val):
        if math.isnan(val) or math.isinf(val):
            raise ValueError(f"Sift parameters cannot be {val}")
        text = repr(float(val))
        return text if ("." in text or "e" in text) else text + ".0"

    @classmethod
    def translate_list(cls, val):
        return "[" + ", ".join(cls.translate(v) for v in val) + "]"

    @classmethod
    def translate_dict(cls, val):
        fields = []
        for k, v in val.items():
            key = str(k)
            if not (key.replace("_", "a").isalnum() and not key[0].isdigit()):
                raise ValueError(f"{key!r} is not a Sift record field name")
            fields.append(f"{key}: {cls.translate(v)}")
        return "{" + ", ".join(fields) + "}"

    @classmethod
    def comment(cls, cmt_str):
        return f"# {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        return f"param {name} = {str_val}"

    @classmethod
    def inspect(cls, parameters_cell):
        """Declared parameters (`param name: type = default`), for `papermill --help-notebook`."""
        params = []
        for raw in parameters_cell.source.splitlines():
            line = raw.strip()
            if not line.startswith("param ") or ":" not in line or "=" not in line:
                continue
            head, default = line[len("param "):].split("=", 1)
            if ":" not in head:
                continue
            name, type_name = (part.strip() for part in head.split(":", 1))
            default, _, help_text = default.partition("#")
            params.append(Parameter(name=name, inferred_type_name=type_name, default=default.strip(), help=help_text.strip()))
        return params


class SiftEngine(NBClientEngine):
    """papermill's nbclient engine; exists so papermill loads this module."""


papermill_translators.register("sift", SiftTranslator)
