"""The Jupyter kernel conformance suite (jupyter_kernel_test from PyPI) against `sift-kernel`.

Run by Tests/e2e/kernel_checks.py inside its virtual environment, with JUPYTER_PATH pointing at
a freshly installed `sift` kernel spec and SIFT_STDLIB at the repository's stdlib.
"""

import os
import unittest

import jupyter_kernel_test

DATA = os.path.join(os.environ["SIFT_REPO"], "notebooks", "data", "customers.csv")


class SiftKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = "sift"
    language_name = "sift"
    file_extension = ".sift"

    code_hello_world = 'print("hello, world")'

    completion_samples = [
        {"text": "read_cs", "matches": {"read_csv"}},
        {"text": "group_b", "matches": {"group_by"}},
    ]
    complete_code_samples = ["1 + 1", 'print("a")', "x = [1, 2, 3]", ""]
    incomplete_code_samples = ["read_csv(", "1 +", "[1, 2,", 'x = "open', "frame |>"]
    invalid_code_samples = [")", "1 +* 2", "fn 1", "x = = 1"]

    code_generate_error = "undefined_name + 1"

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": '"ab"'},
        {"code": "[1, 2, 3]", "result": "[1, 2, 3]"},
    ]
    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    # A value that is not the cell's last statement is shown as display_data.
    code_display_data = [
        {"code": f'c = read_csv("{DATA}")\nc |> head(3)\nprint("done")', "mime": "text/html"},
        {"code": f'c = read_csv("{DATA}")\nc |> head(3)\nprint("done")', "mime": "text/markdown"},
        {"code": f'c = read_csv("{DATA}")\nc |> bar(x: region, y: revenue)\nprint("done")', "mime": "image/svg+xml"},
    ]

    code_inspect_sample = "read_csv"


class SiftKernelWelcome(jupyter_kernel_test.IopubWelcomeTests):
    kernel_name = "sift"
    support_iopub_welcome = True


if __name__ == "__main__":
    unittest.main()
