"""MkDocs hooks: compile the flow on every build and ship the compiled files.

Thin on purpose: the work is in gammaflow and the modules beside this one
(sitebuild, assets, pyodide_package, typeset, csp, searchindex); these functions only
tell MkDocs when to call it.
"""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

import assets
import csp
import pyodide_package
import searchindex
import sitebuild
import typeset

log = logging.getLogger("mkdocs.plugins.gammaflow")


# Runs once, when `mkdocs build` or `mkdocs serve` starts.
def on_startup(command: str, dirty: bool) -> None:
    sitebuild.command = command


# Runs at the start of every build (each rebuild of `mkdocs serve` too).
def on_config(config):
    state = sitebuild.current()
    if state.errors:
        for error in state.errors:
            log.error(error)
        if sitebuild.command != "serve":
            raise PluginError(
                f"{sitebuild.error_sources()} "
                f"{len(state.errors)} erreur(s) : le site n'est pas construit"
            )
    try:
        assets.npm_assets()
        pyodide_package.pyodide_assets(serving=sitebuild.command == "serve")  # the Python assistant: Pyodide's core files, our wheel and its lock
    except FileNotFoundError as exc:
        raise PluginError(str(exc)) from None
    return config


# Runs once the docs files are collected: add the compiled flow and npm assets.
def on_files(files: Files, config) -> Files:
    state = sitebuild.current()
    if state.outputs is not None:
        for uri, text in sitebuild.generated_files(state.outputs).items():
            files.append(File.generated(config, uri, content=text))
    for uri, path in assets.npm_assets().items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    for uri, path in pyodide_package.pyodide_assets(serving=sitebuild.command == "serve").items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


# `mkdocs serve`: rebuild when the engine changes too (the wheel is rebuilt).
def on_serve(server, config, builder):
    server.watch(str(pyodide_package.PYODIDE_PACKAGE))
    return server


# Runs on each page's HTML: French no-break spaces (before : ; ! ? », after «)
# wherever an author typed a plain space.
def on_page_content(html: str, page, config, files) -> str:
    typeset.typeset_toc(page.toc)  # the side table of contents, built from the raw headings
    return typeset.typeset(html)


# Runs once the site is written: its Content-Security-Policy, with the hashes
# of the theme's inline scripts, goes to site/csp.txt (scripts/csp.py; the
# preview server and the configurations in deploy/ use the same policy).
# The search index gets the accent-folded words (scripts/searchindex.py):
# this hook runs after the search plugin has written it.
def on_post_build(config) -> None:
    searchindex.add_folded_fields(config["site_dir"])
    for problem in csp.find_blockers(config["site_dir"]):
        log.warning(f"la politique de sécurité (CSP) bloquerait : {problem}")
    csp.write_policy(config["site_dir"])
