"""The quarry binary the measurement scripts run: the one given, else the release build's."""
import os
import subprocess

REPOSITORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def quarry_binary(given=None):
    """`given` when set, else `quarry` in `swift build -c release --show-bin-path`."""
    if given:
        return given
    bin_path = subprocess.run(
        ["swift", "build", "-c", "release", "--show-bin-path"], cwd=REPOSITORY,
        capture_output=True, text=True, check=True).stdout.strip()
    return os.path.join(bin_path, "quarry")
