// The Python assistant's engine: a module Web Worker running Pyodide.
//
// Loads the Pyodide core files shipped with the site (assets/pyodide/, never a
// CDN), installs our package from its one-package pyodide-lock.json (Pyodide
// checks the wheel's sha256), then answers the page's messages with
// gammaflow.runtime. Every message is {id, op, args}; every answer is
// {id, ok, result} or {id, ok: false, error}.
//
// Ops: init {pyodideUrl, wizardUrl} → {python, nodes};
//      open {fragment, trail}; view {token, edit}; answer {token, key};
//      change {token, index, key}; back {token}; back_to {token, node};
//      restart {}; summary_text {token, produced_at} → text.
// Every op but init and summary_text returns the page's view (see GLUE).

import { loadPyodideWithPackage } from "./pyodide-loader.mjs";

const GLUE = String.raw`
import json
import re

from gammaflow.runtime import NOTICE_INVALID, Chart, InvalidPath

chart = Chart.from_json(wizard_text)
del wizard_text
MODIFY = re.compile(r"^modifier=([0-9]{1,3})$")


def _fragment(walk, edit=None):
    """The URL fragment (without '#') of a walk: '' is the start."""
    if not walk.answers:
        return ""
    return "chemin=" + walk.token() + ("" if edit is None else f"&modifier={edit + 1}")


def _locate(node_id, trail):
    """A static address (#etape-<id>): the reader's own clicks if they lead
    there (the longest such start of them), else the shortest path."""
    keys = [key for key in trail[:200] if isinstance(key, str)] if isinstance(trail, list) else []
    for cut in range(len(keys), 0, -1):
        walk, notice = chart.from_token(".".join(keys[:cut]))
        if notice is None and walk.current == node_id:
            return walk
    answers = chart.path_to(node_id)
    return None if answers is None else chart.walk(answers)


def _parse(fragment, trail):
    """(walk, edit, notice) for a URL fragment, or None if it is not ours."""
    fragment = fragment[1:] if fragment.startswith("#") else fragment
    if fragment == "":
        return chart.walk(), None, None
    if fragment.startswith("etape-"):
        walk = _locate(fragment[len("etape-"):], trail)
        return (chart.walk(), None, NOTICE_INVALID) if walk is None else (walk, None, None)
    if fragment.startswith("chemin="):
        token, _, extra = fragment[len("chemin="):].partition("&")
        walk, notice = chart.from_token(token)
        match = MODIFY.match(extra)
        edit = None
        if match and notice is None and 1 <= int(match[1]) <= len(walk.answers):
            edit = int(match[1]) - 1
        return walk, edit, notice
    return None


def _view(walk, edit=None, notice=None):
    """Everything the page shows for a walk; edit: the index of the answer
    being changed (the page then shows that step)."""
    shown = walk if edit is None else chart.walk(walk.answers[:edit])
    view = shown.view()
    node = chart.nodes[shown.current]
    if edit is None:
        choices = {c["key"]: _fragment(walk.answer(c["key"])) for c in node["choices"]}
    else:
        choices = {c["key"]: _fragment(walk.change(edit, c["key"])) for c in node["choices"]}
    rows = walk.summary()
    for row in rows:
        several = len(chart.nodes[row["node"]]["choices"]) > 1
        row["modify"] = _fragment(walk, row["index"]) if several else None
    view.update({
        "token": walk.token(),
        "fragment": _fragment(walk, edit),
        "notice": notice,
        "edit": None if edit is None else {"index": edit, "step": edit + 1, "key": walk.answers[edit]},
        "summary": rows,
        "full_end": walk.is_end,
        "links": {
            "choices": choices,
            "back": _fragment(walk.back()) if walk.answers and edit is None else None,
            "cancel": _fragment(walk) if edit is not None else None,
            "restart": "",
            "nodes": {n: _fragment(shown.back_to(n)) for n in shown.nodes[:-1]},
        },
    })
    return view


def _walk(token):
    walk, notice = chart.from_token(token)
    if notice is not None:
        raise InvalidPath(notice)
    return walk


def handle(op, args_json):
    args = json.loads(args_json)
    if op == "open":
        found = _parse(str(args.get("fragment", ""))[:4000], args.get("trail", []))
        return json.dumps(None if found is None else _view(*found))
    if op == "summary_text":
        return json.dumps(_walk(args["token"]).summary_text(str(args.get("produced_at", ""))))
    if op == "restart":
        return json.dumps(_view(chart.walk()))
    walk = _walk(args["token"])
    if op == "view":
        edit = args.get("edit")
        return json.dumps(_view(walk, edit if isinstance(edit, int) and 0 <= edit < len(walk.answers) else None))
    if op == "answer":
        return json.dumps(_view(walk.answer(args["key"])))
    if op == "change":
        return json.dumps(_view(walk.change(int(args["index"]), args["key"])))
    if op == "back":
        return json.dumps(_view(walk.back()))
    if op == "back_to":
        return json.dumps(_view(walk.back_to(args["node"])))
    raise ValueError(f"unknown op {op!r}")
`;

let handle = null;

async function fetchText(url) {
  // "no-cache": revalidate, so that a rebuilt site never pairs new pages
  // with a stale flow.
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${url} : HTTP ${response.status}`);
  return response.text();
}

async function init({ pyodideUrl, wizardUrl }) {
  // When each phase ended, as a time on the page's clock (its timeOrigin is
  // earlier than the worker's): read by benchmarks/assistant.py.
  const timings = {};
  const lap = (name) => { timings[name] = performance.timeOrigin + performance.now(); };
  lap("worker");
  const wizard = fetchText(wizardUrl).finally(() => lap("fetched"));
  wizard.catch(() => {}); // awaited below, after Pyodide: not an unhandled rejection meanwhile
  // The core files from the site, our wheel from its lock (sha256 checked);
  // a refused WebAssembly or a damaged file fails at once (pyodide-loader.mjs).
  const pyodide = await loadPyodideWithPackage(pyodideUrl, "gammaflow");
  lap("pyodide");
  pyodide.globals.set("wizard_text", await wizard);
  pyodide.runPython(GLUE);
  handle = pyodide.globals.get("handle");
  lap("runtime");
  return {
    timings,
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    nodes: JSON.parse(pyodide.runPython("json.dumps(list(chart.nodes))")),
  };
}

self.addEventListener("message", async (event) => {
  const { id, op, args } = event.data || {};
  try {
    let result;
    if (op === "init") result = await init(args);
    else if (handle === null) throw new Error("assistant non initialisé");
    else result = JSON.parse(handle(op, JSON.stringify(args ?? {})));
    self.postMessage({ id, ok: true, result });
  } catch (error) {
    self.postMessage({ id, ok: false, error: String(error?.message ?? error) });
  }
});
