// The assistant page: the static assistant (scripts/templates/assistant.html,
// usable at once) taken over by the Python assistant. It stays whole: its
// modes (below) share one state machine of the page and one queue of the
// reader's clicks made while Python loads. The Python assistant is
// gammaflow.assistant under Pyodide, in the site's one Python worker
// (python.mjs). The page holds
// no procedure logic: addresses, views, dates and the diagram's ids come from
// gammaflow.assistant; diagram-trace.js draws the path.
//
// Modes, in the root's data-mode attribute:
//   static    no JavaScript: CSS shows the targeted step (#etape-<id>)
//   loading   JavaScript, Pyodide loading in the background: the static links
//             keep working (the script shows their step and moves the focus
//             to its title); the reader's clicks are remembered so that the
//             takeover keeps the same step and, if it can, the same answers
//   python    the runtime drives the page: one step at a time, its address in
//             the URL (#chemin=<answer keys>), Retour, Recommencer, Modifier,
//             the summary, the diagram traced
//   fallback  Pyodide could not load (file://, missing files, CSP, timeout):
//             the static assistant stays, with the cause and « Réessayer »
//
// Mounted by mkdocs-material's document$ (instant navigation): once per page
// that has #assistant; Pyodide is loaded once per visit (python.mjs).

import { describe, python } from "./python.mjs";

const TEXT = {
  ready: "Assistant prêt",
  failed: "La version simple ci-dessous reste utilisable (sans retour ni récapitulatif).",
  copied: "Récapitulatif copié\u00a0: vous pouvez le coller dans un courriel.",
  copyFailed: "La copie automatique n’est pas possible ici\u00a0: sélectionnez le texte ci-dessous puis copiez-le (Ctrl+C).",
};

// ---------------------------------------------------------------- helpers

// The page's URL for a fragment from the runtime ("" is the start: no hash).
function urlFor(fragment) {
  return location.pathname + location.search + (fragment ? `#${fragment}` : "");
}

function hrefFor(fragment) {
  return fragment ? `#${fragment}` : urlFor("");
}

function currentFragment() {
  return location.hash.replace(/^#/, "");
}

function afterFirstPaint(callback) {
  requestAnimationFrame(() => setTimeout(callback, 0));
}

function element(tag, attributes = {}, text = "") {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  if (text) created.textContent = text;
  return created;
}

// ---------------------------------------------------------------- the page

class Assistant {
  constructor(root) {
    this.root = root;
    this.start = root.dataset.start;
    this.sections = new Map([...root.querySelectorAll(".assistant-step")].map((section) => [section.dataset.node, section]));
    this.status = root.querySelector(".assistant-status");
    this.notice = root.querySelector(".assistant-notice");
    this.figure = document.getElementById("logigramme-figure");
    this.svg = this.figure?.querySelector("svg") ?? null;
    this.abort = new AbortController();
    this.assistantUrl = new URL(root.dataset.assistantUrl, document.baseURI).href;
    // The address grammar, as gammaflow.assistant writes it (the template puts it here).
    this.grammar = { path: root.dataset.pathPrefix, separator: root.dataset.keySeparator, step: root.dataset.stepPrefix };
    this.engine = null;
    this.view = null;
    this.trail = [];
    this.seq = 0;
    this.lastUrl = location.href;
    this.pathname = location.pathname;
    this.producedAt = "";
    this.movedAt = -Infinity;
  }

  get live() {
    return this.engine !== null;
  }

  mount() {
    const options = { signal: this.abort.signal };
    this.root.addEventListener("click", (event) => this.onClick(event), options);
    this.svg?.addEventListener("click", (event) => this.onDiagramClick(event), options);
    window.addEventListener("popstate", () => this.onLocation(), options);
    window.addEventListener("hashchange", () => this.onLocation(), options);
    // Before mkdocs-material's own click listener (on body): see onPageClick.
    document.addEventListener("click", (event) => this.onPageClick(event), { ...options, capture: true });
    this.preview();
    afterFirstPaint(() => {
      python().subscribe((state) => this.onPython(state), options);
    });
  }

  // Python's state: a status line while it loads, the takeover once it is
  // ready, the cause and « Réessayer » if it cannot load.
  onPython(state) {
    if (!this.root.isConnected || this.live) return;
    this.root.querySelector(".assistant-retry-line").hidden = state.phase !== "failed" || state.cause === "file";
    if (state.phase === "ready") {
      this.takeOver();
      return;
    }
    // No tool named: on this page, a one-line status (its line keeps its height).
    this.setMode(state.phase === "failed" ? "fallback" : "loading", describe(state));
    if (state.phase === "failed") this.status.append(` ${TEXT.failed}`);
  }

  call(op, args = {}) {
    return python().call("assistant", { assistantUrl: this.assistantUrl, op, args });
  }

  unmount() {
    this.abort.abort();
    this.seq++;
  }

  // mkdocs-material's instant navigation reloads the page's content on the
  // first move it sees on a page opened directly (a back, a forward, a
  // fragment navigation): a fresh copy of the page replaces this one. Right
  // after such a move, the assistant puts its own elements back in place of
  // the fresh copies as soon as the theme announces the new page, state and all.
  adopt(root) {
    if (this.root.isConnected || performance.now() - this.movedAt > 5000) return false;
    const figure = document.getElementById("logigramme-figure");
    root.replaceWith(this.root);
    if (figure && this.figure && figure !== this.figure) figure.replaceWith(this.figure);
    // The replaced elements took the focus with them: back to the step's title.
    if (document.activeElement === document.body || document.activeElement === null) {
      if (this.live) this.sections.get(this.view.node).querySelector(".assistant-title").focus();
      else requestAnimationFrame(() => this.focusShownStep());
    }
    return true;
  }

  setMode(mode, message) {
    this.root.dataset.mode = mode;
    if (message !== undefined) this.status.textContent = message;
  }

  // -------------------------------------------------- before Python: static links

  // The node a list of answer keys leads to, following the static links.
  followLinks(keys) {
    let node = this.start;
    for (const key of keys) {
      const link = this.sections.get(node)?.querySelector(`.assistant-choice[data-key="${CSS.escape(key)}"]`);
      if (!link) return null;
      // (mkdocs-material makes every href absolute: read the fragment only.)
      node = new URL(link.href, location.href).hash.replace(/^#etape-/, "");
    }
    return node;
  }

  // Before Python, the script shows the step of the address itself rather
  // than leave it to CSS :target, which does not survive mkdocs-material
  // replacing the page's content. A #chemin= address (a shared link, a
  // reload) is followed along the static links; Python checks it again when
  // it takes over. An address it cannot follow leaves CSS in charge (the start).
  preview() {
    const fragment = currentFragment();
    const { path, separator, step } = this.grammar;
    const match = fragment.startsWith(path);
    const keys = match ? fragment.slice(path.length).split("&")[0].split(separator).filter(Boolean) : [];
    let node = null;
    if (match) node = this.followLinks(keys);
    else if (fragment.startsWith(step) && this.sections.has(fragment.slice(step.length))) node = fragment.slice(step.length);
    this.root.classList.toggle("assistant--preview", node !== null);
    for (const [id, section] of this.sections) section.classList.toggle("is-current", id === node);
    if (match && node !== null) this.trail = keys;
    return node;
  }

  // Remember the answers clicked in the static assistant, so that the
  // takeover keeps them (else a static step maps to the shortest path to it).
  rememberStaticClick(link) {
    if (link.classList.contains("assistant-restart")) {
      this.trail = [];
      return;
    }
    if (!link.classList.contains("assistant-choice")) return;
    const node = link.closest(".assistant-step")?.dataset.node;
    let keys = this.trail;
    while (keys.length && this.followLinks(keys) !== node) keys = keys.slice(0, -1);
    this.trail = this.followLinks(keys) === node ? [...keys, link.dataset.key] : [];
  }

  // Before Python: the title of the step the static assistant shows.
  focusShownStep() {
    if (!this.root.isConnected || this.live) return;
    const shown = [...this.sections.values()].find((section) => getComputedStyle(section).display !== "none");
    shown?.querySelector(".assistant-title").focus();
  }

  // -------------------------------------------------- the takeover

  async takeOver() {
    if (this.taking) return;
    this.taking = true;
    let nodes;
    try {
      nodes = await this.call("nodes");
    } catch (error) {
      this.taking = false;
      this.setMode("fallback", `L’assistant complet n’a pas pu lire la procédure (${error.message}). ${TEXT.failed}`);
      return;
    }
    const missing = nodes.filter((node) => !this.sections.has(node));
    if (missing.length) {
      // The page and the flow data come from different builds.
      this.setMode("fallback", `La page et la procédure viennent de deux versions du site : rechargez la page. ${TEXT.failed}`);
      console.warn("Assistant : étapes absentes de la page :", missing.join(", "));
      return;
    }
    let fragment;
    let view;
    do {
      fragment = location.hash;
      view = await this.call("open", { fragment, trail: this.trail });
    } while (fragment !== location.hash && this.root.isConnected);
    if (!this.root.isConnected) return;
    if (view === null) view = await this.call("restart");
    else if (view.fragment !== currentFragment()) history.replaceState(null, "", urlFor(view.fragment));
    this.lastUrl = location.href;
    this.engine = python();
    this.root.classList.remove("assistant--preview");
    for (const part of [...this.root.querySelectorAll("[data-live]"), ...(this.figure?.querySelectorAll("[data-live]") ?? [])]) {
      part.hidden = false;
    }
    window.GammaDiagram.follow(this.figure);  // legible, centred on the step; « Voir tout le schéma »
    // No focus move at a takeover: the reader may be reading or typing elsewhere.
    this.render(view, { focus: false });
    this.setMode("python", TEXT.ready);
    performance.mark("assistant:python-ready");
    // The worker's phases, in ms since this page's navigation started.
    window.__assistantTimings ??= Object.fromEntries(Object.entries(this.engine.info?.timings ?? {})
      .map(([phase, at]) => [phase, Math.round(at - performance.timeOrigin)]));
  }

  // -------------------------------------------------- Python mode

  async go(op, args) {
    const seq = ++this.seq;
    let view;
    try {
      view = await this.call(op, args);
    } catch (error) {
      console.warn("Assistant :", error.message);
      view = await this.call("open", { fragment: location.hash }).catch(() => null);
    }
    if (seq !== this.seq || !view || !this.root.isConnected) return;
    if (view.fragment !== currentFragment()) history.pushState(null, "", urlFor(view.fragment));
    this.lastUrl = location.href;
    this.render(view, { focus: true });
  }

  // A link to a fragment of this page outside the assistant (the skip link,
  // a permalink): a plain fragment navigation, which keeps the assistant's step.
  onPageClick(event) {
    const link = event.target.closest?.("a[href]");
    if (!link || this.root.contains(link) || link.target) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, location.href);
    if (!url.hash || url.origin !== location.origin || url.pathname !== location.pathname || url.search !== location.search) return;
    event.stopPropagation();
  }

  async onLocation() {
    if (location.href === this.lastUrl || location.pathname !== this.pathname) return;
    this.lastUrl = location.href;
    this.movedAt = performance.now(); // see adopt()
    if (!this.live) {
      // Show the step of the new address, then move the focus to its title
      // once every handler of this navigation has run (a fragment navigation,
      // which mkdocs-material may start too, resets the focus).
      this.preview();
      requestAnimationFrame(() => this.focusShownStep());
      return;
    }
    const seq = ++this.seq;
    const view = await this.call("open", { fragment: location.hash }).catch(() => null);
    if (seq !== this.seq || !view || !this.root.isConnected) return; // not the assistant's address: keep the step
    if (view.fragment !== currentFragment()) {
      history.replaceState(null, "", urlFor(view.fragment));
      this.lastUrl = location.href;
    }
    this.render(view, { focus: true });
  }

  onClick(event) {
    const control = event.target.closest("a, button");
    if (!control || !this.root.contains(control)) return;
    // A link opened in a new tab or window keeps its own address.
    const plain = event.button === 0 && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);
    if (control.classList.contains("assistant-retry")) {
      // The button hides as Python starts again: keep the reader's place on the status.
      this.status.tabIndex = -1;
      this.status.focus();
      return python().retry();
    }
    if (!this.live) {
      this.rememberStaticClick(control);
      if (plain && control.matches(".assistant-choice, .assistant-restart")) {
        // Follow the static link as a plain fragment navigation (mkdocs-material's
        // instant navigation would push the entry itself, with no hashchange):
        // onLocation then shows the step and moves the focus to its title.
        event.preventDefault();
        event.stopPropagation();
        location.hash = new URL(control.href, location.href).hash;
      }
      return;
    }
    if (control.classList.contains("assistant-copy")) return this.copy();
    if (control.classList.contains("assistant-print")) return window.print();
    if (!plain) return;
    const view = this.view;
    let op = null;
    let args = {};
    if (control.classList.contains("assistant-choice")) {
      const key = control.dataset.key;
      if (view.edit) [op, args] = ["change", { token: view.token, index: view.edit.index, key }];
      else [op, args] = ["answer", { token: view.token, key }];
    } else if (control.dataset.action === "back") [op, args] = ["back", { token: view.token }];
    else if (control.dataset.action === "cancel") [op, args] = ["view", { token: view.token }];
    else if (control.dataset.action === "restart" || control.classList.contains("assistant-restart")) op = "restart";
    else if (control.dataset.action === "modify") [op, args] = ["view", { token: view.token, edit: Number(control.dataset.index) }];
    if (op === null) return;
    event.preventDefault();
    event.stopPropagation(); // mkdocs-material's instant navigation would push its own entry
    this.go(op, args);
  }

  onDiagramClick(event) {
    if (!this.live) return;
    const node = event.target.closest("g.is-link");
    if (!node) return;
    event.preventDefault();
    this.go("back_to", { token: this.view.token, node: node.dataset.node });
  }

  render(view, { focus }) {
    this.view = view;
    const section = this.sections.get(view.node);
    for (const each of this.sections.values()) each.classList.toggle("is-current", each === section);
    section.querySelector(".assistant-stepno").textContent = `Étape ${view.step} · `;

    // The answers: links to the next step's address.
    for (const link of section.querySelectorAll(".assistant-choice")) {
      const key = link.dataset.key;
      link.setAttribute("href", hrefFor(view.links.choices[key] ?? ""));
      const isCurrent = view.edit !== null && view.edit.key === key;
      link.classList.toggle("is-chosen", isCurrent);
      link.querySelector(".assistant-chosen")?.remove();
      if (isCurrent) {
        link.setAttribute("aria-current", "true");
        link.append(element("span", { class: "assistant-chosen" }, " (réponse actuelle)"));
      } else link.removeAttribute("aria-current");
    }
    const editNote = section.querySelector(".assistant-edit-note");
    editNote.hidden = view.edit === null;
    editNote.textContent = view.edit === null ? "" :
      `Vous modifiez votre réponse à l’étape ${view.edit.step}. Une réponse suivante n’est gardée que si le nouveau chemin repasse par la même étape.`;

    // Retour, Annuler la modification, Recommencer.
    const controls = this.root.querySelector(".assistant-controls");
    const back = controls.querySelector(".assistant-back");
    back.hidden = view.links.back === null;
    back.setAttribute("href", hrefFor(view.links.back ?? ""));
    const cancel = controls.querySelector(".assistant-cancel");
    cancel.hidden = view.links.cancel === null;
    cancel.setAttribute("href", hrefFor(view.links.cancel ?? ""));
    controls.querySelector(".assistant-restart-live").setAttribute("href", hrefFor(""));
    for (const restart of this.root.querySelectorAll(".assistant-restart")) restart.setAttribute("href", hrefFor(""));

    this.renderSummary(view);
    this.renderDocument(section, view);
    this.notice.textContent = view.notice ?? "";
    this.trace(view);
    if (focus) section.querySelector(".assistant-title").focus();
  }

  renderSummary(view) {
    const recap = this.root.querySelector(".assistant-recap");
    const list = recap.querySelector(".assistant-recap-list");
    const atEnd = view.full_end && view.edit === null;
    recap.hidden = view.summary.length === 0;
    recap.classList.toggle("is-final", atEnd);
    list.replaceChildren(...view.summary.map((row) => {
      const item = element("li", { class: "assistant-recap-row" });
      if (view.edit && view.edit.index === row.index) item.classList.add("is-editing");
      item.append(element("span", { class: "assistant-recap-step" }, `Étape ${row.step}\u00a0: `));
      item.append(element("span", { class: "assistant-recap-question" }, row.title));
      if (row.shows_answer) {
        item.append(document.createTextNode(" — "));
        item.append(element("strong", { class: "assistant-recap-answer" }, row.answer));
      }
      if (row.modify !== null) {
        const modify = element("a", {
          class: "assistant-modify", href: hrefFor(row.modify), "data-action": "modify", "data-index": String(row.index),
        }, "Modifier");
        modify.append(element("span", { class: "md-visually-hidden assistant-hidden" }, ` la réponse à l’étape ${row.step}`));
        item.append(document.createTextNode(" "), modify);
      }
      return item;
    }));
    const date = recap.querySelector(".assistant-recap-date");
    if (!atEnd) this.producedAt = "";
    date.textContent = atEnd && this.producedAt ? `Établi le ${this.producedAt}.` : "";
    if (atEnd && !this.producedAt) {
      // The reader's own clock, written the French way by gammaflow.assistant.
      const seq = this.seq;
      this.call("produced_at", { epoch_ms: Date.now(), offset_minutes: -new Date().getTimezoneOffset() }).then((text) => {
        if (seq !== this.seq) return;
        this.producedAt = text;
        date.textContent = `Établi le ${text}.`;
      }, () => {});
    }
    recap.querySelector(".assistant-recap-actions").hidden = !atEnd;
    recap.querySelector(".assistant-copy-fallback").hidden = true;
    recap.querySelector(".assistant-copy-status").textContent = "";
  }

  // A fallback end: « Préparer le document de secours » opens the document
  // with its motif, at the address gammaflow.assistant gives (view.document).
  renderDocument(section, view) {
    const link = section.querySelector(".assistant-document-link");
    if (!link) return;
    link.closest(".assistant-document").hidden = !view.document;
    if (view.document) link.setAttribute("href", view.document.href);
  }

  async copy() {
    const text = await this.call("summary_text", { token: this.view.token, produced_at: this.producedAt });
    const full = `${text}\n\nAdresse de ce parcours\u00a0: ${location.href}`;
    const fallback = this.root.querySelector(".assistant-copy-fallback");
    const area = fallback.querySelector("textarea");
    // Told next to the button pressed, not at the top of the page.
    const told = this.root.querySelector(".assistant-copy-status");
    area.value = full;
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("presse-papiers indisponible");
      await navigator.clipboard.writeText(full);
      fallback.hidden = true;
      told.textContent = TEXT.copied;
    } catch {
      // Plain http on an intranet is not a secure context: show the text to copy by hand.
      fallback.hidden = false;
      area.focus();
      area.select();
      told.textContent = TEXT.copyFailed;
    }
  }

  // -------------------------------------------------- the diagram

  trace(view) {
    if (!this.svg) return;
    window.GammaDiagram.draw(this.svg, { ...view.diagram, here: "Vous êtes ici" });
    const where = this.figure.querySelector(".flow-diagram__where");
    const title = this.sections.get(view.node).querySelector(".assistant-title").textContent;
    where.textContent = `Vous êtes ici\u00a0: étape ${view.step}, «\u00a0${title}\u00a0».`;
    window.GammaDiagram.centre(this.figure);
  }
}

// ---------------------------------------------------------------- mounting

let mounted = null;

function mount() {
  const root = document.getElementById("assistant");
  if (mounted && mounted.root !== root) {
    if (root && mounted.pathname === location.pathname && mounted.adopt(root)) return;
    mounted.unmount();
    mounted = null;
  }
  if (!root || root.dataset.mounted) return;
  root.dataset.mounted = "1";
  mounted = new Assistant(root);
  mounted.mount();
}

// mkdocs-material emits document$ on the first load and after every instant
// navigation; without it (another theme), mount once the page is parsed.
if (typeof window.document$?.subscribe === "function") window.document$.subscribe(mount);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
