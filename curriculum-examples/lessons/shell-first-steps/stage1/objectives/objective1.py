#!/usr/bin/env python3
"""Objective 1: notes.txt on `shell` holds some text (the learner's name)."""

import sys

sys.path.insert(0, "/antidote/lib")
from remote import run  # noqa: E402

code, _ = run("shell", "grep -q '[^[:space:]]' ~/notes.txt")
sys.exit(0 if code == 0 else 1)
