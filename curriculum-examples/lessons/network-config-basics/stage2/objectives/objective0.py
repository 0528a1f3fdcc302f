#!/usr/bin/env python3
"""Objective 0: router1's configuration is saved in ~/backups/router1.conf."""

import os
import sys

path = os.path.expanduser("~/backups/router1.conf")
try:
    with open(path, encoding="utf-8") as f:
        text = f.read()
except OSError:
    sys.exit(1)
sys.exit(0 if "host-name router1" in text else 1)
