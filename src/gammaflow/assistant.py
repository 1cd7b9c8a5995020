"""The assistant page's protocol: its addresses, its views, its operations.

Standard library only, no I/O: the page's worker runs it under Pyodide
(docs/assets/js/python-worker.mjs), the tests under CPython. The page sends
``handle(op, args_json)`` and renders the JSON view it gets back; it holds no
copy of this logic.

Addresses (URL fragments, without '#'):
  ''                          the start
  'chemin=<k1>.<k2>…'         the walk of those answer keys (runtime.Walk.token)
  'chemin=<token>&modifier=N' the same walk, its answer N being changed
  'etape-<node>'              a static step (the no-JavaScript assistant's links)
"""

from __future__ import annotations

import json
import re
from typing import Any

from .runtime import CONTINUE, NOTICE_INVALID, Chart, InvalidPath, Walk, french_date, reader_moment

PATH_PREFIX = "chemin="
EDIT_PREFIX = "&modifier="
STEP_PREFIX = "etape-"
MAX_FRAGMENT = 4000
MAX_TRAIL = 200
_EDIT = re.compile(r"modifier=([0-9]{1,3})")
OPERATIONS = {"open", "nodes", "restart", "produced_at", "summary_text", "view", "answer", "change", "back", "back_to"}


def fragment(walk: Walk, edit: int | None = None) -> str:
    """The URL fragment of a walk (and of the answer being changed): '' is the start."""
    if not walk.answers:
        return ""
    return PATH_PREFIX + walk.token() + ("" if edit is None else f"{EDIT_PREFIX}{edit + 1}")


def static_fragment(node_id: str) -> str:
    """The no-JavaScript assistant's address of a step."""
    return STEP_PREFIX + node_id


def change_notice(walk: Walk, index: int, kept: list[dict[str, Any]], dropped: list[dict[str, Any]]) -> str | None:
    """What a change of answer did to the later answers, in French, or None if there were none."""
    if not kept and not dropped:
        return None
    parts = [f"Réponse de l’étape\u00a0{index + 1} modifiée."]
    if kept:
        parts.append("Gardée" + ("s" if len(kept) > 1 else "") + ", car l’étape est la même\u00a0: " + _steps(kept) + ".")
    if dropped:
        parts.append("Retirée" + ("s" if len(dropped) > 1 else "") + ", car ce chemin ne passe plus par là\u00a0: " + _steps(dropped) + ".")
    return " ".join(parts)


def _is_index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _choice(node: dict[str, Any], key: str) -> dict[str, Any]:
    return next(choice for choice in node["choices"] if choice["key"] == key)


def _steps(rows: list[dict[str, Any]]) -> str:
    return ", ".join(f"«\u00a0{row['title']}\u00a0» ({row['answer']})" if row["key"] != CONTINUE else f"«\u00a0{row['title']}\u00a0»" for row in rows)


class Assistant:
    """The assistant of one compiled flow: answers the page's operations with views."""

    def __init__(self, chart: Chart) -> None:
        self.chart = chart

    @classmethod
    def from_json(cls, text: str) -> Assistant:
        return cls(Chart.from_json(text))

    # -- addresses -------------------------------------------------------------

    def locate(self, node_id: str, trail: Any) -> Walk | None:
        """A static address (#etape-<id>): the reader's own clicks if they lead
        there (the longest such start of them), else the shortest path."""
        keys = [key for key in trail[:MAX_TRAIL] if isinstance(key, str)] if isinstance(trail, list) else []
        for cut in range(len(keys), 0, -1):
            walk, notice = self.chart.from_token(".".join(keys[:cut]))
            if notice is None and walk.current == node_id:
                return walk
        answers = self.chart.path_to(node_id)
        return None if answers is None else self.chart.walk(answers)

    def parse(self, text: str, trail: Any = ()) -> tuple[Walk, int | None, str | None] | None:
        """(walk, edit, notice) for a URL fragment, or None if it is not the assistant's."""
        text = text[1:] if text.startswith("#") else text
        if text == "":
            return self.chart.walk(), None, None
        if text.startswith(STEP_PREFIX):
            walk = self.locate(text[len(STEP_PREFIX):], trail)
            return (self.chart.walk(), None, NOTICE_INVALID) if walk is None else (walk, None, None)
        if text.startswith(PATH_PREFIX):
            token, _, extra = text[len(PATH_PREFIX):].partition("&")
            walk, notice = self.chart.from_token(token)
            match = _EDIT.fullmatch(extra)
            edit = None
            if match and notice is None and 1 <= int(match[1]) <= len(walk.answers):
                edit = int(match[1]) - 1
            return walk, edit, notice
        return None

    # -- views -------------------------------------------------------------------

    def view(self, walk: Walk, edit: int | None = None, notice: str | None = None) -> dict[str, Any]:
        """Everything the page shows for a walk; edit: the index of the answer
        being changed (the page then shows that step)."""
        shown = walk if edit is None else self.chart.walk(walk.answers[:edit])
        view = shown.view()
        node = self.chart.nodes[shown.current]
        if edit is None:
            choices = {c["key"]: fragment(walk.answer(c["key"])) for c in node["choices"]}
        else:
            choices = {c["key"]: fragment(walk.change(edit, c["key"])) for c in node["choices"]}
        rows = walk.summary()
        for row in rows:
            several = len(self.chart.nodes[row["node"]]["choices"]) > 1
            row["modify"] = fragment(walk, row["index"]) if several else None
            row["shows_answer"] = row["key"] != CONTINUE
        view.update({
            "token": walk.token(),
            "fragment": fragment(walk, edit),
            "notice": notice,
            "edit": None if edit is None else {"index": edit, "step": edit + 1, "key": walk.answers[edit]},
            "summary": rows,
            "full_end": walk.is_end,
            "links": {
                "choices": choices,
                "back": fragment(walk.back()) if walk.answers and edit is None else None,
                "cancel": fragment(walk) if edit is not None else None,
                "restart": "",
                "nodes": {n: fragment(shown.back_to(n)) for n in shown.nodes[:-1]},
            },
            "diagram": self.diagram(shown),
            "document": self.fallback_document(walk) if edit is None else None,
        })
        return view

    def fallback_document(self, walk: Walk) -> dict[str, str] | None:
        """At an end reached right after a node that authorises the fallback:
        the fallback document's address with its motif filled in (the site's
        assistant.json says which node gives which motif); None elsewhere."""
        link = self.chart.data.get("fallback_document")
        if not isinstance(link, dict) or not walk.is_end or len(walk.nodes) < 2:
            return None
        motif = (link.get("motifs") or {}).get(walk.nodes[-2])
        if not isinstance(motif, str):
            return None
        return {"motif": motif, "href": f"{link['page']}#{link['field']}={motif}"}

    def diagram(self, walk: Walk) -> dict[str, Any]:
        """What the diagram shows of a walk, as the ids the compiler gave its elements
        (docs/assets/js/diagram-trace.js draws it)."""
        nodes = self.chart.nodes
        reachable = self.chart.reachable(walk.current)
        # The box of each step of the walk: a node drawn more than once is lit
        # where the reader's own answer reached it.
        followed = [_choice(nodes[node], key) for node, key in zip(walk.nodes, walk.answers)]
        boxes = [nodes[walk.nodes[0]]["diagram"], *(choice["diagram_to"] for choice in followed)]
        taken = [choice["diagram_edges"][box] for choice, box in zip(followed, boxes)]
        passed = list(zip(walk.nodes[:-1], boxes[:-1]))
        gone = [node for node in nodes if node not in reachable and node not in walk.nodes]
        # The other boxes of the steps walked: not where the reader went.
        elsewhere = [box for node in dict.fromkeys(walk.nodes) for box in nodes[node]["diagram_boxes"] if box not in boxes]
        return {
            "current": boxes[-1],
            "visited": [box for _, box in passed],
            "taken": taken,
            "closed": [
                edge for node, box in dict.fromkeys(passed) for c in nodes[node]["choices"]
                if (edge := c["diagram_edges"][box]) not in taken
            ],
            "dimmed": [
                *(element for node in gone
                  for element in (*nodes[node]["diagram_boxes"], *nodes[node]["diagram_parts"],
                                  *(edge for c in nodes[node]["choices"] for edge in c["diagram_edges"].values()))),
                *elsewhere,
            ],
            "links": {box: node for node, box in passed},
            "numbers": True,
        }

    # -- operations --------------------------------------------------------------

    def _walk(self, token: Any) -> Walk:
        walk, notice = self.chart.from_token(token)
        if notice is not None:
            raise InvalidPath(notice)
        return walk

    def handle(self, op: str, args_json: str) -> str:
        """One operation of the page, its arguments and its answer as JSON text."""
        args = json.loads(args_json)
        return json.dumps(self.run(op, args if isinstance(args, dict) else {}))

    def run(self, op: str, args: dict[str, Any]) -> Any:
        if op not in OPERATIONS:
            raise ValueError(f"unknown op {op!r}; expected one of {sorted(OPERATIONS)}")
        if op == "open":
            found = self.parse(str(args.get("fragment", ""))[:MAX_FRAGMENT], args.get("trail", []))
            return None if found is None else self.view(*found)
        if op == "nodes":
            return list(self.chart.nodes)
        if op == "restart":
            return self.view(self.chart.walk())
        if op == "produced_at":
            return french_date(reader_moment(args.get("epoch_ms"), args.get("offset_minutes")))
        walk = self._walk(args.get("token"))
        if op == "summary_text":
            return walk.summary_text(str(args.get("produced_at", "")))
        if op == "view":
            edit = args.get("edit")
            return self.view(walk, edit if _is_index(edit) and edit < len(walk.answers) else None)
        if op == "answer":
            return self.view(walk.answer(str(args.get("key"))))
        if op == "change":
            index = args.get("index")
            if not _is_index(index):
                raise InvalidPath(f"expected the index of an answer, got {index!r}")
            changed, kept, dropped = walk.change_report(index, str(args.get("key")))
            return self.view(changed, notice=change_notice(changed, index, kept, dropped))
        if op == "back":
            return self.view(walk.back())
        return self.view(walk.back_to(str(args.get("node"))))  # "back_to", the last of OPERATIONS
