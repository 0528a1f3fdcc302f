#!/usr/bin/env python3
"""Objective 0: router1's configuration is saved in ~/backups/router1.conf on ansible-host."""

import sys

sys.path.insert(0, "/antidote/lib")
from remote import run  # noqa: E402

code, _ = run("ansible-host", "grep -q 'host-name router1' ~/backups/router1.conf")
sys.exit(0 if code == 0 else 1)
