#!/usr/bin/env python3
"""Objective 0: the file notes.txt exists in the home directory of `shell`."""

import sys

sys.path.insert(0, "/antidote/lib")
from remote import run  # noqa: E402

code, _ = run("shell", "test -f ~/notes.txt")
sys.exit(0 if code == 0 else 1)
