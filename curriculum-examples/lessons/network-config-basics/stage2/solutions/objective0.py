#!/usr/bin/env python3
"""Solution of objective 0: back router1's configuration up on ansible-host with the
stage's playbook, as the guide shows."""

import sys

sys.path.insert(0, "/antidote/lib")
from remote import run  # noqa: E402

code, output = run(
    "ansible-host",
    "mkdir -p ~/backups && ansible -i 'router1,' router1 -m junos_config -a 'backup=yes' "
    "&& cp -f backups/router1_config.* ~/backups/router1.conf",
)
sys.exit(0 if code == 0 else f"the backup failed: {output}")
