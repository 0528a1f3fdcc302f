#!/usr/bin/env python3
"""Solution of objective 0: create notes.txt on `shell`, as the learner would."""

import sys

sys.path.insert(0, "/antidote/lib")
from remote import run  # noqa: E402

code, output = run("shell", "touch ~/notes.txt")
sys.exit(0 if code == 0 else f"touch failed: {output}")
