#!/usr/bin/env python3
"""End-to-end checks of Sift's notebook reports against the reference Python tools.

Usage: python3 Tests/e2e/notebook_checks.py [path/to/sift]   (default: .build/debug/sift)

- The Markdown report of notebooks/campaign.md is parsed with markdown-it-py (CommonMark plus GFM
  tables): every table in the output regions must come out as a table, with its columns and rows.
- A .ipynb notebook built with nbformat (language sift; prose, code, a failing cell under
  --allow-errors, a chart) is run with `sift run x.ipynb`, and the written notebook must pass
  `nbformat.validate`; so must campaign.md converted with `--format ipynb`.

nbformat and markdown-it-py live in a virtual environment at /tmp/sift-nbcheck-venv (or the path
in SIFT_PY_VENV), created and filled with pip when missing. When that is impossible (no network),
the checks are skipped: the script says why, prints `0 passed, 0 failed, 1 skipped` and exits 0.

The binary is copied to a temporary folder first (other builds may relink it while this runs) and
pointed at the repository's stdlib; every file is written under a temporary folder. The last line
is `N passed, M failed`; the exit status is 0 only when nothing failed.
"""

import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAMPAIGN = os.path.join(REPO, "notebooks", "campaign.md")
PACKAGES = ["nbformat", "markdown-it-py"]
IN_VENV_FLAG = "SIFT_NBCHECK_IN_VENV"


# ---------------------------------------------------------------------------------------------
# The virtual environment

def venv_path():
    return os.environ.get("SIFT_PY_VENV") or "/tmp/sift-nbcheck-venv"


def skip(reason):
    print(f"SKIP notebook checks: {reason}")
    print("0 passed, 0 failed, 1 skipped")
    sys.exit(0)


def have_packages(python):
    probe = "import nbformat, markdown_it"
    return subprocess.run([python, "-c", probe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def ensure_venv():
    """Returns the venv's python with nbformat and markdown-it-py importable, or skips."""
    venv = venv_path()
    python = os.path.join(venv, "bin", "python")
    os.makedirs(os.path.dirname(os.path.abspath(venv)) or "/", exist_ok=True)
    # One setup at a time: test runs may start this script concurrently.
    with open(os.path.abspath(venv).rstrip("/") + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(python) and have_packages(python):
            return python
        if not os.path.exists(python):
            r = subprocess.run([sys.executable, "-m", "venv", venv], capture_output=True, text=True)
            if r.returncode != 0 or not os.path.exists(python):
                skip(f"cannot create a virtual environment at {venv}: {(r.stderr or r.stdout).strip()[-500:]}")
        r = subprocess.run([python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
                            "--timeout", "15", "--retries", "1", *PACKAGES], capture_output=True, text=True)
        if r.returncode != 0 or not have_packages(python):
            tail = (r.stderr or r.stdout).strip().splitlines()[-3:]
            skip(f"pip could not install {' and '.join(PACKAGES)} into {venv} (no network?): {' / '.join(tail)}")
        return python


# ---------------------------------------------------------------------------------------------
# Helpers (run inside the venv)

BINARY = None
SCRATCH = None


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def sift(*args, cwd=None, expect_status=0):
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    env["SIFT_STDLIB"] = os.path.join(REPO, "stdlib")
    r = subprocess.run([BINARY, *args], cwd=cwd or SCRATCH, env=env, capture_output=True, text=True, timeout=120)
    if expect_status is not None and r.returncode != expect_status:
        raise CheckFailed(f"sift {' '.join(args)} exited {r.returncode}, expected {expect_status}\n"
                          f"--- stdout\n{r.stdout}\n--- stderr\n{r.stderr}")
    return r


def output_regions(report):
    return re.findall(r"<!-- sift:output -->\n(.*?)<!-- /sift:output -->", report, flags=re.S)


DELIMITER = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


def split_row(line):
    """Cells of a GFM table row, honouring \\| escapes."""
    cells = re.split(r"(?<!\\)\|", line.strip())
    return cells[1:-1] if line.strip().endswith("|") else cells[1:]


def tables_in_regions(report):
    """(columns, body rows) of each table that the output regions hold, outside code fences."""
    tables = []
    for region in output_regions(report):
        lines = region.split("\n")
        fence = None
        i = 0
        while i < len(lines):
            line = lines[i]
            m = re.match(r"^(`{3,}|~{3,})", line)
            if fence is None and m:
                fence = m.group(1)
            elif fence is not None and line.startswith(fence[0] * len(fence)) and line.strip(fence[0]) == "":
                fence = None
            elif fence is None and line.startswith("|") and i + 1 < len(lines) and DELIMITER.match(lines[i + 1]):
                columns = len(split_row(line))
                j = i + 2
                while j < len(lines) and lines[j].startswith("|"):
                    j += 1
                tables.append((columns, j - i - 2))
                i = j
                continue
            i += 1
    return tables


def tables_in_tokens(tokens):
    """(columns, body rows) of each table markdown-it found."""
    tables = []
    current = None
    in_head = False
    for t in tokens:
        if t.type == "table_open":
            current = [0, 0]
        elif t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "th_open" and in_head and current is not None:
            current[0] += 1
        elif t.type == "tr_open" and not in_head and current is not None:
            current[1] += 1
        elif t.type == "table_close":
            tables.append(tuple(current))
            current = None
    return tables


def check_tables(report, label, minimum):
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(report)
    expected = tables_in_regions(report)
    found = tables_in_tokens(tokens)
    opened = sum(1 for t in tokens if t.type == "table_open")
    expect(len(expected) >= minimum, f"{label}: expected at least {minimum} tables in the output regions, saw {len(expected)}")
    expect(opened == len(expected), f"{label}: markdown-it found {opened} tables, the report holds {len(expected)}")
    expect(found == expected, f"{label}: (columns, rows) per table: markdown-it {found}, report {expected}")
    # The region markers stay HTML blocks of their own (invisible), never swallowed by a table or paragraph.
    markers = [t for t in tokens if t.type == "html_block" and "sift:output" in t.content]
    regions = len(output_regions(report))
    expect(len(markers) == 2 * regions, f"{label}: {len(markers)} marker blocks for {regions} regions")
    for t in tokens:
        if t.type == "inline":
            expect("sift:output" not in t.content, f"{label}: a region marker ended up inside text: {t.content[:80]!r}")


def check_images(report, folder, label, count):
    """Every chart link is an image to markdown-it, and its file exists beside the report."""
    from urllib.parse import unquote
    from markdown_it import MarkdownIt
    tokens = MarkdownIt("commonmark").enable("table").parse(report)
    images = [c for t in tokens if t.type == "inline" for c in (t.children or []) if c.type == "image"]
    written = sum(1 for region in output_regions(report) for line in region.split("\n") if line.startswith("!["))
    expect(written == count, f"{label}: expected {count} chart links in the regions, saw {written}")
    expect(len(images) == count, f"{label}: markdown-it found {len(images)} images, the report links {count} charts")
    for img in images:
        path = os.path.join(folder, unquote(img.attrs["src"]))
        expect(os.path.isfile(path), f"{label}: image {img.attrs['src']!r} does not resolve to a file ({path})")


# ---------------------------------------------------------------------------------------------
# Checks

def check_campaign_tables():
    out = os.path.join(SCRATCH, "campaign", "campaign.md")
    sift("run", CAMPAIGN, "-o", out, "--quiet")
    with open(out, encoding="utf-8") as f:
        report = f.read()
    check_tables(report, "campaign.md", minimum=5)
    check_images(report, os.path.dirname(out), "campaign.md", count=4)


def check_awkward_tables():
    """Cells with pipes, long tables with elided rows, a table right after text output."""
    folder = os.path.join(SCRATCH, "awkward")
    os.makedirs(folder)
    with open(os.path.join(folder, "odd.csv"), "w", encoding="utf-8") as f:
        f.write('name,value\n"a|b",1\n"x---y",2\n"*star*",3\n"`tick`",4\n')
    with open(os.path.join(folder, "long.csv"), "w", encoding="utf-8") as f:
        f.write("i,sq\n" + "".join(f"{i},{i * i}\n" for i in range(60)))
    with open(os.path.join(folder, "nb.md"), "w", encoding="utf-8") as f:
        f.write("# Awkward\n\n```sift\nodd = read_csv(\"odd.csv\")\nprint(\"rows\", nrow(odd))\nodd\n```\n\n"
                "```sift\nread_csv(\"long.csv\")\n```\n\n```sift\nschema(odd)\nodd |> head(2)\n```\n")
    sift("run", "nb.md", "-o", "out.md", "--quiet", cwd=folder)
    with open(os.path.join(folder, "out.md"), encoding="utf-8") as f:
        report = f.read()
    check_tables(report, "awkward tables", minimum=4)
    # Chart links from a report whose name has a space, with a title holding brackets.
    with open(os.path.join(folder, "my report.md"), "w", encoding="utf-8") as f:
        f.write('```sift\nodd |> bar(x: name, y: value, title: "Sales [2024] (all)")\n```\n'.replace("odd", 'read_csv("odd.csv")'))
    sift("run", "my report.md", "--quiet", cwd=folder)
    with open(os.path.join(folder, "my report.md"), encoding="utf-8") as f:
        spaced = f.read()
    check_images(spaced, folder, "my report.md", count=1)


def new_sift_notebook(nbformat, cells):
    from nbformat.v4 import new_notebook
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "sift", "display_name": "Sift", "language": "sift"}
    nb.metadata["language_info"] = {"name": "sift", "file_extension": ".sift"}
    nb.cells = cells
    return nb


def check_ipynb_run():
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell
    folder = os.path.join(SCRATCH, "ipynb")
    os.makedirs(folder)
    with open(os.path.join(folder, "small.csv"), "w", encoding="utf-8") as f:
        f.write("a,b\n1,1.5\n2,2.25\n3,3.125\n")
    params = new_code_cell('param label: string = "small"')
    params.metadata["tags"] = ["parameters"]
    nb = new_sift_notebook(nbformat, [
        new_markdown_cell("# A Sift notebook\n\nProse between the cells."),
        params,
        new_code_cell('df = read_csv("small.csv")\nprint(label, nrow(df))\ndf'),
        new_code_cell("undefined_name + 1"),
        new_code_cell('df |> bar(x: a, y: b, title: "B by A")'),
        new_code_cell('print("after the error")'),
    ])
    nbformat.validate(nb)
    path = os.path.join(folder, "x.ipynb")
    nbformat.write(nb, path)

    r = sift("run", "x.ipynb", "--allow-errors", cwd=folder)
    expect("undefined_name" in r.stderr, f"the error is reported on stderr: {r.stderr}")
    written = nbformat.read(path, as_version=4)
    nbformat.validate(written)
    code = [c for c in written.cells if c.cell_type == "code"]
    expect(len(code) == 5, f"5 code cells, got {len(code)}")
    expect(written.cells[0].cell_type == "markdown" and written.cells[0].source.startswith("# A Sift notebook"),
           "the markdown cell is kept")
    kinds = [[o.output_type for o in c.outputs] for c in code]
    expect(kinds == [["stream"], ["stream", "execute_result"], ["error"], ["display_data"], ["stream"]],
           f"output types per cell: {kinds}")
    expect(code[0].outputs[0].text == 'label = "small"\n', f"parameters cell: {code[0].outputs[0]}")
    expect(code[1].outputs[0].text == "small 3\n", f"print: {code[1].outputs[0]}")
    table = code[1].outputs[1].data
    expect("text/markdown" in table and table["text/markdown"].startswith("| a | b |"), f"table output: {table}")
    err = code[2].outputs[0]
    expect("undefined_name" in err.evalue and isinstance(err.traceback, list), f"error output: {err}")
    svg = code[3].outputs[0].data.get("image/svg+xml", "")
    expect("<svg" in svg, f"the chart is embedded as SVG: {list(code[3].outputs[0].data)}")
    expect(code[4].outputs[0].text == "after the error\n", "--allow-errors ran the last cell")
    counts = [c.execution_count for c in code[1:]]
    expect(counts == sorted(counts) and all(isinstance(n, int) for n in counts), f"execution counts: {counts}")

    # Running the written notebook again gives a valid notebook with the same outputs.
    sift("run", "x.ipynb", "--allow-errors", "-o", "again.ipynb", cwd=folder)
    again = nbformat.read(os.path.join(folder, "again.ipynb"), as_version=4)
    nbformat.validate(again)
    expect([c.get("outputs") for c in again.cells] == [c.get("outputs") for c in written.cells], "a second run changes no output")

    # Without --allow-errors the run stops at the error (exit 1) and the notebook is still valid.
    nbformat.write(nb, os.path.join(folder, "stop.ipynb"))
    sift("run", "stop.ipynb", cwd=folder, expect_status=1)
    stopped = nbformat.read(os.path.join(folder, "stop.ipynb"), as_version=4)
    nbformat.validate(stopped)
    stopped_code = [c for c in stopped.cells if c.cell_type == "code"]
    expect([len(c.outputs) for c in stopped_code] == [1, 2, 1, 0, 0], f"outputs after a stop: {[len(c.outputs) for c in stopped_code]}")


def check_campaign_ipynb():
    import nbformat
    out = os.path.join(SCRATCH, "campaign-ipynb", "campaign.ipynb")
    sift("run", CAMPAIGN, "--format", "ipynb", "-o", out, "--quiet")
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    expect(nb.metadata.get("kernelspec", {}).get("language") == "sift", f"kernelspec: {nb.metadata.get('kernelspec')}")
    code = [c for c in nb.cells if c.cell_type == "code"]
    prose = [c for c in nb.cells if c.cell_type == "markdown"]
    with open(CAMPAIGN, encoding="utf-8") as f:
        cells_in_markdown = sum(1 for line in f if line.startswith("```sift"))
    expect(len(code) == cells_in_markdown, f"campaign.md has {cells_in_markdown} cells, the notebook {len(code)}")
    expect(prose and prose[0].source.startswith("# Campaign report"), "the prose comes first")
    expect("parameters" in code[0].metadata.get("tags", []), f"the params cell is tagged: {code[0].metadata}")
    expect(all(c.outputs for c in code), "every cell has outputs")
    charts = [o for c in code for o in c.outputs if o.output_type == "display_data"]
    expect(len(charts) == 4 and all("<svg" in o.data.get("image/svg+xml", "") for o in charts),
           "the four charts are embedded although the report is written away from the notebook")


CHECKS = [check_campaign_tables, check_awkward_tables, check_ipynb_run, check_campaign_ipynb]


def main():
    global BINARY, SCRATCH
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, ".build", "debug", "sift"))
    if not os.environ.get(IN_VENV_FLAG):
        if not os.path.exists(binary):
            print(f"FAIL: no sift binary at {binary}; build it first")
            print("0 passed, 1 failed")
            return 1
        python = ensure_venv()
        os.environ[IN_VENV_FLAG] = "1"
        os.execv(python, [python, os.path.abspath(__file__), binary])

    SCRATCH = tempfile.mkdtemp(prefix="sift-nbcheck-")
    passed = failed = 0
    try:
        BINARY = os.path.join(SCRATCH, "sift")
        shutil.copy2(binary, BINARY)
        for check in CHECKS:
            name = check.__name__
            try:
                check()
                passed += 1
                print(f"PASS {name}")
            except CheckFailed as e:
                failed += 1
                print(f"FAIL {name}: {e}")
            except Exception:
                failed += 1
                print(f"FAIL {name}: unexpected error\n{traceback.format_exc()}")
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
