#!/usr/bin/env python3
"""Solution of objective 1: write a name into notes.txt on `shell`."""

import sys

sys.path.insert(0, "/antidote/lib")
from remote import run  # noqa: E402

code, output = run("shell", "echo 'Ada Lovelace' >> ~/notes.txt")
sys.exit(0 if code == 0 else f"writing failed: {output}")
