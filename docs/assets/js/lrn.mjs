// The LRN helper (page « Numéro LRN », #lrn-helper) and the « Vérifier le
// numéro » button of the fallback document ([data-lrn-check]): the checks are
// gammaflow.lrn under Pyodide, in the site's one Python worker (python.mjs),
// started once per visit and shared with the assistant. A number submitted
// while Python loads is checked as soon as it is ready: never dropped.
//
// The forms are plain HTML (scripts/templates/lrn_helper.html): typing works
// without Python. The helper's inputs stay in local storage (nothing is sent
// anywhere) until « Effacer ». The root's data-mode: static (no JavaScript,
// or file://), loading, python, fallback (Pyodide could not load).

import { describe, python } from "./python.mjs";

const STORE = "gammaflow:lrn";
const TEXT = {
  ready: "Vérificateur prêt\u00a0: les numéros sont vérifiés dans votre navigateur, rien n'est envoyé.",
  failed: "Les règles ci-dessus restent valables.",
  queued: "Votre demande est gardée\u00a0: elle sera traitée dès que Python sera prêt.",
  fine: "Aucune remarque\u00a0: ce numéro respecte les règles.",
  seriesFine: "Aucune remarque sur cette série.",
  empty: "La liste est vide\u00a0: collez un numéro par ligne.",
  cleared: "Saisies effacées.",
};
const LEVELS = { erreur: "Erreur", avertissement: "Avertissement" };
// Each finding's nature, as gammaflow.lrn gives it: a rule stated by a source,
// or the site's advice or reading (the message gives the reason).
const NATURES = { regle: "Règle", conseil: "Conseil" };

// ---------------------------------------------------------------- showing findings

function element(tag, attributes = {}, text = "") {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  if (text) created.textContent = text;
  return created;
}

// Errors are announced at once (role="alert"), the rest politely (status).
// Each finding shows its nature (« Règle » / « Conseil »), its level and
// place, its message and its source, all as gammaflow.lrn returns them.
function show(output, findings, { fine, lead } = {}) {
  const errors = findings.filter((f) => f.level === "erreur").length;
  output.setAttribute("role", errors ? "alert" : "status");
  output.replaceChildren();
  output.dataset.state = errors ? "error" : findings.length ? "warning" : "ok";
  if (lead) output.append(lead);
  if (!findings.length) {
    if (fine) output.append(element("p", { class: "lrn-ok" }, fine));
    return;
  }
  const warnings = findings.length - errors;
  const parts = [];
  if (errors) parts.push(`${errors} erreur${errors > 1 ? "s" : ""}`);
  if (warnings) parts.push(`${warnings} avertissement${warnings > 1 ? "s" : ""}`);
  output.append(element("p", { class: "lrn-count" }, `${parts.join(" et ")}\u00a0:`));
  const list = element("ul", { class: "lrn-findings" });
  for (const finding of findings) {
    const item = element("li", { class: `lrn-finding lrn-finding--${finding.level === "erreur" ? "error" : "warning"}` });
    if (finding.nature) {
      item.dataset.nature = finding.nature;
      item.append(element("span", { class: `lrn-nature lrn-nature--${finding.nature}` }, `${NATURES[finding.nature] ?? finding.nature}`));
      item.append(document.createTextNode(" — "));
    }
    const where = [];
    if (finding.line != null) where.push(`ligne ${finding.line}`);
    if (finding.position != null) where.push(`position ${finding.position}`);
    item.append(element("strong", { class: "lrn-level" }, `${LEVELS[finding.level] ?? finding.level}${where.length ? ` (${where.join(", ")})` : ""}\u00a0: `));
    item.append(document.createTextNode(finding.message));
    if (finding.source) item.append(element("span", { class: "lrn-source" }, ` Source\u00a0: ${finding.source}.`));
    list.append(item);
  }
  output.append(list);
}

function showText(output, text, role = "status") {
  output.setAttribute("role", role);
  output.dataset.state = role === "alert" ? "error" : "info";
  output.replaceChildren(element("p", {}, text));
}

// A .csv's first column, a .txt as it is: one LRN per line, line numbers kept.
function linesOf(text, name) {
  const lines = text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
  if (!/\.csv$/i.test(name)) return lines.join("\n");
  return lines.map((line) => {
    const cell = line.split(/[;,\t]/)[0];
    return cell.replace(/^"(.*)"$/, "$1");
  }).join("\n");
}

// ---------------------------------------------------------------- the helper

class Helper {
  constructor(root) {
    this.root = root;
    this.abort = new AbortController();
    this.status = root.querySelector(".lrn-status");
  }

  mount() {
    const options = { signal: this.abort.signal };
    this.restore();
    this.root.addEventListener("input", (event) => {
      if (event.target.matches?.("[data-store]")) this.save();
    }, options);
    this.root.addEventListener("submit", (event) => {
      event.preventDefault();
      this.run(event.target);
    }, options);
    this.root.querySelector("[data-clear]")?.addEventListener("click", () => this.clear(), options);
    this.root.querySelector("#lrn-series-file")?.addEventListener("change", (event) => this.readFile(event.target), options);
    startEngine(this);
  }

  unmount() {
    this.abort.abort();
  }

  setMode(mode, message) {
    this.root.dataset.mode = mode;
    if (message !== undefined) this.status.textContent = message;
  }

  inputs() {
    return [...this.root.querySelectorAll("[data-store]")];
  }

  restore() {
    let saved = {};
    try {
      saved = JSON.parse(localStorage.getItem(STORE) || "{}") || {};
    } catch {
      saved = {};
    }
    for (const input of this.inputs()) {
      const value = saved[input.dataset.store];
      if (typeof value === "string") input.value = value;
    }
    const year = this.root.querySelector("#lrn-year");
    if (year && !year.value) year.value = String(new Date().getFullYear());
  }

  save() {
    const values = Object.fromEntries(this.inputs().map((input) => [input.dataset.store, input.value]));
    try {
      localStorage.setItem(STORE, JSON.stringify(values));
    } catch {
      // Storage refused (private mode, quota): the page works without it.
    }
  }

  clear() {
    try {
      localStorage.removeItem(STORE);
    } catch {
      // nothing stored
    }
    for (const input of this.inputs()) input.value = "";
    const file = this.root.querySelector("#lrn-series-file");
    if (file) file.value = "";
    this.root.querySelector("#lrn-year").value = String(new Date().getFullYear());
    for (const output of this.root.querySelectorAll(".lrn-result")) {
      output.replaceChildren();
      output.setAttribute("role", "status");
      delete output.dataset.state;
    }
    if (this.root.dataset.mode === "python") this.status.textContent = TEXT.cleared;
  }

  readFile(input) {
    const file = input.files?.[0];
    if (!file) return;
    const output = this.root.querySelector("#lrn-series-result");
    if (file.size > 1_000_000) {
      showText(output, `Le fichier «\u00a0${file.name}\u00a0» est trop volumineux (plus d'1 Mo) pour une liste de numéros.`, "alert");
      return;
    }
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      const area = this.root.querySelector("#lrn-series");
      area.value = linesOf(String(reader.result), file.name);
      this.save();
      showText(output, `Fichier «\u00a0${file.name}\u00a0» lu\u00a0: ${area.value.split("\n").length} ligne(s). Cliquez sur «\u00a0Vérifier la série\u00a0».`);
      this.run(this.root.querySelector("#lrn-series-form"));
    });
    reader.addEventListener("error", () => showText(output, `Le fichier «\u00a0${file.name}\u00a0» n'a pas pu être lu.`, "alert"));
    reader.readAsText(file);
  }

  async run(form) {
    const op = form.dataset.op;
    const output = form.querySelector(".lrn-result");
    try {
      if (op === "check") {
        const lrn = form.elements.lrn.value;
        show(output, await check(output, "lrn.check", { lrn }), { fine: TEXT.fine });
      } else if (op === "next") {
        const proposal = await check(output, "lrn.next", { last: form.elements.last.value, year: form.elements.year.value });
        let lead = null;
        if (proposal.value !== null) {
          lead = element("div", { class: "lrn-proposal" });
          const line = element("p", {}, "Numéro suivant proposé\u00a0: ");
          line.append(element("code", { class: "lrn-next-value" }, proposal.value));
          lead.append(line);
          if (proposal.new_series) lead.append(element("p", { class: "lrn-new-series" }, "Nouvelle année\u00a0: une nouvelle série commence."));
        }
        if (proposal.explanation) (lead ??= element("div")).append(element("p", {}, proposal.explanation));
        show(output, proposal.findings, { lead });
      } else if (op === "series") {
        const text = form.elements.series.value;
        if (!text.trim()) {
          showText(output, TEXT.empty, "alert");
          return;
        }
        show(output, await check(output, "lrn.series", { text, year: null }), { fine: TEXT.seriesFine });
      }
    } catch (error) {
      showText(output, `La vérification a échoué\u00a0: ${error.message}`, "alert");
    }
  }
}

// ---------------------------------------------------------------- one LRN field (fallback document)

class Field {
  constructor(root) {
    this.root = root;
    this.abort = new AbortController();
    this.input = root.querySelector("[data-lrn-input]");
    this.output = root.querySelector("[data-lrn-result]");
  }

  mount() {
    this.root.querySelector("[data-lrn-go]")?.addEventListener("click", () => this.run(), { signal: this.abort.signal });
    startEngine(this);
  }

  unmount() {
    this.abort.abort();
  }

  setMode(mode, message) {
    this.root.dataset.mode = mode;
    if (mode === "fallback" && message) showText(this.output, message);
  }

  async run() {
    try {
      show(this.output, await check(this.output, "lrn.check", { lrn: this.input.value }), { fine: TEXT.fine });
    } catch (error) {
      showText(this.output, `La vérification a échoué\u00a0: ${error.message}`, "alert");
    }
  }
}

// Python's state on a tool: its status line while it loads, then « prêt »; the
// cause and « Réessayer » if it cannot load. The buttons always work: a
// request made while Python loads waits for it (see check()).
function startEngine(part) {
  for (const button of part.root.querySelectorAll("[data-needs-python]")) button.disabled = false;
  for (const retry of part.root.querySelectorAll(".lrn-retry")) {
    retry.addEventListener("click", () => python().retry(), { signal: part.abort.signal });
  }
  requestAnimationFrame(() => setTimeout(() => {
    python().subscribe((state) => {
      if (!part.root.isConnected) return;
      const mode = { loading: "loading", ready: "python", failed: "fallback" }[state.phase];
      part.setMode(mode, state.phase === "ready" ? TEXT.ready : `${describe(state, "le vérificateur")}${state.phase === "failed" ? ` ${TEXT.failed}` : ""}`);
      for (const line of part.root.querySelectorAll(".lrn-retry-line")) line.hidden = state.phase !== "failed" || state.cause === "file";
    }, { signal: part.abort.signal });
  }, 0));
}

// One check by Python. While Python loads, the output says so, with the
// megabytes received, and the request waits: it is answered when Python is ready.
async function check(output, op, args) {
  const engine = python();
  if (engine.state.phase === "loading") {
    const waiting = new AbortController();
    engine.subscribe((state) => {
      if (state.phase === "loading") showText(output, `${describe(state, "le vérificateur")} ${TEXT.queued}`);
      else waiting.abort();
    }, { signal: waiting.signal });
    try {
      return await engine.call(op, args);
    } finally {
      waiting.abort();
    }
  }
  return engine.call(op, args);
}

// ---------------------------------------------------------------- mounting

let mounted = [];

function mount() {
  for (const part of mounted) {
    if (!part.root.isConnected) part.unmount();
  }
  mounted = mounted.filter((part) => part.root.isConnected);
  const roots = [document.getElementById("lrn-helper"), ...document.querySelectorAll("[data-lrn-check]")];
  for (const root of roots) {
    if (!root || root.dataset.mounted) continue;
    root.dataset.mounted = "1";
    const part = root.id === "lrn-helper" ? new Helper(root) : new Field(root);
    mounted.push(part);
    part.mount();
  }
}

if (typeof window.document$?.subscribe === "function") window.document$.subscribe(mount);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
