#!/usr/bin/env python3
"""Objective 0: the file notes.txt exists in the home directory."""

import os
import sys

path = os.path.expanduser("~/notes.txt")
sys.exit(0 if os.path.isfile(path) else 1)
