"""Documentation stays true: every CLI command and option, and every make target, appears in the README."""
from __future__ import annotations

import re

import click

from dotterel.cli import cli
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert first_block.strip().splitlines()[:2][0].startswith("make demo")
    assert "make test" in first_block


def test_every_command_and_option_is_documented():
    ctx = click.Context(cli)
    missing = []
    for name in cli.list_commands(ctx):
        cmd = cli.get_command(ctx, name)
        if f"dotterel {name}" not in README:
            missing.append(f"command {name}")
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in README:
                    missing.append(f"{name} {opt}")
    assert not missing, missing


def test_every_make_target_is_documented():
    makefile = (ROOT / "Makefile").read_text()
    targets = re.findall(r"^\.PHONY:(.*)$", makefile, re.M)[0].split()
    assert not [t for t in targets if f"make {t}" not in README]
