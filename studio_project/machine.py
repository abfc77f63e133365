"""What machine a measurement ran on, for recorded benchmark and evaluation results."""

import os
import platform
from pathlib import Path


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine():
    return f"{os.cpu_count()} cores, {cpu_model()}"
