"""The root command imports a command's module only when that command runs, and --help, typos
and every command still see the whole command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from exportctl.cli import COMMAND_MODULES, app, group_commands

runner = CliRunner()


@pytest.mark.parametrize("module", sorted(set(COMMAND_MODULES.values())))
def test_table_names_exactly_what_each_module_registers(module: str) -> None:
    expected = {name for name, m in COMMAND_MODULES.items() if m == module}
    assert set(group_commands(module).commands) == expected


def test_root_help_lists_every_command_in_table_order() -> None:
    res = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    listed = [
        line.split()[1]
        for line in res.stdout.splitlines()
        if line.startswith("│ ") and line.split()[1] in COMMAND_MODULES
    ]
    assert listed == list(COMMAND_MODULES)


def test_a_typo_is_answered_with_the_commands_of_other_modules() -> None:
    res = runner.invoke(app, ["ownershp"])
    assert res.exit_code == 2
    assert "Did you mean 'ownership'" in res.output


def _cli_modules_after(*argv: str) -> list[str]:
    """The exportctl.cli modules a fresh interpreter imported to run ``exportctl ARGV``."""
    code = (
        "import json, sys\n"
        "from exportctl.cli import main\n"
        f"sys.argv = ['exportctl', *{list(argv)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('exportctl.cli.'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    loaded: list[str] = json.loads(out.splitlines()[-1])
    return loaded


def test_a_command_imports_only_its_own_module() -> None:
    assert _cli_modules_after("--db", "x.sqlite", "screen", "--help") == [
        "exportctl.cli._common",
        "exportctl.cli._early",
        "exportctl.cli.screen",
    ]
    every = _cli_modules_after("--help")
    assert every == sorted(
        ["exportctl.cli._common", "exportctl.cli._early"]
        + [f"exportctl.cli.{m}" for m in set(COMMAND_MODULES.values())]
    )
