#!/usr/bin/env python3
"""Check the relative links of the repository's Markdown files (those git
tracks, and docs/*.md): each must name a file of the repository and, after
'#', a heading of that file (anchors as GitHub makes them). Links outside the
repository (`..` past its root) are errors too.

Usage: scripts/check-doc-links.py [FILE.md ...]   (default: every *.md file)
Exit status 1 when a link is broken; each is printed as FILE:LINE: message.
"""

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")


def prose_lines(text, keep_code=False):
    """(line number, line) outside fenced code blocks; inline code removed
    unless `keep_code` (a heading's id keeps the text of its inline code)."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line if keep_code else re.sub(r"`[^`]*`", "", line)


def anchors(path):
    """GitHub's heading ids: lower case, punctuation dropped, spaces to '-'."""
    seen, out = {}, set()
    for _, line in prose_lines(path.read_text(encoding="utf-8"), keep_code=True):
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def check(md):
    problems = []
    for number, line in prose_lines(md.read_text(encoding="utf-8")):
        for target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # http:, https:, mailto:
            where = f"{md.relative_to(ROOT)}:{number}"
            file_part, _, anchor = target.partition("#")
            dest = (md.parent / file_part).resolve() if file_part else md
            try:
                dest.relative_to(ROOT)
            except ValueError:
                problems.append(f"{where}: {target} points outside the repository")
                continue
            if not dest.exists():
                problems.append(f"{where}: {target}: no such file")
                continue
            if anchor and dest.suffix == ".md" and anchor not in anchors(dest):
                problems.append(f"{where}: {target}: no heading #{anchor} in {dest.name}")
    return problems


def main(args):
    tracked = subprocess.run(
        ["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    default = sorted({ROOT / f for f in tracked} | set((ROOT / "docs").glob("*.md")))
    files = [pathlib.Path(a).resolve() for a in args] or default
    problems = [p for f in files for p in check(f)]
    for p in problems:
        print(p)
    print(f"{len(files)} files checked, {len(problems)} broken links", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
