"""Every command, option and setting is documented, and the README's commands are the ones CI runs."""

import importlib.util

from .conftest import ROOT


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "docs" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_and_settings_references_are_current():
    gen = _generator()
    assert (ROOT / "docs" / "cli.md").read_text() == gen.cli_reference(), "run: python docs/generate.py"
    assert (ROOT / "docs" / "settings.md").read_text() == gen.settings_reference(), "run: python docs/generate.py"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text().split("```")
    commands = [block.strip().removeprefix("sh").strip() for block in readme[1:4:2]]
    assert "rightstrack ingest examples" in commands[0] and "rightstrack show" in commands[0]
    assert "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text()
