#!/usr/bin/env python3
"""Prepare the automation endpoint for stage 2: an inventory of the lab's routers."""

import json
import os

STAGE = 2
ROUTERS = {
    "router1": {"hostname": "router1", "driver": "junos", "port": 830},
    "router2": {"hostname": "router2", "driver": "eos", "port": 443},
}

lab = os.path.expanduser("~/lab")
os.makedirs(lab, exist_ok=True)
with open(os.path.join(lab, "inventory.json"), "w", encoding="utf-8") as f:
    json.dump({"stage": STAGE, "routers": ROUTERS}, f, indent=2)
    f.write("\n")
print(f"automation ready for stage {STAGE}")
