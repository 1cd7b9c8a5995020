"""The « cas pratiques » (flow/cases.yaml): read, checked against the flow, compiled.

A case is a situation an operator lives, and the answers the procedure
expects, question by question. The file is read like the flow (_yaml: every
error with file:line:column, all at once) and each case is walked on the
compiled flow (runtime.Chart): a case whose answers no longer form a path of
the procedure fails the build at the case's step, saying what changed.

A case lists only the questions (the nodes with two answers or more, or any
node it names); a step with one way on (« Commencer », « suite ») is followed
by itself. Each question says the expected answer and why; it may reveal a
fact of the situation first, and say why another answer is wrong.

The compiled data holds, for each question, the answers offered, the key
expected and the reasons: the page compares the reader's key with the key
compiled here, and holds no copy of the procedure's logic.

    load_cases        the file, checked against a compiled flow (assistant data)
    uncovered         the scenarios (gammaflow._paths) that no case walks
    uncovered_exits   the site's inferred exits (a « reading: » answer) no case takes
    page_data         what the page's script needs: expected keys, diagram traces
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ._errors import FlowError, FlowInvalid, describe, did_you_mean
from ._markdown import text_problems, to_html
from ._typography import french
from ._yaml import Reader, Value, read_text
from .assistant import Assistant
from .runtime import Chart

FORMAT = 1
CASE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
TOP_KEYS = {"format", "cases"}
CASE_KEYS = {"id", "title", "situation", "end", "steps", "teaching"}
STEP_KEYS = {"node", "answer", "why", "fact", "wrong"}


def load_cases(path: str | Path, assistant_data: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The cases, checked and compiled against the compiled flow (assistant data);
    assistant_data None: the file alone is checked (the flow has errors of its own).
    Raise FlowInvalid with every error found."""
    cases, errors = parse_cases(read_text(path), str(path), assistant_data)
    if errors:
        raise FlowInvalid(errors)
    return cases


def parse_cases(text: str, source: str, assistant_data: dict[str, Any] | None) -> tuple[list[dict[str, Any]], list[FlowError]]:
    """The compiled cases of a YAML text, and the errors met on the way."""
    reader = Reader(source)
    root = reader.root(text)
    if root is None:
        if not reader.errors:
            reader.errors.append(FlowError(source, 1, 1, "le fichier est vide\u00a0; attendu\u00a0: format, cases"))
        return [], reader.errors
    chart = Chart(assistant_data) if assistant_data is not None else None
    return _Cases(reader, chart).file(root), reader.errors


def uncovered(cases: list[dict[str, Any]], scenarios: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The scenarios (paths from the start to an end) that no case walks, in their order."""
    walked = {case["token"] for case in cases}
    return [scenario for scenario in scenarios if scenario["token"] not in walked]


def uncovered_exits(cases: list[dict[str, Any]], assistant_data: dict[str, Any]) -> list[dict[str, str]]:
    """The answers this site infers where the chart is silent (a choice with a
    « reading »), that no case takes: {node, key, label, reading}."""
    taken = {(node, key) for case in cases for node, key in zip(case["nodes"], case["keys"])}
    return [
        {"node": node_id, "key": choice["key"], "label": choice["label"], "reading": choice["reading"]}
        for node_id, node in assistant_data["nodes"].items() for choice in node["choices"]
        if choice.get("reading") and (node_id, choice["key"]) not in taken
    ]


def page_data(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """What the « Cas pratiques » page's script needs beside the texts the page
    already shows: for each question the answers offered and the one expected
    (the script compares keys, nothing else), and the diagram to trace."""
    def trace(diagram: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in diagram.items() if name != "links"}  # no going back by a click here

    return {"cases": [
        {"id": case["id"], "end": case["end"], "diagram": trace(case["diagram"]),
         "questions": [
             {"node": q["node"], "keys": [a["key"] for a in q["answers"]], "expected": q["expected"], "diagram": trace(q["diagram"])}
             for q in case["questions"]
         ]}
        for case in cases
    ]}


class _Cases:
    """Checks the file's values through the reader; walks each case on the chart."""

    def __init__(self, reader: Reader, chart: Chart | None) -> None:
        self.r = reader
        self.chart = chart
        self.assistant = Assistant(chart) if chart is not None else None
        self.seen: dict[str, Value] = {}

    def file(self, root: Value) -> list[dict[str, Any]]:
        top = self.r.mapping(root, "le fichier")
        if not isinstance(root.value, dict):
            return []
        self.r.keys(top, TOP_KEYS, "le fichier")
        for name in ("format", "cases"):
            if name not in top:
                self.r.error(root, f"le fichier\u00a0: le champ '{name}' est obligatoire")
        if "format" in top and (type(top["format"][1].value) is not int or top["format"][1].value != FORMAT):
            value = top["format"][1]
            self.r.error(value, f"'format' doit être {FORMAT} (la version de ce format de fichier), trouvé {describe(value.value)}")
        if "cases" not in top:
            return []
        listed = top["cases"][1]
        if not isinstance(listed.value, list) or not listed.value:
            self.r.error(listed, f"'cases' doit être une liste de cas (au moins un), trouvé {describe(listed.value)}")
            return []
        found = [self.case(item) for item in listed.value]
        return [case for case in found if case is not None]

    # -- one case --------------------------------------------------------------

    def case(self, at: Value) -> dict[str, Any] | None:
        items = self.r.mapping(at, "un cas")
        if not isinstance(at.value, dict):
            return None
        errors = len(self.r.errors)
        ident = items.get("id", (None, at))[1]
        name = ident.value if isinstance(ident.value, str) else "?"
        where = f"le cas '{name}'"
        self.r.keys(items, CASE_KEYS, where)
        well_formed = isinstance(ident.value, str) and CASE_ID.match(ident.value)
        expected = "des minuscules, chiffres et tirets, commençant par une lettre (ex. 'edi-incident')"
        self.r.unique_id(items, at, where if well_formed else "un cas", CASE_ID, expected, self.seen)
        title = self.text(items, at, where, "title", "son titre, en une ligne")
        situation = self.text(items, at, where, "situation", "la situation, telle que l'opérateur la vit")
        teaching = self.texts(items, at, where, "teaching", "ce qu'il faut retenir (une liste de phrases)")
        end = items.get("end", (None, at))[1]
        if "end" not in items or not isinstance(end.value, str):
            self.r.error(end, f"{where}\u00a0: 'end' (le nœud de fin où mène le cas) doit être un identifiant de nœud, trouvé {describe(end.value) if 'end' in items else 'rien'}")
        steps = self.steps(items, at, where)
        if len(self.r.errors) > errors or self.chart is None:
            return None
        walked = self.walk(name, steps, end, at)
        if walked is None:
            return None
        return self.compiled(name, title, situation, teaching, walked)

    def steps(self, items: dict, at: Value, where: str) -> list[dict[str, Any]]:
        listed = items.get("steps", (None, at))[1]
        if "steps" not in items or not isinstance(listed.value, list) or not listed.value:
            self.r.error(listed, f"{where}\u00a0: 'steps' doit être la liste des questions, chacune avec node, answer et why, trouvé {describe(listed.value) if 'steps' in items else 'rien'}")
            return []
        found = []
        for number, step in enumerate(listed.value, 1):
            what = f"{where}, étape {number}"
            fields = self.r.mapping(step, what)
            if not isinstance(step.value, dict):
                continue
            self.r.keys(fields, STEP_KEYS, what)
            for name, expected in (("node", "l'identifiant du nœud de la question"), ("answer", "la clé de la réponse attendue")):
                value = fields.get(name, (None, step))[1]
                if name not in fields or not isinstance(value.value, str):
                    self.r.error(value, f"{what}\u00a0: '{name}' ({expected}) doit être un texte, trouvé {describe(value.value) if name in fields else 'rien'}")
            why = self.text(fields, step, what, "why", "pourquoi c'est la bonne réponse, d'après la procédure")
            fact = self.text(fields, step, what, "fact", "", required=False)
            wrong = fields.get("wrong", (None, step))[1]
            reasons: dict[str, tuple[Value, str]] = {}
            if "wrong" in fields:
                for key, (key_at, reason) in self.r.mapping(wrong, f"{what}, 'wrong'").items():
                    if not isinstance(reason.value, str) or not reason.value.strip():
                        self.r.error(reason, f"{what}\u00a0: 'wrong', réponse '{key}'\u00a0: attendu un texte (pourquoi cette réponse ne convient pas), trouvé {describe(reason.value)}")
                    else:
                        self.markdown(reason, f"wrong.{key}", what)
                        reasons[key] = (key_at, to_html(reason.value))
            found.append({
                "at": step, "number": number,
                "node": fields.get("node", (None, step))[1], "answer": fields.get("answer", (None, step))[1],
                "why": why, "fact": fact, "wrong": reasons,
            })
        return found

    # -- the case on the flow ------------------------------------------------------

    def walk(self, name: str, steps: list[dict[str, Any]], end: Value, at: Value) -> dict[str, Any] | None:
        """The case's path on the chart, or None (its error told at the step that breaks)."""
        chart = self.chart
        assert chart is not None
        where = f"le cas '{name}'"
        keys: list[str] = []
        nodes = [chart.start]
        questions = []
        for step in steps:
            what = f"{where}, étape {step['number']}"
            node, answer = step["node"], step["answer"]
            if node.value not in chart.nodes:
                self.r.error(node, f"{what}\u00a0: le nœud '{node.value}' n'existe pas dans la procédure{did_you_mean(str(node.value), set(chart.nodes))}")
                return None
            self.follow(nodes, keys, until=node.value)
            current = nodes[-1]
            if not chart.nodes[current]["choices"]:
                self.r.error(node, f"{what}\u00a0: les réponses des étapes précédentes mènent déjà à la fin '{current}' («\u00a0{chart.nodes[current]['title']}\u00a0»)\u00a0; retirer cette étape et les suivantes, ou corriger une réponse précédente")
                return None
            if current != node.value:
                self.r.error(node, f"{what}\u00a0: le cas attend ici la question du nœud '{node.value}', mais le chemin de ses réponses mène au nœud '{current}' («\u00a0{chart.nodes[current]['title']}\u00a0»)\u00a0; suivre le chemin de la procédure depuis l'étape précédente")
                return None
            choices = chart.nodes[current]["choices"]
            offered = ", ".join(f"'{choice['key']}' ({choice['label']})" for choice in choices)
            if chart.target(current, answer.value) is None:
                self.r.error(answer, f"{what}\u00a0: la réponse '{answer.value}' n'existe pas (ou plus) au nœud '{current}'{did_you_mean(str(answer.value), {c['key'] for c in choices})}\u00a0; réponses possibles\u00a0: {offered}")
                return None
            for key, (key_at, _) in step["wrong"].items():
                if key == answer.value or chart.target(current, key) is None:
                    problem = "est la réponse attendue" if key == answer.value else "n'existe pas à ce nœud"
                    self.r.error(key_at, f"{what}\u00a0: 'wrong' explique la réponse '{key}', qui {problem}\u00a0; attendu une autre réponse de\u00a0: {offered}")
                    return None
            questions.append((len(nodes) - 1, step))
            keys.append(answer.value)
            nodes.append(chart.target(current, answer.value))
        self.follow(nodes, keys, until=None)
        current = nodes[-1]
        if chart.nodes[current]["choices"]:
            offered = ", ".join(f"'{choice['key']}'" for choice in chart.nodes[current]["choices"])
            self.r.error(at, f"{where}\u00a0: ses réponses s'arrêtent au nœud '{current}' («\u00a0{chart.nodes[current]['title']}\u00a0»), qui n'est pas une fin\u00a0; attendu une étape de plus (node: {current}, answer: l'une de {offered})")
            return None
        if end.value != current:
            known = {node_id for node_id, node in chart.nodes.items() if not node["choices"]}
            hint = "" if end.value in chart.nodes else did_you_mean(str(end.value), known)
            self.r.error(end, f"{where}\u00a0: ses réponses mènent à la fin '{current}' («\u00a0{chart.nodes[current]['title']}\u00a0»), le cas attend la fin '{end.value}'{hint}")
            return None
        return {"keys": keys, "nodes": nodes, "questions": questions}

    def follow(self, nodes: list[str], keys: list[str], until: str | None) -> None:
        """Follow the steps with one way on (« Commencer », « suite ») until the node `until`, a question or an end."""
        chart = self.chart
        assert chart is not None
        for _ in range(len(chart.nodes)):
            choices = chart.nodes[nodes[-1]]["choices"]
            if nodes[-1] == until or len(choices) != 1:
                return
            keys.append(choices[0]["key"])
            nodes.append(choices[0]["to"])

    def compiled(self, name: str, title: str, situation: str, teaching: list[str], walked: dict[str, Any]) -> dict[str, Any]:
        """What the page and the presentation need of one case."""
        chart, assistant = self.chart, self.assistant
        assert chart is not None and assistant is not None
        keys, nodes = walked["keys"], walked["nodes"]
        questions = []
        for index, step in walked["questions"]:
            node = chart.nodes[nodes[index]]
            expected = next(choice for choice in node["choices"] if choice["key"] == keys[index])
            questions.append({
                "node": nodes[index],
                "index": index,  # its place in the case's full path (nodes, keys)
                "title": node["title"],
                "html": node["html"],
                "links": node["links"],  # the node's useful links ({label, url}), as its text refers to them
                "fact": step["fact"],
                "answers": [
                    {"key": choice["key"], "label": choice["label"], "to": choice["to"], "to_title": chart.nodes[choice["to"]]["title"]}
                    for choice in node["choices"]
                ],
                "expected": expected["key"],
                "expected_label": expected["label"],
                "why": step["why"],
                # The site's own reading, when the chart does not draw this answer.
                "reading": expected.get("reading", ""),
                "wrong": {key: reason for key, (_, reason) in step["wrong"].items()},
                "diagram": assistant.diagram(chart.walk(keys[:index])),
            })
        walk = chart.walk(keys)
        return {
            "id": name,
            "title": title,
            "situation": situation,
            "teaching": teaching,
            "end": walk.current,
            "end_title": chart.nodes[walk.current]["title"],
            "keys": keys,
            "nodes": nodes,
            "token": walk.token(),
            "questions": questions,
            "path": walk.summary(),
            "diagram": assistant.diagram(walk),
        }

    # -- texts -----------------------------------------------------------------

    def text(self, items: dict, at: Value, where: str, name: str, expected: str, required: bool = True) -> str:
        """A Markdown text of the case, as HTML; "" when absent (an error if required)."""
        value = items.get(name, (None, at))[1]
        if name not in items:
            if required:
                self.r.error(at, f"{where}\u00a0: le champ '{name}' est obligatoire ({expected})")
            return ""
        if not isinstance(value.value, str) or not value.value.strip():
            self.r.error(value, f"{where}\u00a0: '{name}' doit être un texte non vide, trouvé {describe(value.value)}")
            return ""
        self.markdown(value, name, where)
        return french(value.value.strip()) if name == "title" else to_html(value.value)

    def texts(self, items: dict, at: Value, where: str, name: str, expected: str) -> list[str]:
        value = items.get(name, (None, at))[1]
        if name not in items or not isinstance(value.value, list) or not value.value:
            self.r.error(value, f"{where}\u00a0: '{name}' ({expected}) doit être une liste non vide, trouvé {describe(value.value) if name in items else 'rien'}")
            return []
        found = []
        for item in value.value:
            if not isinstance(item.value, str) or not item.value.strip():
                self.r.error(item, f"{where}\u00a0: chaque élément de '{name}' doit être un texte, trouvé {describe(item.value)}")
                continue
            self.markdown(item, name, where)
            found.append(to_html(item.value))
        return found

    def markdown(self, value: Value, name: str, where: str) -> None:
        for problem in text_problems(name, value.value):
            self.r.error(value, f"{where}\u00a0: {problem}")
