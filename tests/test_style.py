"""The tree is ruff-clean, and the README's commands are the ones CI runs."""

import os
import shutil
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_ruff_clean():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed; install the test extra: pip install -e '.[test]'")
    result = subprocess.run([ruff, "check", REPO], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_readme_opens_with_the_two_commands():
    with open(os.path.join(REPO, "README.md")) as file:
        text = file.read()
    block = text.split("```")[1].strip().splitlines()
    assert block[0] == "bash" and len(block) == 3, block
    main, tests = block[1], block[2]
    assert "tfgan-zoo train" in main and "pip install" in main
    assert "pytest" in tests and "pip install" in tests
