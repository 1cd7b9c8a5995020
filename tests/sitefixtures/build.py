"""Building the site for the tests: strict `mkdocs build`, the mkdocs.yml config and its nav, the built site."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .pages import HtmlDoc, parse_html

ROOT = Path(__file__).resolve().parent.parent.parent
FLOW = ROOT / "flow" / "gamma2.yaml"
MKDOCS_YML = ROOT / "mkdocs.yml"



def build_site(
    dest: Path,
    flow: Path | None = None,
    config_overrides: Mapping[str, Any] | None = None,
    *,
    contacts: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict -d dest` from the project root; assert nothing.

    flow: another flow file to build from (through GAMMAFLOW_FLOW, read by
    scripts/sitebuild.py). config_overrides: mkdocs.yml keys to override
    (deep-merged by MkDocs' INHERIT; a list replaces the whole list). contacts:
    another local contacts file than data/contacts.yaml (GAMMAFLOW_CONTACTS). env: extra
    environment variables. The returned process has stderr merged into stdout,
    in order (MkDocs logs to stderr).
    """
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    environ.pop("GAMMAFLOW_FLOW", None)
    if flow is not None:
        environ["GAMMAFLOW_FLOW"] = str(Path(flow).resolve())
    environ.pop("GAMMAFLOW_CONTACTS", None)
    if contacts is not None:
        environ["GAMMAFLOW_CONTACTS"] = str(Path(contacts).resolve())
    environ.update(env or {})
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(Path(dest).resolve())]
    override_file = None
    if config_overrides:
        # The overriding config must sit beside mkdocs.yml: MkDocs resolves
        # docs_dir, hooks, custom_dir and the macros module from the config's folder.
        override_file = ROOT / f".sitefixtures-{uuid.uuid4().hex[:12]}.yml"
        override_file.write_text(
            yaml.safe_dump({"INHERIT": MKDOCS_YML.name, **dict(config_overrides)}, allow_unicode=True),
            encoding="utf-8",
        )
        command += ["-f", str(override_file)]
    try:
        return subprocess.run(
            command, cwd=ROOT, env=environ, text=True, encoding="utf-8",
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, check=False,
        )
    finally:
        if override_file is not None:
            override_file.unlink(missing_ok=True)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's own tags (!ENV, !relative) without MkDocs."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1]
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@functools.cache
def mkdocs_config() -> dict[str, Any]:
    """mkdocs.yml as plain data (!ENV resolved as MkDocs would)."""
    return yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def nav_pages() -> list[tuple[str, str]]:
    """Every page of the nav, in order, as (title, built file name such as "numero-lrn.html")."""
    pages: list[tuple[str, str]] = []

    def walk(items: Any) -> None:
        for item in items:
            if isinstance(item, str):
                pages.append((item, item))
            elif isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        walk(value)
                    else:
                        pages.append((title, value))

    walk(mkdocs_config()["nav"])
    # use_directory_urls is false: a.md → a.html; external nav links are kept out.
    return [(title, re.sub(r"\.md$", ".html", src)) for title, src in pages if src.endswith(".md")]



@dataclass
class BuiltSite:
    """A built site: its folder and the build's output."""

    path: Path
    result: subprocess.CompletedProcess[str]
    site_url: str | None = None  # the SITE_URL it was built for (None: mkdocs.yml's default)

    def __truediv__(self, other: str) -> Path:
        return self.path / other

    def __fspath__(self) -> str:
        return str(self.path)

    @functools.cached_property
    def assistant_data(self) -> dict[str, Any]:
        """The compiled flow the site ships (assets/flow/assistant.json)."""
        return json.loads((self.path / "assets" / "flow" / "assistant.json").read_text(encoding="utf-8"))

    def html_files(self) -> list[Path]:
        return sorted(self.path.rglob("*.html"))

    def doc(self, name: str | Path) -> HtmlDoc:
        path = self.path / name
        if path not in self._docs:
            self._docs[path] = parse_html(path)
        return self._docs[path]

    @functools.cached_property
    def _docs(self) -> dict[Path, HtmlDoc]:
        return {}
