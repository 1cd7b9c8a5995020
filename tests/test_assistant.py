"""The assistant page's protocol (gammaflow.assistant) over the compiled GAMMA 2 flow: its addresses, views and operations.

This module stays whole: it mirrors gammaflow.assistant test by test, in
that module's order, around the same compiled flow.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gammaflow import assistant as assistant_module
from gammaflow.assistant import MAX_FRAGMENT, MAX_TRAIL, OPERATIONS, PATH_PREFIX, STEP_PREFIX, Assistant, fragment, static_fragment
from gammaflow.runtime import CONTINUE, NOTICE_INVALID, NOTICE_PARTIAL, Chart, InvalidPath, Walk

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def assistant(chart: Chart) -> Assistant:
    """The assistant of the GAMMA 2 flow, over the session's chart."""
    return Assistant(chart)


@pytest.fixture(scope="module")
def svg_ids(gamma2_outputs) -> set[str]:
    """Every id of the compiled SVG diagram (entities decoded by the XML parser)."""
    return {element.get("id") for element in ET.fromstring(gamma2_outputs.svg).iter() if element.get("id")}


def prefixes(chart: Chart) -> list[Walk]:
    """Every walk that is a start of a path of the chart (the start included), once each, in path order."""
    seen: dict[tuple[str, ...], Walk] = {}
    for path in chart.paths():
        for cut in range(len(path) + 1):
            seen.setdefault(path[:cut], chart.walk(path[:cut]))
    return list(seen.values())


def call(assistant: Assistant, op: str, **args) -> object:
    """handle(op, args) as the worker calls it: JSON text in, JSON text out, decoded."""
    return json.loads(assistant.handle(op, json.dumps(args)))


def reachable_by_paths(chart: Chart, walk: Walk) -> set[str]:
    """The nodes some path of the chart still reaches from this walk (itself included), from the paths alone."""
    found = {walk.current}
    for path in chart.paths():
        if path[: len(walk.answers)] == walk.answers:
            found |= set(chart.walk(path).nodes[len(walk.answers):])
    return found


# -- addresses --------------------------------------------------------------------


def test_the_start_has_the_empty_fragment(assistant, chart):
    """The start's fragment is '' and '' (or a lone '#') opens the start with no notice."""
    assert fragment(chart.walk()) == "", f"expected '' for the start, got {fragment(chart.walk())!r}"
    for text in ("", "#"):
        assert assistant.parse(text) == (chart.walk(), None, None), f"expected the start for {text!r}, got {assistant.parse(text)!r}"


def test_fragment_and_parse_round_trip_for_every_prefix_and_edit(assistant, chart):
    """For every start of every path and every answer it could change, parse(fragment(walk, edit)) gives back the walk and the edit, with or without '#'."""
    walks = prefixes(chart)
    assert len(walks) > len(chart.paths()), f"expected more prefixes than the {len(chart.paths())} paths, got {len(walks)}"
    for walk in walks:
        for edit in (None, *range(len(walk.answers))):
            text = fragment(walk, edit)
            if walk.answers:
                expected = PATH_PREFIX + ".".join(walk.answers) + ("" if edit is None else f"&modifier={edit + 1}")
                assert text == expected, f"expected {expected!r}, got {text!r}"
            for written in (text, "#" + text):
                got = assistant.parse(written)
                assert got == (walk, edit, None), f"{written!r}: expected {(walk, edit, None)!r}, got {got!r}"


@pytest.mark.parametrize("extra", ["modifier=0", "modifier=999", "modifier=-1", "modifier=1000", "modifier=abc", "modifier=", "modifier=1&modifier=2", "edit=1", "modifier=\u0661"])
def test_an_edit_that_is_not_a_step_of_the_walk_is_ignored(assistant, chart, extra):
    """&modifier=N outside 1..number of answers (or not a number) opens the walk itself, not an edit."""
    path = chart.paths()[0]
    got = assistant.parse(f"{PATH_PREFIX}{'.'.join(path)}&{extra}")
    assert got == (chart.walk(path), None, None), f"{extra!r}: expected the walk without an edit, got {got!r}"


def test_every_step_has_a_static_address_opening_its_shortest_way(assistant, chart):
    """#etape-<node> opens, for every node, the walk of chart.path_to(node), which stands on that node."""
    for node in chart.nodes:
        walk, edit, notice = assistant.parse("#" + static_fragment(node))
        assert (walk.answers, edit, notice) == (chart.path_to(node), None, None), f"{node}: expected {chart.path_to(node)!r}, got {(walk.answers, edit, notice)!r}"
        assert walk.current == node, f"expected the walk to stand on {node!r}, got {walk.current!r}"


def test_a_static_address_follows_the_readers_own_clicks(assistant, chart):
    """With the reader's trail of clicks, #etape-<node> opens the longest start of the trail that stands on the node."""
    for path in chart.paths():
        walk = chart.walk(path)
        for at, node in enumerate(walk.nodes):
            # Extra keys past the end and junk items that are not strings do not matter.
            trail = [*path, "suite", 7, None]
            got = assistant.locate(node, trail)
            expected = chart.walk(path[:at])
            assert got == expected, f"{'.'.join(path)} at {node}: expected {expected!r}, got {got!r}"


def test_a_trail_that_does_not_lead_there_gives_the_shortest_way(assistant, chart):
    """A trail that never stands on the node (or is not a list) leaves the shortest way to it."""
    node = "secours"
    for trail in (["suite", "materiel", "resolu"], "suite.pas-de-panne-locale", {"0": "suite"}, None, 42, [["suite"]]):
        got = assistant.locate(node, trail)
        assert got is not None and got.answers == chart.path_to(node), f"trail {trail!r}: expected {chart.path_to(node)!r}, got {got!r}"


def test_a_trail_longer_than_its_limit_is_cut(assistant, chart):
    """Only the first MAX_TRAIL items of a trail count: a way that needs later items is not followed."""
    longest = max(chart.paths(), key=len)
    trail = ["x"] * MAX_TRAIL + list(longest)
    got = assistant.locate(chart.walk(longest).current, trail)
    assert got == chart.walk(chart.path_to(chart.walk(longest).current)), f"expected the shortest way, got {got!r}"


@pytest.mark.parametrize("text", ["autre", "javascript:alert(1)", "Chemin=suite", "CHEMIN=suite", "logigramme", "etape", "#noeud-debut", " chemin=suite", "##chemin=suite"])
def test_a_fragment_that_is_not_the_assistants_parses_to_none(assistant, text):
    """A fragment that is none of the assistant's addresses is not the assistant's: parse() and open give None."""
    assert assistant.parse(text) is None, f"{text!r}: expected None, got {assistant.parse(text)!r}"
    assert call(assistant, "open", fragment=text) is None


# -- hostile input ------------------------------------------------------------------

HOSTILE = [
    "chemin=" + "suite." * 10_000,
    "chemin=suite" + "&" + "x" * 100_000,
    "x" * 1_000_000,
    "chemin=" + "é" * 5000,
    "chemin=suíte",
    "chemin=\u202esuite",
    "chemin=suite\x00",
    "chemin=../..",
    "chemin=a.b&modifier=999",
    "chemin=suite.materiel%2Eresolu",
    "chemin=<script>alert(1)</script>",
    "chemin=suite.materiel.resolu.encore",
    "chemin=suite.inconnu&modifier=2",
    "chemin=__proto__",
    "chemin=",
    "etape-inconnu",
    "#etape-",
    "etape-",
    "etape-../../etc/passwd",
    "etape-__proto__",
    "etape-constructor",
    "etape-" + "n" * 100_000,
    "javascript:alert(1)",
    "#",
    "\u00e9\u0301\U0001f642",
]
TRAILS = [
    None, "suite", 12, 1.5, True, {"trail": ["suite"]}, [None, 3, ["suite"], {"a": 1}],
    ["suite"] * 10_000, ["x" * 3000] * (MAX_TRAIL + 100), ["suite", "pas-de-panne-locale"] + [[[[[]]]]] * 100,
]


def test_hostile_fragments_and_trails_never_raise_from_open(assistant, chart):
    """open never raises: a hostile fragment with a hostile trail gives None or a view of a step of the chart, whose own fragment opens it again silently."""
    for text in HOSTILE:
        for trail in TRAILS:
            view = call(assistant, "open", fragment=text, trail=trail)
            mine = text[1:] if text.startswith("#") else text
            if mine and not mine.startswith((PATH_PREFIX, STEP_PREFIX)):
                assert view is None, f"{text[:40]!r}: expected None (not the assistant's), got a view"
                continue
            assert view["node"] in chart.nodes, f"{text[:40]!r}: expected a node of the chart, got {view['node']!r}"
            assert view["notice"] in (None, NOTICE_INVALID, NOTICE_PARTIAL), f"{text[:40]!r}: expected a known notice, got {view['notice']!r}"
            again = call(assistant, "open", fragment=view["fragment"])
            assert (again["token"], again["notice"], again["edit"]) == (view["token"], None, view["edit"]), f"{text[:40]!r}: its view's fragment {view['fragment']!r} does not open it again"


@pytest.mark.parametrize(("text", "token", "notice"), [
    ("chemin=../..", "", NOTICE_INVALID),
    ("chemin=a.b&modifier=999", "", NOTICE_INVALID),
    ("etape-inconnu", "", NOTICE_INVALID),
    ("#etape-", "", NOTICE_INVALID),
    ("etape-__proto__", "", NOTICE_INVALID),
    ("chemin=suite.inconnu&modifier=2", "suite", NOTICE_PARTIAL),
    ("chemin=suite.materiel.resolu.encore", "suite.materiel.resolu", NOTICE_PARTIAL),
    ("chemin=", "", None),
])
def test_hostile_fragments_open_the_start_or_the_last_valid_step_with_a_notice(assistant, text, token, notice):
    """An address that is the assistant's but not a walk of the chart opens the start (or its last valid step) with the notice saying so, and no edit."""
    view = call(assistant, "open", fragment=text)
    got = (view["token"], view["notice"], view["edit"])
    assert got == (token, notice, None), f"{text!r}: expected {(token, notice, None)!r}, got {got!r}"


def test_only_the_start_of_a_long_fragment_is_read(assistant, chart):
    """open reads at most MAX_FRAGMENT characters: a walk followed by a megabyte of junk opens that walk; a token longer than the runtime's limit opens the start with the invalid notice."""
    token = ".".join(max(chart.paths(), key=len))
    view = call(assistant, "open", fragment=f"#{PATH_PREFIX}{token}&" + "x" * 1_000_000)
    assert (view["token"], view["notice"]) == (token, None), f"expected {token!r} and no notice, got {view['token']!r}, {view['notice']!r}"
    long = PATH_PREFIX + ".".join([token] * (MAX_FRAGMENT // len(token) + 2))
    assert len(long) > MAX_FRAGMENT
    view = call(assistant, "open", fragment=long)
    assert (view["token"], view["notice"]) == ("", NOTICE_INVALID), f"expected the start and the invalid notice, got {view['token']!r}, {view['notice']!r}"


@pytest.mark.parametrize("args", [
    "null", "[]", "\"chemin=suite\"", "42", "true",
    json.dumps({"fragment": {"a": [1, {"b": None}]}, "trail": {"x": [1, 2]}}),
    json.dumps({"fragment": ["chemin=suite"], "trail": [[["suite"]]]}),
    json.dumps({"fragment": None}),
    json.dumps({"fragment": 3.5, "trail": 1e308}),
    json.dumps({"fragment": "chemin=suite", "junk": [[[[[[{"x": None}]]]]]]}),
    "[" * 200 + "]" * 200,
    json.dumps({"fragment": "chemin=suite", "trail": ["suite"] * 50}, indent=4),
])
def test_nested_json_junk_as_args_never_raises_from_open(assistant, chart, args):
    """open never raises for JSON args of any shape: junk that is not an address gives None, else a view of the chart."""
    view = json.loads(assistant.handle("open", args))
    assert view is None or view["node"] in chart.nodes, f"{args[:60]!r}: expected None or a view, got {view!r}"


@pytest.mark.parametrize("args", ["", "not json", "{", "{'fragment': ''}"])
def test_args_that_are_not_json_are_refused(assistant, args):
    """handle() is given JSON text by the worker: anything else is refused with a ValueError."""
    with pytest.raises(ValueError):
        assistant.handle("open", args)


@pytest.mark.parametrize("op", ["nodes", "restart"])
@pytest.mark.parametrize("args", ["null", "[]", json.dumps({"token": ["x"], "fragment": {"a": 1}})])
def test_operations_without_a_walk_ignore_their_args(assistant, chart, op, args):
    """nodes and restart take no argument: any JSON args give the same answer as {}."""
    assert json.loads(assistant.handle(op, args)) == json.loads(assistant.handle(op, "{}")), f"{op} with {args!r}: expected the answer of {{}}"


@pytest.mark.parametrize("op", ["summary_text", "view", "answer", "change", "back", "back_to"])
@pytest.mark.parametrize("token", [None, 5, ["suite"], "inconnu", "suite.inconnu", "SUITE", "suite..materiel", "x" * 5000])
def test_an_invalid_token_is_refused(assistant, op, token):
    """Every operation on a walk refuses a token that is not exactly a walk of the chart (InvalidPath, a ValueError): the page then reopens its address."""
    with pytest.raises(InvalidPath, match=r"^Le lien ouvert"):
        assistant.handle(op, json.dumps({"token": token, "key": "suite", "index": 0, "node": "debut"}))


def test_an_unknown_op_is_refused(assistant):
    """An unknown operation is refused with a ValueError naming it and the known ones, with or without a walk."""
    expected = f"; expected one of {sorted(OPERATIONS)}"
    for op in ("inconnu", "", "OPEN", "__init__", "run"):
        for args in ({"token": "suite"}, {}):
            with pytest.raises(ValueError, match=f"^{re.escape(f'unknown op {op!r}{expected}')}$"):
                assistant.handle(op, json.dumps(args))


# -- views ------------------------------------------------------------------------


def test_every_choice_link_opens_the_walk_its_answer_gives(assistant, chart):
    """In every view (and every edit of it), each choice's link parses back to the walk answering (or changing to) that key."""
    for walk in prefixes(chart):
        node = chart.nodes[walk.current]
        for edit in (None, *range(len(walk.answers))):
            view = assistant.view(walk, edit)
            shown = chart.nodes[walk.nodes[edit] if edit is not None else walk.current]
            assert set(view["links"]["choices"]) == {c["key"] for c in shown["choices"]}, f"{walk!r} edit {edit}: expected the choices of the shown step"
            for key, link in view["links"]["choices"].items():
                expected = walk.answer(key) if edit is None else walk.change(edit, key)
                got = assistant.parse(link)
                assert got == (expected, None, None), f"{walk!r} edit {edit} key {key}: expected {expected!r}, got {got!r}"
        assert assistant.view(walk)["node"] == walk.current and (not node["choices"]) == assistant.view(walk)["full_end"]


def test_every_other_link_of_a_view_opens_what_it_says(assistant, chart):
    """back, cancel, restart, the path's nodes and each summary row's « modifier » link parse back to the walk (and edit) they stand for."""
    for walk in prefixes(chart):
        for edit in (None, *range(len(walk.answers))):
            view = assistant.view(walk, edit)
            links = view["links"]
            assert assistant.parse(view["fragment"]) == (walk, edit, None), f"{walk!r} edit {edit}: its own fragment {view['fragment']!r}"
            assert links["restart"] == "", f"expected '' to restart, got {links['restart']!r}"
            if edit is None and walk.answers:
                assert assistant.parse(links["back"]) == (walk.back(), None, None), f"{walk!r}: back {links['back']!r}"
            else:
                assert links["back"] is None, f"{walk!r} edit {edit}: expected no back link, got {links['back']!r}"
            if edit is None:
                assert links["cancel"] is None, f"{walk!r}: expected no cancel link, got {links['cancel']!r}"
            else:
                assert assistant.parse(links["cancel"]) == (walk, None, None), f"{walk!r} edit {edit}: cancel {links['cancel']!r}"
            shown = walk if edit is None else chart.walk(walk.answers[:edit])
            assert set(links["nodes"]) == set(shown.nodes[:-1]), f"{walk!r} edit {edit}: expected links to {shown.nodes[:-1]}, got {list(links['nodes'])}"
            for node, link in links["nodes"].items():
                assert assistant.parse(link) == (shown.back_to(node), None, None), f"{walk!r} edit {edit}: back to {node} {link!r}"
            assert [row["index"] for row in view["summary"]] == list(range(len(walk.answers)))
            for row in view["summary"]:
                several = len(chart.nodes[row["node"]]["choices"]) > 1
                if several:
                    assert assistant.parse(row["modify"]) == (walk, row["index"], None), f"{walk!r} row {row['index']}: modify {row['modify']!r}"
                else:
                    assert row["modify"] is None, f"{walk!r} row {row['index']}: a step with one way on cannot be changed, got {row['modify']!r}"


def test_summary_rows_show_an_answer_only_where_the_reader_chose_one(assistant, chart):
    """A summary row shows its answer unless its step had one unlabelled way on (key CONTINUE); in GAMMA 2 those are exactly the steps that cannot be changed."""
    for path in chart.paths():
        walk = chart.walk(path)
        for row in assistant.view(walk)["summary"]:
            assert row["shows_answer"] == (row["key"] != CONTINUE), f"{row['node']}: expected shows_answer {row['key'] != CONTINUE}, got {row['shows_answer']}"
            assert row["shows_answer"] == (row["modify"] is not None), f"{row['node']}: shows_answer and modify disagree"
            choice = next(c for c in chart.nodes[row["node"]]["choices"] if c["key"] == row["key"])
            assert (row["title"], row["answer"]) == (chart.nodes[row["node"]]["title"], choice["label"])


def test_a_view_tells_the_edit_it_shows(assistant, chart):
    """An edit view stands on the step being changed and names it (index, step number, current key)."""
    for path in chart.paths():
        walk = chart.walk(path)
        for index, key in enumerate(path):
            view = assistant.view(walk, index)
            assert view["edit"] == {"index": index, "step": index + 1, "key": key}, f"{'.'.join(path)}: edit {index}, got {view['edit']!r}"
            assert (view["node"], view["token"], view["full_end"]) == (walk.nodes[index], walk.token(), True)
        assert assistant.view(walk)["edit"] is None


def test_every_diagram_id_exists_in_the_compiled_svg(assistant, chart, svg_ids):
    """Every id a view asks the diagram to trace (current, visited, taken, closed, dimmed, links) is an element of the compiled SVG."""
    for walk in prefixes(chart):
        for edit in (None, *range(len(walk.answers))):
            diagram = assistant.view(walk, edit)["diagram"]
            ids = [diagram["current"], *diagram["visited"], *diagram["taken"], *diagram["closed"], *diagram["dimmed"], *diagram["links"]]
            missing = sorted(set(ids) - svg_ids)
            assert not missing, f"{walk!r} edit {edit}: expected ids of the SVG, got unknown {missing}"


def test_the_diagram_follows_the_walk(assistant, chart):
    """current is the box the walk's last answer reached, visited the boxes of its earlier steps, taken the arrows of its answers out of those boxes; closed are the other ways out of visited boxes; dimmed are exactly the steps no path still reaches, with all their boxes and arrows."""
    nodes = chart.nodes
    for walk in prefixes(chart):
        diagram = assistant.diagram(walk)
        followed = [next(c for c in nodes[n]["choices"] if c["key"] == k) for n, k in zip(walk.nodes, walk.answers)]
        boxes = [nodes[walk.nodes[0]]["diagram"], *(c["diagram_to"] for c in followed)]
        assert diagram["current"] == boxes[-1], f"{walk!r}: current {diagram['current']!r}"
        assert diagram["visited"] == boxes[:-1], f"{walk!r}: visited {diagram['visited']!r}"
        taken = [c["diagram_edges"][box] for c, box in zip(followed, boxes)]
        assert diagram["taken"] == taken, f"{walk!r}: expected taken {taken}, got {diagram['taken']}"
        others = {c["diagram_edges"][box] for n, box in zip(walk.nodes[:-1], boxes) for c in nodes[n]["choices"]} - set(taken)
        assert set(diagram["closed"]) == others, f"{walk!r}: expected closed {sorted(others)}, got {sorted(diagram['closed'])}"
        assert diagram["links"] == dict(zip(boxes[:-1], walk.nodes[:-1])), f"{walk!r}: links {diagram['links']!r}"
        gone = set(nodes) - reachable_by_paths(chart, walk) - set(walk.nodes)
        expected = {e for n in gone for e in (*nodes[n]["diagram_boxes"], *nodes[n]["diagram_parts"],
                                              *(e for c in nodes[n]["choices"] for e in c["diagram_edges"].values()))}
        # and the other boxes of the steps walked (a node drawn more than once), not where the reader went
        expected |= {box for n in walk.nodes for box in nodes[n]["diagram_boxes"]} - set(boxes)
        assert set(diagram["dimmed"]) == expected, f"{walk!r}: expected dimmed {sorted(expected)}, got {sorted(diagram['dimmed'])}"
        lit = {diagram["current"], *diagram["visited"], *diagram["taken"]}
        assert not lit & set(diagram["dimmed"]), f"{walk!r}: lit and dimmed at once: {sorted(lit & set(diagram['dimmed']))}"
        assert diagram["numbers"] is True


def test_an_edit_view_traces_the_walk_up_to_the_step_being_changed(assistant, chart):
    """While an answer is being changed, the diagram shows the walk up to that step."""
    for path in chart.paths():
        walk = chart.walk(path)
        for index in range(len(path)):
            got = assistant.view(walk, index)["diagram"]
            expected = assistant.diagram(chart.walk(path[:index]))
            assert got == expected, f"{'.'.join(path)} edit {index}: expected the diagram of the first {index} answers"


# -- operations -----------------------------------------------------------------------


def test_the_nodes_op_lists_the_charts_nodes(assistant, gamma2_outputs):
    """nodes lists every node of the compiled flow, in the flow's order (the page checks it has a section for each)."""
    got = call(assistant, "nodes")
    assert got == list(gamma2_outputs.assistant_data["nodes"]) == list(gamma2_outputs.flow.nodes), f"expected the flow's nodes, got {got!r}"


def test_restart_opens_the_start(assistant, chart):
    """restart gives the start's view, with no notice and no answer."""
    got = call(assistant, "restart")
    assert got == json.loads(json.dumps(assistant.view(chart.walk()))), "expected the start's view"
    assert (got["node"], got["token"], got["fragment"], got["summary"]) == (chart.start, "", "", [])


def test_answer_back_back_to_and_view_on_every_prefix(assistant, chart):
    """On every start of every path: answer each key, back, back_to each node on the walk and view give the views of the walks they stand for."""
    for walk in prefixes(chart):
        token = walk.token()
        for choice in chart.nodes[walk.current]["choices"]:
            got = call(assistant, "answer", token=token, key=choice["key"])
            assert (got["token"], got["node"]) == (walk.answer(choice["key"]).token(), choice["to"]), f"{walk!r} answer {choice['key']}"
        got = call(assistant, "back", token=token)
        assert got["token"] == walk.back().token(), f"{walk!r} back: expected {walk.back().token()!r}, got {got['token']!r}"
        for node in walk.nodes:
            got = call(assistant, "back_to", token=token, node=node)
            assert got["token"] == walk.back_to(node).token() and got["node"] == node, f"{walk!r} back_to {node}"
        for edit in (None, -1, len(walk.answers), "1", 1.0, [0], *range(len(walk.answers))):
            got = call(assistant, "view", token=token, edit=edit)
            valid = isinstance(edit, int) and 0 <= edit < len(walk.answers)
            assert got == json.loads(json.dumps(assistant.view(walk, edit if valid else None))), f"{walk!r} view edit {edit!r}"


def test_moves_that_do_not_fit_the_walk_are_refused(assistant, chart):
    """Answering a key the step does not offer (or answering at an end), going back to a node off the walk, or changing a step that does not exist raise InvalidPath."""
    path = chart.paths()[0]
    end = ".".join(path)
    cases = [
        ("answer", {"token": "suite", "key": "inconnu"}),
        ("answer", {"token": "suite"}),
        ("answer", {"token": end, "key": "suite"}),
        ("back_to", {"token": "suite", "node": "secours"}),
        ("back_to", {"token": "suite", "node": "inconnu"}),
        ("change", {"token": "suite", "index": 5, "key": "suite"}),
        ("change", {"token": "suite", "index": -1, "key": "suite"}),
        ("change", {"token": "suite", "index": 0, "key": "inconnu"}),
    ]
    for op, args in cases:
        with pytest.raises(InvalidPath):
            assistant.handle(op, json.dumps(args))


@pytest.mark.parametrize("index", [None, "un", [], {}, 1.5e400])
def test_change_without_a_step_number_is_refused(assistant, index):
    """change needs a step index: without one that int() reads, it raises (the page then reopens its address)."""
    args = {"token": "suite", "key": "materiel"} if index is None else {"token": "suite", "index": index, "key": "materiel"}
    with pytest.raises((KeyError, TypeError, ValueError, OverflowError)):
        assistant.handle("change", json.dumps(args))


def _notice_parts(notice: str) -> tuple[str, str]:
    """The kept and dropped parts of a change notice (each '' when absent)."""
    kept, _, dropped = notice.partition(" Retirée")
    return (kept.partition(" Gardée")[2], dropped)


def test_change_gives_the_changed_walk_and_a_notice_of_kept_and_dropped_steps(assistant, chart):
    """For every path, step and other answer, change gives the walk of Walk.change and a notice naming the step changed, every kept step in its « Gardée » part and every dropped one in its « Retirée » part."""
    seen = {"kept": 0, "dropped": 0}
    for path in chart.paths():
        walk = chart.walk(path)
        for index, node in enumerate(walk.nodes[:-1]):
            for choice in chart.nodes[node]["choices"]:
                key = choice["key"]
                changed, kept, dropped = walk.change_report(index, key)
                got = call(assistant, "change", token=walk.token(), index=index, key=key)
                assert (got["token"], got["node"]) == (changed.token(), changed.current), f"{walk!r} change {index} {key}: expected {changed!r}, got {got['token']!r}"
                assert got["edit"] is None
                if index == len(path) - 1:
                    assert got["notice"] is None, f"{walk!r} change {index}: no later answer, expected no notice, got {got['notice']!r}"
                    continue
                notice = got["notice"]
                assert notice.startswith(f"Réponse de l’étape{NBSP}{index + 1} modifiée."), f"expected the step number {index + 1} first, got {notice!r}"
                kept_part, dropped_part = _notice_parts(notice)
                assert bool(kept_part) == bool(kept) and bool(dropped_part) == bool(dropped), f"{walk!r} change {index} {key}: {notice!r}"
                for row in kept:
                    assert f"«{NBSP}{row['title']}{NBSP}»" in kept_part, f"expected kept {row['title']!r} in {kept_part!r}"
                for row in dropped:
                    assert f"«{NBSP}{row['title']}{NBSP}»" in dropped_part, f"expected dropped {row['title']!r} in {dropped_part!r}"
                    assert f"«{NBSP}{row['title']}{NBSP}»" not in kept_part, f"dropped {row['title']!r} is in the kept part {kept_part!r}"
                if key == path[index]:
                    assert not dropped and got["token"] == walk.token(), f"{walk!r}: the same answer keeps every later one"
                seen["kept"] += bool(kept and key != path[index])
                seen["dropped"] += bool(dropped)
    assert seen["kept"] and seen["dropped"], f"expected changes that keep and changes that drop, got {seen}"


def test_a_change_notice_shows_no_answer_for_a_step_with_one_way_on(assistant, chart):
    """The notice, like the summary, writes no answer for a step whose one way on is CONTINUE."""
    walk = chart.walk(next(p for p in chart.paths() if p[-1] == CONTINUE and len(p) > 4))
    got = call(assistant, "change", token=walk.token(), index=1, key=next(c["key"] for c in chart.nodes[walk.nodes[1]]["choices"] if c["key"] != walk.answers[1]))
    last = chart.nodes[walk.nodes[-2]]
    label = last["choices"][0]["label"]
    assert f"«{NBSP}{last['title']}{NBSP}»" in got["notice"], got["notice"]
    assert f"({label})" not in got["notice"], f"expected no « {label} » for a CONTINUE step, got {got['notice']!r}"


@pytest.mark.parametrize(("moment", "offset", "expected"), [
    (dt.datetime(2026, 12, 1, 9, 5), 60, f"1er décembre 2026 à 9{NBSP}h{NBSP}05"),
    (dt.datetime(2026, 1, 31, 23, 59), 0, f"31 janvier 2026 à 23{NBSP}h{NBSP}59"),
    (dt.datetime(2026, 8, 2, 0, 0), -300, f"2 août 2026 à 0{NBSP}h{NBSP}00"),
    (dt.datetime(2027, 2, 1, 12, 30), 330, f"1er février 2027 à 12{NBSP}h{NBSP}30"),
])
def test_produced_at_writes_the_readers_local_time_the_french_way(assistant, moment, offset, expected):
    """produced_at turns Date.now() and the reader's UTC offset into « 1er décembre 2026 à 9 h 05 » (no-break spaces around h) at the reader's own time."""
    epoch_ms = moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=offset))).timestamp() * 1000
    got = call(assistant, "produced_at", epoch_ms=epoch_ms, offset_minutes=offset)
    assert got == expected, f"expected {expected!r}, got {got!r}"


@pytest.mark.parametrize("args", [{}, {"epoch_ms": 0}, {"offset_minutes": 0}, {"epoch_ms": "0", "offset_minutes": 0}, {"epoch_ms": 0, "offset_minutes": "60"},
                                  {"epoch_ms": None, "offset_minutes": None}, {"epoch_ms": [0], "offset_minutes": 0}, {"epoch_ms": 0, "offset_minutes": 24 * 60 + 1}])
def test_produced_at_refuses_junk(assistant, args):
    """produced_at refuses what is not a clock and an offset, with a ValueError naming what it expected and what it got."""
    with pytest.raises(ValueError, match=r"^expected epoch milliseconds \(years 1 to 9999\) and a UTC offset under 24 hours in minutes, got "):
        assistant.handle("produced_at", json.dumps(args))


def test_summary_text_of_every_finished_path(assistant, chart):
    """summary_text of a finished path: the title and version, the date given, one line per answer (its answer unless CONTINUE), the result and its steps."""
    produced_at = call(assistant, "produced_at", epoch_ms=0, offset_minutes=0)
    for path in chart.paths():
        walk = chart.walk(path)
        text = call(assistant, "summary_text", token=walk.token(), produced_at=produced_at)
        assert text == walk.summary_text(produced_at), f"{walk!r}: expected Walk.summary_text"
        end = chart.nodes[walk.current]
        expected = [f"{chart.title} (procédure version {chart.version})", f"Récapitulatif établi le {produced_at}", ""]
        for step, (node, key) in enumerate(zip(walk.nodes, path), 1):
            title = chart.nodes[node]["title"]
            label = next(c["label"] for c in chart.nodes[node]["choices"] if c["key"] == key)
            expected.append(f"{step}. {title}" if key == CONTINUE else f"{step}. {title}{NBSP}: {label}")
        expected += ["", f"Résultat{NBSP}: {end['title']}", *(f"  {n}. {s['title']}" for n, s in enumerate(end["steps"], 1))]
        assert text.split("\n") == expected, f"{walk!r}: expected {expected!r}, got {text.split(chr(10))!r}"
        plain = call(assistant, "summary_text", token=walk.token())
        assert "Récapitulatif" not in plain and plain.split("\n")[1] == "", f"without a date, expected no date line, got {plain!r}"


def test_handle_answers_json_text(assistant, chart):
    """handle() answers JSON text the page can parse, for every operation that has an answer."""
    token = ".".join(chart.paths()[0])
    for op, args in [("open", {"fragment": ""}), ("nodes", {}), ("restart", {}), ("view", {"token": token}), ("back", {"token": token}),
                     ("summary_text", {"token": token}), ("produced_at", {"epoch_ms": 0, "offset_minutes": 0})]:
        text = assistant.handle(op, json.dumps(args))
        assert isinstance(text, str) and json.loads(text) is not None, f"{op}: expected JSON text, got {text[:80]!r}"


def test_from_json_reads_the_compiled_assistant_data(gamma2_outputs):
    """Assistant.from_json reads assistant.json as the worker fetches it."""
    made = Assistant.from_json(gamma2_outputs.files()["assistant.json"])
    assert call(made, "nodes") == list(gamma2_outputs.assistant_data["nodes"])


def test_the_assistant_uses_the_standard_library_only():
    """assistant.py imports only standard-library modules and the runtime, so it runs in Pyodide."""
    tree = ast.parse(Path(assistant_module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {(node.module or "").split(".")[0] if not node.level else "." + (node.module or "") for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "json", "re", "typing", ".runtime"}, f"expected stdlib and .runtime only, got {sorted(imported)}"


# -- the fallback document's link -----------------------------------------------------


FALLBACK_LINK = {"page": "document-de-secours.html", "field": "motif", "motifs": {"secours-autorise": "meteo", "autorisation": "autorisation"}}


def test_a_fallback_end_links_to_the_document_with_the_motif_of_its_path(chart):
    """At the fallback end, the view gives the document's address with the motif of the node the path came through (the site's assistant.json maps them); elsewhere, or without that map, none."""
    linked = Assistant(Chart({**chart.data, "fallback_document": FALLBACK_LINK}))
    seen = {}
    for path in chart.paths():
        walk = chart.walk(path)
        document = linked.view(walk)["document"]
        if walk.current == "secours":
            came_from = walk.nodes[-2]
            assert document == {"motif": FALLBACK_LINK["motifs"][came_from], "href": f"document-de-secours.html#motif={FALLBACK_LINK['motifs'][came_from]}"}, path
            seen[came_from] = document["motif"]
        else:
            assert document is None, path
        assert Assistant(chart).view(walk)["document"] is None, path
        for cut in range(len(path)):
            assert linked.view(chart.walk(path[:cut]))["document"] is None, path[:cut]
    assert seen == FALLBACK_LINK["motifs"]


def test_the_document_link_is_not_given_while_an_answer_is_being_changed(chart):
    """While the reader changes an earlier answer (the page shows that step), the view gives no document link."""
    linked = Assistant(Chart({**chart.data, "fallback_document": FALLBACK_LINK}))
    path = next(p for p in chart.paths() if chart.walk(p).current == "secours")
    assert linked.view(chart.walk(path), edit=1)["document"] is None
