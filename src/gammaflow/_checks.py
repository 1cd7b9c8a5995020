"""Graph checks over a parsed flow: the rules a flowchart must follow."""

from __future__ import annotations

from collections import Counter

from ._errors import FlowError, FlowInvalid, did_you_mean
from ._model import Flow, Node


def check(parsed: tuple[Flow | None, list[FlowError]]) -> Flow:
    """Return the flow if it is sound; else raise FlowInvalid with every error."""
    flow, errors = parsed
    errors = list(errors)
    if flow is not None:
        errors += graph_errors(flow)
    if errors or flow is None:
        raise FlowInvalid(errors)
    return flow


def graph_errors(flow: Flow) -> list[FlowError]:
    """Every structural problem of the flow's graph."""
    errors: list[FlowError] = []

    def error(node: Node, message: str, line: int = 0, column: int = 0) -> None:
        errors.append(FlowError(flow.source, line or node.line, column or node.column, message, node.id))

    starts = [node for node in flow.nodes.values() if node.kind == "start"]
    if not starts:
        errors.append(FlowError(flow.source, 1, 1, "aucun nœud de début\u00a0; attendu un nœud 'kind: start'"))
    for extra in starts[1:]:
        error(extra, f"un seul nœud de début est permis, '{starts[0].id}' en est déjà un")

    for node in flow.nodes.values():
        for choice in node.choices:
            if choice.target and choice.target not in flow.nodes:
                hint = did_you_mean(choice.target, set(flow.nodes))
                error(node, f"{choice.written} mène à '{choice.target}', qui n'existe pas{hint}", choice.line, choice.column)
            elif choice.target and flow.nodes[choice.target].kind == "start":
                error(node, f"{choice.written} mène au nœud de début '{choice.target}'\u00a0; le début ne peut pas être une cible", choice.line, choice.column)
        if node.kind == "question" and len(node.choices) < 2:
            error(node, f"une question doit avoir au moins deux réponses, trouvé {len(node.choices)}")
        if node.choices:
            for field in ("label", "key"):
                counts = Counter(getattr(choice, field) for choice in node.choices)
                for choice in node.choices:
                    value = getattr(choice, field)
                    if value and counts[value] > 1:
                        counts[value] = 0
                        what = "le même libellé" if field == "label" else "la même clé"
                        error(node, f"deux réponses ont {what} '{value}'", choice.line, choice.column)
        keys = Counter(step.key for step in node.steps)
        for step in node.steps:
            if step.key and keys[step.key] > 1:
                keys[step.key] = 0
                error(node, f"deux étapes ont la même clé '{step.key}'")

    # Diagram edges are named e-<node>-<key>: 'mode' + 'dti-plus' and
    # 'mode-dti' + 'plus' would give the same name.
    edge_names: dict[str, tuple[str, str]] = {}
    for node in flow.nodes.values():
        for choice in node.choices:
            name = f"{node.id}-{choice.key}"
            if choice.key and name in edge_names and edge_names[name] != (node.id, choice.key):
                other_node, other_key = edge_names[name]
                error(node, f"{choice.written} donne au logigramme le même nom de flèche ('e-{name}') que la réponse '{other_key}' du nœud '{other_node}'\u00a0; changer l'une des deux clés", choice.line, choice.column)
            edge_names.setdefault(name, (node.id, choice.key))

    if starts:
        errors += _reach_errors(flow, starts[0])
    return errors


def _edges(flow: Flow, node: Node) -> list[str]:
    return [choice.target for choice in node.choices if choice.target in flow.nodes]


def _reach_errors(flow: Flow, start: Node) -> list[FlowError]:
    errors = []
    reached = {start.id}
    todo = [start.id]
    while todo:
        for target in _edges(flow, flow.nodes[todo.pop()]):
            if target not in reached:
                reached.add(target)
                todo.append(target)
    for node in flow.nodes.values():
        if node.id not in reached:
            errors.append(FlowError(flow.source, node.line, node.column, f"nœud inaccessible\u00a0: aucun chemin ne mène de '{start.id}' à '{node.id}'", node.id))

    # Nodes from which some outcome can be reached, found backwards.
    parents: dict[str, list[str]] = {}
    for node in flow.nodes.values():
        for target in _edges(flow, node):
            parents.setdefault(target, []).append(node.id)
    ending = {node.id for node in flow.nodes.values() if node.kind == "outcome"}
    todo = list(ending)
    while todo:
        for parent in parents.get(todo.pop(), []):
            if parent not in ending:
                ending.add(parent)
                todo.append(parent)
    for node in flow.nodes.values():
        if node.id in reached and node.id not in ending and node.choices:
            errors.append(FlowError(flow.source, node.line, node.column, "impasse\u00a0: aucune fin ('kind: outcome') n'est atteignable depuis ce nœud", node.id))

    if not flow.allow_cycles:
        cycle = _find_cycle(flow, start.id)
        if cycle:
            node = flow.nodes[cycle[0]]
            loop = " → ".join(cycle + [cycle[0]])
            errors.append(FlowError(flow.source, node.line, node.column, f"cycle {loop}\u00a0; ajouter 'allow_cycles: true' en tête du fichier s'il est voulu", node.id))
    return errors


def _find_cycle(flow: Flow, start: str) -> list[str]:
    """The first cycle met in a depth-first walk from start, or []."""
    done: set[str] = set()
    stack: list[str] = [start]
    on_stack = {start}
    pending = [iter(_edges(flow, flow.nodes[start]))]
    while pending:
        target = next(pending[-1], None)
        if target is None:
            pending.pop()
            done.add(stack[-1])
            on_stack.discard(stack.pop())
        elif target in on_stack:
            return stack[stack.index(target):]
        elif target not in done:
            stack.append(target)
            on_stack.add(target)
            pending.append(iter(_edges(flow, flow.nodes[target])))
    return []
