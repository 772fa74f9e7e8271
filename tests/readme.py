"""The README's code examples, so that tests run what the README shows."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example(path: str) -> str:
    """The README's python block whose first line is the comment `# <path>`, without it."""
    for block in re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        first, _, rest = block.partition("\n")
        if first.strip() == f"# {path}":
            return rest
    raise AssertionError(f"README.md has no python example starting '# {path}'")
