"""Hypothesis strategies: random flows written as YAML text, valid or broken.

A flow is first drawn as plain data (dicts, lists, scalars), then written as
YAML by ``to_yaml``. Valid flows are built to pass every check: edges only go
forward (so there is no cycle unless one is added on purpose), every node is
reachable, every question has two or more distinct answers. Broken flows are
valid ones with a few mutations, at the data level (dangling target, missing
field, junk scalar, wrong type, unknown key or kind...) or at the text level
(a junk line inserted, a line dropped).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# -- writing YAML ---------------------------------------------------------------


class Raw(str):
    """A scalar written into the YAML text as is, unquoted: it may be any junk."""


def _scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += _lines(item, indent + 2)
            elif isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}: {'{}' if isinstance(item, dict) else '[]'}")
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = _lines(item, indent + 2)
                inner[0] = f"{pad}- {inner[0][indent + 2:]}"
                lines += inner
            elif isinstance(item, (dict, list)):
                lines.append(f"{pad}- {'{}' if isinstance(item, dict) else '[]'}")
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


def to_yaml(data: dict[str, Any]) -> str:
    """Block-style YAML for flow data; Raw scalars are written verbatim."""
    return "\n".join(_lines(data, 0)) + "\n"


# -- building blocks --------------------------------------------------------------

# Not the words YAML 1.1 reads as booleans or null when written unquoted as keys.
YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
ids = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True).filter(lambda name: name not in YAML_WORDS)
texts = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzéèàçôÉABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:!?'«»()-/%",
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")
urls = st.builds(lambda host, page: f"https://{host}.example/{page}", ids, ids)

# Scalars that YAML or the reader may choke on, written unquoted.
JUNK = [
    "", "~", "=", "<<", "!inconnu x", "!!int douze", "!!float abc", "!!bool peut-etre", "!!timestamp hier",
    "!!binary '%%%'", "!!python/object:os.system x", "!!set x", "[", "]", "{", "}", "a: b", "*absent", "&ancre",
    "- a", "|", ">", "'", '"', "@", "`", "%", "#", "? x", "yes", "null", "12", "1e3", "0x1f", "2023-01-01",
    "[a, [b]]", "{a: {b: c}}", "[{}]", "'<b>gras</b>'", "'[x](javascript:y)'", "\"\\uD800\"", "\t", "…",
]
junk_scalars = st.one_of(st.sampled_from(JUNK).map(Raw), st.text(max_size=12).map(Raw))
junk_values = st.one_of(
    junk_scalars,
    st.integers(),
    st.booleans(),
    st.none(),
    st.builds(list),
    st.builds(dict),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(ids, st.integers(), max_size=2),
)


# -- valid flows -----------------------------------------------------------------


@st.composite
def valid_flow_data(draw: st.DrawFn, max_inner: int = 6, cycles: bool = True) -> dict[str, Any]:
    """Data of a flow that passes every check (a cycle only when it says allow_cycles)."""
    inner = draw(st.integers(0, max_inner))
    ends = draw(st.integers(1, 3))
    names = draw(st.lists(ids, min_size=inner + ends + 1, max_size=inner + ends + 1, unique=True))
    total = len(names)
    references = {f"ref-{n}": {"title": draw(texts), "short": draw(texts), "url": draw(urls)} for n in range(draw(st.integers(0, 2)))}
    links = {f"lien-{n}": {"label": draw(texts), "url": draw(urls)} for n in range(draw(st.integers(0, 2)))}

    def later(index: int) -> str:
        return names[draw(st.integers(index + 1, total - 1))]

    def extras(node: dict[str, Any]) -> dict[str, Any]:
        if references and draw(st.booleans()):
            node["refs"] = draw(st.lists(st.sampled_from(sorted(references)), min_size=1, max_size=2))
        if links and draw(st.booleans()):
            node["links"] = draw(st.lists(st.sampled_from(sorted(links)), min_size=1, max_size=2))
        if draw(st.booleans()):
            node["note"] = draw(texts)
        return node

    nodes: dict[str, dict[str, Any]] = {}
    nodes[names[0]] = extras({"kind": "start", "title": draw(texts), "text": draw(texts), "next": later(0)})
    for index in range(1, inner + 1):
        shape = draw(st.sampled_from(["question", "next", "solved"]))
        node: dict[str, Any] = {"kind": "question" if shape == "question" else "action", "title": draw(texts), "text": draw(texts)}
        if shape == "question":
            count = draw(st.integers(2, 3))
            keys = draw(st.lists(ids, min_size=count, max_size=count, unique=True))
            labels = draw(st.lists(texts, min_size=count, max_size=count, unique_by=str.strip))
            node["answers"] = [
                {"key": key, "label": label, "to": later(index)} | ({"short": draw(texts)} if draw(st.booleans()) else {})
                for key, label in zip(keys, labels)
            ]
        elif shape == "next":
            node["next"] = later(index)
            if draw(st.booleans()):
                node["next_label"] = draw(texts)
        else:
            node["solved"] = later(index)
            node["unsolved"] = later(index)
            if draw(st.booleans()):
                node["labels"] = {"unsolved": draw(texts)}
        nodes[names[index]] = extras(node)
    for name in names[inner + 1:]:
        node = {"kind": "outcome", "title": draw(texts), "text": draw(texts)}
        if draw(st.booleans()):
            count = draw(st.integers(1, 3))
            node["steps"] = [{"key": f"etape-{n}", "title": draw(texts), "text": draw(texts)} for n in range(count)]
        if draw(st.booleans()):
            node["reminder"] = {"title": draw(texts), "text": draw(texts)}
        nodes[name] = extras(node)

    allow_cycles = False
    solved_actions = [name for name in names[1:inner + 1] if "unsolved" in nodes[name]]
    if cycles and solved_actions and draw(st.booleans()):
        # A loop back to an earlier non-start node through an « unsolved » exit; « solved » still moves forward.
        loop_from = draw(st.sampled_from(solved_actions))
        nodes[loop_from]["unsolved"] = names[draw(st.integers(1, names.index(loop_from)))]
        allow_cycles = True

    # Drop what the start cannot reach, so that the flow passes the reachability check.
    reached, todo = {names[0]}, [names[0]]
    while todo:
        node = nodes[todo.pop()]
        targets = [answer["to"] for answer in node.get("answers", [])] + [node[k] for k in ("next", "solved", "unsolved") if k in node]
        for target in targets:
            if target not in reached:
                reached.add(target)
                todo.append(target)
    order = [name for name in names if name in reached]
    if draw(st.booleans()):  # the file's order is free
        order = [order[0]] + draw(st.permutations(order[1:]))
    data: dict[str, Any] = {"title": draw(texts), "version": draw(texts)}
    if allow_cycles:
        data["allow_cycles"] = True
    if draw(st.booleans()):
        data["summary"] = draw(texts)
    if references:
        data["references"] = references
    if links:
        data["links"] = links
    data["nodes"] = {name: nodes[name] for name in order}
    return data


def valid_flows(max_inner: int = 6, cycles: bool = True) -> st.SearchStrategy[str]:
    """YAML text of flows that pass every check."""
    return valid_flow_data(max_inner=max_inner, cycles=cycles).map(to_yaml)


# -- broken flows -----------------------------------------------------------------

TARGET_FIELDS = ("next", "solved", "unsolved")


def _places(data: Any, path: tuple = ()) -> list[tuple]:
    """Every (container path, key) inside the data, mappings and lists alike."""
    found = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in items:
        found.append((path, key))
        found += _places(value, path + (key,))
    return found


def _container(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


@st.composite
def mutate(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """One random data-level mutation of flow data (the data is modified in place)."""
    nodes = data.get("nodes")
    names = sorted(name for name, node in nodes.items() if isinstance(node, dict)) if isinstance(nodes, dict) else []
    if not names:
        return data
    name = draw(st.sampled_from(names))
    node = nodes[name]
    kind = draw(st.sampled_from([
        "dangling", "delete-field", "junk", "unknown-key", "kind", "delete-node", "to-start", "wrong-answers",
        "rename-node", "empty-text", "html",
    ]))
    if kind == "dangling":
        fields = [f for f in TARGET_FIELDS if f in node]
        answers = node.get("answers")
        answers = [answer for answer in answers if isinstance(answer, dict)] if isinstance(answers, list) else []
        if fields:
            node[draw(st.sampled_from(fields))] = draw(ids)
        elif answers:
            draw(st.sampled_from(answers))["to"] = draw(ids)
    elif kind == "delete-field":
        path, key = draw(st.sampled_from(_places(data)))
        container = _container(data, path)
        if isinstance(container, dict):
            del container[key]
        else:
            container.pop(key)
    elif kind == "junk":
        path, key = draw(st.sampled_from(_places(data)))
        _container(data, path)[key] = draw(junk_values)
    elif kind == "unknown-key":
        node[draw(st.sampled_from(["titel", "nxt", "answer", "zorglub", "kind2", "steps", "next", "answers", "labels"]))] = draw(
            st.one_of(texts, ids, junk_scalars)
        )
    elif kind == "kind":
        node["kind"] = draw(st.one_of(st.sampled_from(["start", "question", "action", "outcome"]), texts, junk_scalars))
    elif kind == "delete-node":
        del nodes[name]
    elif kind == "to-start":
        start = next((n for n, v in nodes.items() if isinstance(v, dict) and v.get("kind") == "start"), name)
        for field in TARGET_FIELDS:
            if field in node and node.get("kind") != "start":
                node[field] = start
    elif kind == "wrong-answers":
        node["answers"] = draw(st.one_of(junk_values, st.lists(st.dictionaries(st.sampled_from(["key", "label", "to", "short", "x"]), st.one_of(ids, texts)), max_size=3)))
    elif kind == "rename-node":
        nodes[draw(st.one_of(ids, st.sampled_from(["Majuscule", "sous_ligne", "a b", "é", "1", "-x"])))] = nodes.pop(name)
    elif kind == "empty-text":
        node["text"] = draw(st.sampled_from(["", "   ", "\n"]))
    else:
        node["text"] = draw(st.sampled_from(["<b>x</b>", "[x](javascript:y)", "<javascript:y>", "<!-- x -->", "[x](//y)"]))
    return data


@st.composite
def broken_flows(draw: st.DrawFn) -> str:
    """YAML text of a valid flow after one to three mutations, and maybe a damaged line."""
    data = draw(valid_flow_data(max_inner=4))
    for _ in range(draw(st.integers(1, 3))):
        data = draw(mutate(data))
    text = to_yaml(data)
    lines = text.splitlines(keepends=True)
    damage = draw(st.sampled_from(["none", "none", "insert", "drop", "duplicate"]))
    where = draw(st.integers(0, len(lines) - 1))
    if damage == "insert":
        lines.insert(where, draw(st.one_of(junk_scalars, st.text(max_size=20))) + "\n")
    elif damage == "drop":
        del lines[where]
    elif damage == "duplicate":
        lines.insert(where, lines[where])
    return "".join(lines)


# -- random answers and tokens ----------------------------------------------------


def answer_keys(known: list[str]) -> st.SearchStrategy[list[str]]:
    """Sequences of answer keys: mostly keys the chart knows, some made up."""
    return st.lists(st.one_of(st.sampled_from(known), ids, st.text(max_size=6)), max_size=14)


tokens = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"[a-z0-9.-]{0,80}", fullmatch=True),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz-.", min_size=1900, max_size=2100),
)
