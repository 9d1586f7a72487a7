#!/usr/bin/env python3
"""Every link and image of every Markdown file must work in a clone.

A link (inline `[text](target)`, an image, a reference definition
`[name]: target`, an autolink `<scheme:...>`, or an HTML href/src) fails when
its target leaves the repository (a URL, an absolute path, a path above the
root) or names a file or folder the repository does not hold. Targets are
relative to the Markdown file; `#anchors` and `?queries` are ignored. Code
(fenced blocks and `spans`) holds no links.

Usage: check_links.py ROOT; prints one line a broken link, exits 1 if any.
"""

import os
import re
import subprocess
import sys
import urllib.parse

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
# [text](target) and ![alt](target); a target may hold balanced parentheses.
INLINE = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")
HTML = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.I)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def repository_files(root):
    """The files a clone holds: git's (tracked, and new ones it does not
    ignore) in a checkout; else every file, build trees and dot folders aside."""
    try:
        listed = subprocess.run(
            ["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True, capture_output=True).stdout.decode()
        top = subprocess.run(["git", "-C", root, "rev-parse", "--show-toplevel"], check=True,
                             capture_output=True).stdout.decode().strip()
        if os.path.realpath(top) == os.path.realpath(root):
            return {os.path.normpath(p) for p in listed.split("\0") if p}
    except (OSError, subprocess.CalledProcessError):
        pass
    files = set()
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")
                         and not os.path.exists(os.path.join(folder, d, "CMakeCache.txt"))]
        for name in names:
            files.add(os.path.normpath(os.path.relpath(os.path.join(folder, name), root)))
    return files


def link_targets(text):
    """(line number, target) of every link outside code."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        opened = FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        line = CODE_SPAN.sub("", line)
        for pattern in (INLINE, REFERENCE, AUTOLINK, HTML):
            for match in pattern.finditer(line):
                yield number, match.group(1).strip("<>")


def problem_with(target, md_path, root, files):
    """Why `target`, linked from `md_path` (relative to root), fails; None if it works."""
    if target.startswith("//") or SCHEME.match(target):
        return "leaves the repository (a URL)"
    path = urllib.parse.unquote(re.split(r"[#?]", target, maxsplit=1)[0])
    if not path:
        return None  # an anchor in the same file
    if path.startswith("/"):
        return "is an absolute path (write it relative to the file)"
    resolved = os.path.normpath(os.path.join(os.path.dirname(md_path), path))
    if resolved == ".." or resolved.startswith(".." + os.sep):
        return "leaves the repository"
    if resolved == "." or resolved in files:
        return None
    if any(f.startswith(resolved + os.sep) for f in files):
        return None  # a folder
    return "names nothing in the repository"


def broken_links(root):
    files = repository_files(root)
    problems = []
    for md_path in sorted(f for f in files if f.endswith(".md")):
        with open(os.path.join(root, md_path), encoding="utf-8", errors="replace") as f:
            text = f.read()
        for number, target in link_targets(text):
            problem = problem_with(target, md_path, root, files)
            if problem:
                problems.append(f"{md_path}:{number}: {target} {problem}")
    return problems


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 64
    problems = broken_links(sys.argv[1])
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
