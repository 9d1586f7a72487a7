#!/usr/bin/env python3
"""check_links.py finds the links a clone cannot follow, and only those."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_links  # noqa: E402


class tree:
    """A temporary folder of files, given as {path: text}."""

    def __init__(self, files):
        self.root = tempfile.mkdtemp(prefix="strom-links-")
        for path, text in files.items():
            full = os.path.join(self.root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)

    def __enter__(self):
        return self.root

    def __exit__(self, *exc):
        shutil.rmtree(self.root)


def broken(files):
    with tree(files) as root:
        return check_links.broken_links(root)


class check_links_test(unittest.TestCase):
    def test_links_to_files_and_folders_of_the_tree_pass(self):
        self.assertEqual(broken({
            "README.md": "[a](docs/a.md) [b](docs/a.md#part) ![img](docs/p.png) [dir](docs/)\n"
                         "[self](#layout) [sp](docs/with%20space.md) [t](docs/a.md \"title\")\n"
                         "[ref]: docs/a.md\n<a href=\"docs/a.md\">x</a>\n",
            "docs/a.md": "[up](../README.md)\n",
            "docs/p.png": "",
            "docs/with space.md": "",
        }), [])

    def test_a_missing_target_fails_naming_file_and_line(self):
        self.assertEqual(broken({"README.md": "intro\n[gone](docs/gone.md#x)\n"}),
                         ["README.md:2: docs/gone.md#x names nothing in the repository"])

    def test_links_out_of_the_repository_fail(self):
        problems = broken({"sub/README.md": "[a](../../shared/DESIGN.md)\n"
                                            "[b](https://example.com/x)\n"
                                            "<http://example.com>\n"
                                            "[c]: //example.com/y\n"
                                            "[d](/etc/passwd)\n"
                                            "<img src=\"https://example.com/i.png\">\n"})
        self.assertEqual(len(problems), 6, problems)
        self.assertIn("sub/README.md:1: ../../shared/DESIGN.md leaves the repository", problems)
        self.assertIn("sub/README.md:5: /etc/passwd is an absolute path (write it relative to "
                      "the file)", problems)

    def test_code_holds_no_links(self):
        self.assertEqual(broken({"README.md": "```cpp\nf([](int x) { return x; });\n"
                                              "[a](gone.md)\n```\n"
                                              "`[b](gone.md)` and ~~~ not a fence\n"
                                              "~~~\n[c](gone.md)\n~~~\n"}), [])

    def test_a_file_git_ignores_is_not_in_a_clone(self):
        if shutil.which("git") is None:
            self.skipTest("no git")
        with tree({"README.md": "[log](build/out.md) [kept](kept.md)\n", ".gitignore": "/build/\n",
                   "build/out.md": "", "kept.md": ""}) as root:
            subprocess.run(["git", "init", "-q", root], check=True)
            self.assertEqual(check_links.broken_links(root),
                             ["README.md:1: build/out.md names nothing in the repository"])


if __name__ == "__main__":
    unittest.main()
