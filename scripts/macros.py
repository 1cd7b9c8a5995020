"""Macros for the pages: every step text on the site comes from the flow file.

Pages call these as {{ node_text('meteo') }}, {{ diagram() }} and so on; the
HTML they return is rendered from templates/. See docs/a-propos.md for the list.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import sitebuild  # noqa: E402
from gammaflow.runtime import CONTINUE, french_date  # noqa: E402


def define_env(env) -> None:
    def data():
        state = sitebuild.current()
        if state.outputs is None:
            raise RuntimeError("la procédure n'a pas pu être compilée")
        return state.outputs.assistant_data

    def node(node_id: str) -> dict:
        nodes = data()["nodes"]
        if node_id not in nodes:
            raise KeyError(f"nœud '{node_id}' absent de la procédure ; nœuds connus : {', '.join(nodes)}")
        return nodes[node_id]

    @env.macro
    def flow() -> dict:
        """The compiled flow (title, version, summary, nodes, references, links)."""
        return data()

    @env.macro
    def built_at() -> str:
        return french_date(sitebuild.current().built_at)

    @env.macro
    def node_title(node_id: str) -> str:
        return node(node_id)["title"]

    @env.macro
    def node_text(node_id: str) -> str:
        """The node's full text, as HTML."""
        return sitebuild.render("text.html", html=node(node_id)["html"])

    def keyed(node_id: str, part: str, key: str) -> dict:
        """A node's choice or step by its key (part: "choices" or "steps")."""
        for item in node(node_id)[part]:
            if item["key"] == key:
                return item
        raise KeyError(f"nœud '{node_id}' : pas de {'réponse' if part == 'choices' else 'étape'} '{key}'")

    @env.macro
    def choice_label(node_id: str, key: str) -> str:
        return keyed(node_id, "choices", key)["label"]

    @env.macro
    def node_steps(node_id: str) -> str:
        """An outcome's numbered steps, with their texts and references."""
        return sitebuild.render("steps.html", node=node(node_id))

    @env.macro
    def step_text(node_id: str, key: str) -> str:
        return sitebuild.render("text.html", html=keyed(node_id, "steps", key)["html"])

    @env.macro
    def step_title(node_id: str, key: str) -> str:
        """An outcome step's short title (plain text)."""
        return keyed(node_id, "steps", key)["title"]

    @env.macro
    def reminder(node_id: str) -> str:
        """An outcome's boxed reminder (e.g. the LRN rule)."""
        return sitebuild.render("reminder.html", reminder=node(node_id)["reminder"])

    @env.macro
    def reference(ref_id: str) -> str:
        """A link to a legal text, with its full title."""
        return sitebuild.render("reference.html", ref=data()["references"][ref_id])

    @env.macro
    def references_list() -> str:
        return sitebuild.render("references.html", references=data()["references"])

    @env.macro
    def link(link_id: str) -> str:
        return sitebuild.render("link.html", link=data()["links"][link_id])

    @env.macro
    def diagram() -> str:
        """The Graphviz diagram, inline, with its caption."""
        state = sitebuild.current()
        return sitebuild.render("diagram.html", svg=state.outputs.svg, flow=data())

    @env.macro
    def procedure_outline() -> str:
        """The whole procedure as a nested list: the diagram's text alternative."""
        return sitebuild.render("outline.html", flow=data())

    @env.macro
    def chart_origin() -> str:
        """The source chart box by box, in its order, beside what each box became on the site."""
        outputs = sitebuild.current().outputs
        return sitebuild.render("origin_page.html", flow=data(), boxes=outputs.chart_boxes, grammar=sitebuild.ADDRESS_GRAMMAR)

    @env.macro
    def chart_additions() -> str:
        """Every addition or reading of this site, with its reason."""
        return sitebuild.render("additions.html", additions=sitebuild.current().outputs.additions, grammar=sitebuild.ADDRESS_GRAMMAR)

    @env.macro
    def scenarios() -> str:
        state = sitebuild.current()
        return state.outputs.files()["scenarios.md"]

    @env.macro
    def static_assistant() -> str:
        """The assistant as plain HTML: one section per step, links to the next."""
        link = sitebuild.fallback_link(sitebuild.current().outputs)
        # The ends right after a node that authorises the fallback: « Préparer le document de secours ».
        ends = {choice["to"] for node_id in link["motifs"] for choice in node(node_id)["choices"]}
        return sitebuild.render(
            "assistant.html", flow=data(), json_url=f"{sitebuild.FLOW_ASSETS}/assistant.json", grammar=sitebuild.ADDRESS_GRAMMAR,
            document_ends=ends, document_page=link["page"],
        )

    # ---- The local contacts (data/contacts.yaml; docs/contacts.md) ----

    @env.macro
    def contacts_table() -> str:
        """Every local contact as a compact, printable table; a role not set
        says where the administrator sets it and what to do meanwhile."""
        return sitebuild.render_macro("contacts.html", "table", data()["contacts"])

    @env.macro
    def contacts_for(role: str) -> str:
        """One local contact (a role of gammaflow.build.ROLES), or what to do while it is not set."""
        contacts = data()["contacts"]
        if role not in contacts:
            raise KeyError(f"rôle de contact '{role}' inconnu ; rôles : {', '.join(contacts)}")
        return sitebuild.render_macro("contacts.html", "one", role, contacts)

    # ---- The fallback kit (docs/numero-lrn.md, docs/document-de-secours.md) ----

    @env.macro
    def lrn_helper() -> str:
        """The LRN helper's forms (checked by gammaflow.lrn under Pyodide: assets/js/lrn.mjs)."""
        return sitebuild.render("lrn_helper.html")

    @env.macro
    def lrn_register() -> str:
        """The register of the numbers attributed (browser storage; gammaflow.lrn under Pyodide: assets/js/lrn.mjs)."""
        return sitebuild.render("lrn_register.html")

    @env.macro
    def fallback_document() -> str:
        """The fallback document to fill in, print, save and load, with the checklist."""
        return sitebuild.render("fallback_document.html", doc=sitebuild.current().outputs.fallback_document)

    # ---- The « cas pratiques » (docs/cas-pratiques.md, assets/js/cases.js) ----

    @env.macro
    def practice_cases() -> str:
        """Every case: its situation, its questions with a « Voir la réponse », its path; the data cases.js compares keys with."""
        outputs = sitebuild.current().outputs
        return sitebuild.render(
            "cases.html", cases=outputs.cases or [], data=outputs.cases_page, grammar=sitebuild.ADDRESS_GRAMMAR,
            continue_key=CONTINUE,
        )

    @env.macro
    def cases_uncovered() -> str:
        """For trainers: the scenarios no case walks, and the site's inferred answers no case takes."""
        outputs = sitebuild.current().outputs
        return sitebuild.render("cases_uncovered.html", scenarios=outputs.uncovered, exits=outputs.uncovered_exits, total=len(outputs.scenarios))

    # ---- The presentation mode (docs/presentation.md, assets/js/present.js) ----

    @env.macro
    def presentation() -> str:
        """The presentation mode: the diagram, a slide per node and step, the data as JSON."""
        outputs = sitebuild.current().outputs
        return sitebuild.render(
            "presentation.html", flow=data(), scenarios=outputs.scenarios, data=outputs.presentation, diagram=diagram(),
            cases=outputs.cases or [],
        )

    @env.macro
    def presentation_keys() -> str:
        """The table of the presentation mode's keys."""
        return sitebuild.render("presentation_keys.html")

    @env.macro
    def presentation_handout() -> str:
        """One sheet per scenario, printed one per page after the diagram."""
        return sitebuild.render("presentation_handout.html", flow=data(), scenarios=sitebuild.current().outputs.scenarios)


# Runs before the macros of each page are rendered: while the flow file is
# invalid (during `mkdocs serve`), every page shows its errors instead.
def on_pre_page_macros(env) -> None:
    state = sitebuild.current()
    if state.errors:
        sources = sitebuild.error_sources()
        env.markdown = sitebuild.render("errors.md", errors=state.errors, sources=sources[0].upper() + sources[1:])
