"""How long load + check + compile takes (a measure, not a test: nothing here fails).

    .venv/bin/python benchmarks/compile_flow.py [--runs 7] [--sizes 100 1000 5000] [--profile N]

1. flow/gamma2.yaml, with Graphviz's ``dot`` (the SVG included): the median of
   several runs. Budget: under 0.3 s.
2. Generated flows of 100, 1,000 and 5,000 nodes, without ``dot`` (assistant_data
   data, scenarios and DOT source only): seconds (wall clock and CPU) and
   CPU seconds per node, so that one can see whether growth is near-linear.
   CPU time is the steadier figure when the machine is busy. Each phase is
   timed too (through the public build API: load, then the output texts), to
   show where the time goes.

The generated flows are a balanced tree of questions (two or three answers)
whose leaves each lead to a short chain of actions (« résolu » / « pas de
solution », or « next ») ending in one of two shared outcomes. Chains are
short and the tree is balanced, so the number of paths grows linearly with
the number of nodes and each path is O(log n) long: the scenarios, which list
every path, stay O(n log n).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gammaflow.build import compile_flow, load  # noqa: E402

GAMMA2 = ROOT / "flow" / "gamma2.yaml"
CHAIN = 3  # actions after each leaf question


def generate(size: int) -> str:
    """YAML text of a valid flow of exactly ``size`` nodes (size >= 10)."""
    # start + questions + leaves × CHAIN actions + padding + 2 outcomes = size, with questions = leaves - 1.
    leaves = max(2, (size - 2) // (CHAIN + 1))
    padding = size - (1 + (leaves - 1) + leaves * CHAIN + 2)
    lines = [
        "title: Procédure générée",
        "version: banc d'essai",
        "summary: Un arbre de questions, puis de courtes chaînes d'étapes.",
        "nodes:",
    ]

    def node(name: str, kind: str, title: str, text: str, **fields: str) -> None:
        lines.extend([f"  {name}:", f"    kind: {kind}", f"    title: {title}", "    text: >-", f"      {text}"])
        lines.extend(f"    {key}: {value}" for key, value in fields.items())

    first = "pad-0" if padding else "q-0"
    node("debut", "start", "Début de la procédure générée", "On commence ici : *une* question à la fois.", next=first)
    for index in range(padding):
        after = f"pad-{index + 1}" if index + 1 < padding else "q-0"
        node(f"pad-{index}", "action", f"Étape préalable {index}", "Je vérifie mon poste : écran, clavier, réseau.", next=after)

    # A complete binary tree of questions in heap order (children of q-i: 2i+1 and 2i+2); the
    # indices past the last question are the leaves, each the head of a chain. Every fourth
    # question has a third answer straight to the fallback outcome (one more path, no more nodes).
    questions = leaves - 1

    def slot(index: int) -> str:
        return f"q-{index}" if index < questions else f"c-{index - questions}-0"

    for q in range(questions):
        lines.extend([f"  q-{q}:", "    kind: question", f"    title: Question numéro {q} de l'arbre",
                      f"    text: La panne vient-elle de l'élément {q} ?", "    answers:"])
        targets = [slot(2 * q + 1), slot(2 * q + 2)] + (["secours"] if q % 4 == 3 else [])
        for number, target in enumerate(targets):
            lines.extend([f"      - key: r{number}", f"        label: Réponse {number} à la question {q}",
                          f"        short: Réponse {number}", f"        to: {target}"])
    for leaf in range(leaves):
        for step in range(CHAIN):
            name = f"c-{leaf}-{step}"
            after = f"c-{leaf}-{step + 1}" if step + 1 < CHAIN else "secours"
            if (leaf + step) % 3 == 2:
                node(name, "action", f"Je patiente, étape {step} de la chaîne {leaf}", "J'attends la réponse du SAU.", next=after)
            else:
                node(name, "action", f"Je contacte le service {step} pour la chaîne {leaf}",
                     "Je contacte le service ; voir [la météo](https://www.douane.gouv.fr/).", solved="resolu", unsolved=after)
    node("secours", "outcome", "J'applique la procédure de secours", "Je remplis le document papier.")
    node("resolu", "outcome", "Je reprends le travail dans GAMMA 2", "Le problème est résolu.")
    text = "\n".join(lines) + "\n"
    return text


def median_time(function: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """The median duration of several calls, by the given clock (wall time by default)."""
    times = []
    for _ in range(runs):
        start = clock()
        function()
        times.append(clock() - start)
    return statistics.median(times)


def phases(path: Path, runs: int) -> dict[str, float]:
    """Median CPU seconds of the public build API's steps, measured separately:
    load() (read + check), then writing the outputs' texts (Outputs.files()).
    The rest of compile_flow(diagram=False) is the compilation itself."""
    outputs = compile_flow(path, diagram=False)
    return {
        "lecture+vérif.": median_time(lambda: load(path), runs, time.process_time),
        "textes des fichiers": median_time(outputs.files, runs, time.process_time),
    }


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "inconnue"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measure (the median is printed)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--profile", type=int, metavar="N", help="profile the compilation of a generated flow of N nodes")
    args = parser.parse_args()

    compile_flow(GAMMA2)  # warm-up: imports, Markdown extensions, dot's font cache
    gamma2 = median_time(lambda: compile_flow(GAMMA2), args.runs)
    nodes = len(compile_flow(GAMMA2, diagram=False).flow.nodes)
    verdict = "dans le budget" if gamma2 < 0.3 else "HORS BUDGET"
    print(f"GAMMA 2 ({nodes} nœuds), lecture + vérification + compilation avec dot : "
          f"{gamma2:.3f} s (médiane de {args.runs}) — budget 0,3 s : {verdict}")
    gamma2_nodot = median_time(lambda: compile_flow(GAMMA2, diagram=False), args.runs)
    print(f"GAMMA 2 sans dot : {gamma2_nodot:.3f} s")
    print(f"(charge de la machine pendant la mesure : {load_average()})")
    print()
    print("Flux générés, sans dot (médiane) :")
    header = f"{'nœuds':>6} {'parcours':>9} {'s (mur)':>8} {'s (CPU)':>8} {'CPU / nœud':>11}   détail, CPU (s)"
    print(header)
    with tempfile.TemporaryDirectory() as temp:
        for size in args.sizes:
            path = Path(temp) / f"flux-{size}.yaml"
            path.write_text(generate(size), encoding="utf-8")
            outputs = compile_flow(path, diagram=False)
            assert len(outputs.flow.nodes) == size, (len(outputs.flow.nodes), size)
            runs = args.runs if size <= 1000 else max(3, args.runs // 2)
            wall = median_time(lambda: compile_flow(path, diagram=False), runs)
            cpu = median_time(lambda: compile_flow(path, diagram=False), runs, time.process_time)
            detail = "  ".join(f"{name} {value:.3f}" for name, value in phases(path, runs).items())
            print(f"{size:>6} {len(outputs.scenarios):>9} {wall:>8.3f} {cpu:>8.3f} {cpu / size * 1000:>8.3f} ms   {detail}")
        if args.profile:
            path = Path(temp) / "profil.yaml"
            path.write_text(generate(args.profile), encoding="utf-8")
            profiler = cProfile.Profile()
            profiler.runcall(compile_flow, path, diagram=False)
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)
            print(stream.getvalue())


if __name__ == "__main__":
    main()
