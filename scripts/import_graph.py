"""Draw casework's rings as they are: which ring imports which, counted in module pairs.

Usage: .venv/bin/python scripts/import_graph.py [--dot FILE] [--svg FILE] [--check]

The picture in docs/architecture.md is made by this script (``--svg docs/images/rings.svg``).
``--check`` exits 1 when an entry point (CLI, web, flows) imports a service or adapter module
directly, which is what the import-linter contracts forbid; it prints the offending pairs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

import grimp

#: Rings, outermost first: (label, module prefixes). The first matching prefix wins.
RINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CLI", ("casework.entrypoints.cli", "casework.entrypoints.serve")),
    ("Web + API", ("casework.entrypoints.web",)),
    ("Prefect flows", ("casework.flows",)),
    ("Entry points (other)", ("casework.entrypoints",)),
    ("Application service", ("casework.app",)),
    ("Adapters", ("casework.adapters",)),
    ("Services", ("casework.services",)),
    ("Diagrams", ("casework.diagrams",)),
    ("Domain", ("casework.domain",)),
    ("Settings", ("casework.settings",)),
    ("Test doubles", ("casework.testing",)),
)
ENTRY_RINGS = {"CLI", "Web + API", "Prefect flows", "Entry points (other)"}
FORBIDDEN_FOR_ENTRIES = {"Adapters", "Services"}


def ring_of(module: str) -> str | None:
    """The ring a module belongs to, or None for the package roots."""
    for label, prefixes in RINGS:
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return label
    return None


def ring_edges() -> tuple[Counter[tuple[str, str]], list[tuple[str, str]]]:
    """Module-pair counts between rings, and the entry-point imports that break the rings."""
    graph = grimp.build_graph("casework", cache_dir=None)
    counts: Counter[tuple[str, str]] = Counter()
    offending: list[tuple[str, str]] = []
    for importer in sorted(graph.modules):
        source = ring_of(importer)
        if source is None:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            target = ring_of(imported)
            if target is None or target == source:
                continue
            counts[(source, target)] += 1
            if source in ENTRY_RINGS and target in FORBIDDEN_FOR_ENTRIES:
                offending.append((importer, imported))
    return counts, offending


def to_dot(counts: Counter[tuple[str, str]]) -> str:
    """The ring graph as DOT, outer rings on top."""
    lines = [
        "digraph rings {",
        '  graph [rankdir=TB, fontname="DejaVu Sans", nodesep=0.4, ranksep=0.6];',
        '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fillcolor="#f3f4f6"];',
        '  edge [fontname="DejaVu Sans", fontsize=9, color="#4b5563"];',
    ]
    fill = {"Application service": "#dbeafe", "Domain": "#dcfce7"}
    used = {ring for pair in counts for ring in pair}
    for label, _ in RINGS:
        if label in used:
            lines.append(f'  "{label}" [fillcolor="{fill.get(label, "#f3f4f6")}"];')
    for (source, target), count in sorted(counts.items()):
        lines.append(f'  "{source}" -> "{target}" [label="{count}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print or write the graph; with ``--check``, fail on entry points that skip the app."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dot", type=Path, help="write DOT here")
    parser.add_argument("--svg", type=Path, help="render SVG here (needs Graphviz)")
    parser.add_argument("--check", action="store_true", help="fail on entry → service/adapter")
    args = parser.parse_args(argv)
    counts, offending = ring_edges()
    dot = to_dot(counts)
    if args.dot:
        args.dot.write_text(dot, encoding="utf-8")
    if args.svg:
        svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=True)
        args.svg.write_bytes(svg.stdout)
    if not (args.dot or args.svg or args.check):
        sys.stdout.write(dot)
    if args.check and offending:
        for importer, imported in offending:
            sys.stderr.write(f"{importer} imports {imported}\n")
        sys.stderr.write(f"{len(offending)} entry-point import(s) go around the app\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
