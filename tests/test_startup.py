"""The window appears before torch is imported (torch loads later, on the worker)."""

import os
import subprocess
import sys


def test_window_shows_without_importing_torch(tmp_path):
    env = dict(os.environ, CVLAB_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "cvlab"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    line = next(text for text in out.stdout.splitlines()
                if text.startswith("CVLAB_WINDOW_SHOWN"))
    fields = dict(part.split("=") for part in line.split()[1:])
    assert fields["torch_loaded"] == "False"
    assert int(fields["tabs"]) >= 1
    assert fields["engines"] == "-"


def test_cli_help_lists_commands_without_importing_torch():
    code = ("import sys; from cvlab.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('TORCH', 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert "weights" in out.stdout
    assert "TORCH False" in out.stdout
