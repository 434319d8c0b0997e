"""Jupyter helpers for Sift: papermill parameters (sift_jupyter.papermill) and a Pygments
lexer (sift_jupyter.lexer). The kernel itself is the `sift-kernel` binary."""

__version__ = "0.1.0"
