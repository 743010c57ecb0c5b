"""The service files of packaging/: `systemd-analyze verify` accepts the unit (where
systemd-analyze exists), with ExecStart pointed at the built binary since verify
requires the executable to exist. Exit 77 (ctest: skipped) without the tool.

Environment: ACCESSGRAPH_CLI, ACCESSGRAPH_SOURCE_DIR.
"""
import os
import shutil
import subprocess
import sys
import tempfile

UNIT = os.path.join(os.environ["ACCESSGRAPH_SOURCE_DIR"], "packaging", "accessgraph.service")

if shutil.which("systemd-analyze") is None:
    print("skipped: no systemd-analyze on this machine")
    sys.exit(77)
with open(UNIT) as f:
    unit = f.read()
assert "ExecStart=/usr/bin/accessgraph serve --state /var/lib/accessgraph/" in unit
assert "DynamicUser=yes" in unit
with tempfile.TemporaryDirectory() as scratch:
    copy = os.path.join(scratch, "accessgraph.service")
    with open(copy, "w") as f:
        f.write(unit.replace("/usr/bin/accessgraph", os.environ["ACCESSGRAPH_CLI"]))
    verify = subprocess.run(["systemd-analyze", "verify", copy], capture_output=True, text=True)
    # verify also reports on units the system has; only lines about ours count.
    ours = [line for line in (verify.stdout + verify.stderr).splitlines() if "accessgraph" in line]
    if verify.returncode != 0 or ours:
        print("systemd-analyze verify:", verify.returncode, "\n".join(ours) or verify.stderr)
        sys.exit(1)
print("systemd-analyze verify: accessgraph.service is valid")
