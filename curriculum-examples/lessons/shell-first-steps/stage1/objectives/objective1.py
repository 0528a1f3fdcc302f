#!/usr/bin/env python3
"""Objective 1: notes.txt holds some text (the learner's name)."""

import os
import sys

path = os.path.expanduser("~/notes.txt")
try:
    with open(path, encoding="utf-8") as f:
        text = f.read().strip()
except OSError:
    sys.exit(1)
sys.exit(0 if text else 1)
