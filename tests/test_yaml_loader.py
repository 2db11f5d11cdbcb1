"""The libyaml loader reads every packaged YAML file exactly as PyYAML's pure-Python one."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from exportctl import _yaml

PACKAGE = Path(str(resources.files("exportctl")))
FILES = sorted(p for p in PACKAGE.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def test_there_are_packaged_yaml_files() -> None:
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_same_data_as_the_pure_python_loader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _yaml.safe_load(text) == yaml.safe_load(text)


def test_uses_libyaml_where_pyyaml_has_it() -> None:
    if yaml.__with_libyaml__:
        assert _yaml._LOADER is yaml.CSafeLoader


def test_refuses_python_objects() -> None:
    with pytest.raises(yaml.YAMLError):
        _yaml.safe_load("!!python/object/apply:os.system ['true']")
