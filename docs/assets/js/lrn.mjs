// The LRN helper (page « Numéro LRN », #lrn-helper) and the « Vérifier le
// numéro » button of the fallback document ([data-lrn-check]). It stays whole:
// the helper's three forms and the register share one state, one queue for
// what is submitted while Python loads, and one way to show findings. The checks are
// gammaflow.lrn under Pyodide, in the site's one Python worker (python.mjs),
// started once per visit and shared with the assistant. A number submitted
// while Python loads is checked as soon as it is ready: never dropped.
//
// The forms are plain HTML (scripts/templates/lrn_helper.html): typing works
// without Python. The helper's inputs stay in local storage (nothing is sent
// anywhere) until « Effacer ». The root's data-mode: static (no JavaScript,
// or file://), loading, python, fallback (Pyodide could not load).

import { describe, python } from "./python.mjs";
import { readRegister, registerCall, RegisterUnreadable, STORAGE_KEY as REGISTER_KEY } from "./lrn-register.mjs";

const STORE = "gammaflow:lrn";
const TEXT = {
  ready: "Vérificateur prêt\u00a0: les numéros sont vérifiés dans votre navigateur, rien n’est envoyé.",
  failed: "Les règles ci-dessus restent valables.",
  queued: "Votre demande est gardée\u00a0: elle sera traitée dès que Python sera prêt.",
  fine: "Aucune remarque\u00a0: ce numéro respecte les règles.",
  seriesFine: "Aucune remarque sur cette série.",
  empty: "La liste est vide\u00a0: collez un numéro par ligne.",
  cleared: "Saisies effacées.",
};
// Each finding comes from gammaflow.lrn with its words: level_label, nature_label
// (a rule stated by a source, or the site's advice or reading), where.

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
      item.append(element("span", { class: `lrn-nature lrn-nature--${finding.nature}` }, finding.nature_label));
      item.append(document.createTextNode(" — "));
    }
    item.append(element("strong", { class: "lrn-level" }, `${finding.level_label}${finding.where ? ` (${finding.where})` : ""}\u00a0: `));
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
    reader.addEventListener("error", () => showText(output, `Le fichier «\u00a0${file.name}\u00a0» n’a pas pu être lu.`, "alert"));
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
  for (const retry of part.root.querySelectorAll(".lrn-retry, [data-retry]")) {
    retry.addEventListener("click", () => {
      // The button hides as Python starts again: keep the reader's place on the status.
      part.status.tabIndex = -1;
      part.status.focus();
      python().retry();
    }, { signal: part.abort.signal });
  }
  requestAnimationFrame(() => setTimeout(() => {
    python().subscribe((state) => {
      if (!part.root.isConnected) return;
      const mode = { loading: "loading", ready: "python", failed: "fallback" }[state.phase];
      part.setMode(mode, state.phase === "ready" ? (part.text?.ready ?? TEXT.ready) : `${describe(state, part.tool ?? "le vérificateur")}${state.phase === "failed" ? ` ${part.text?.failed ?? TEXT.failed}` : ""}`);
      for (const line of part.root.querySelectorAll(".lrn-retry-line, [data-retry-line]")) line.hidden = state.phase !== "failed" || state.cause === "file";
    }, { signal: part.abort.signal });
  }, 0));
}

// A request to Python: while Python loads, the output says so, with the
// megabytes received, and the request waits: it is answered when Python is ready.
async function queued(output, run, tool = "le vérificateur") {
  const engine = python();
  if (engine.state.phase === "loading") {
    const waiting = new AbortController();
    engine.subscribe((state) => {
      if (state.phase === "loading") showText(output, `${describe(state, tool)} ${TEXT.queued}`);
      else waiting.abort();
    }, { signal: waiting.signal });
    try {
      return await run();
    } finally {
      waiting.abort();
    }
  }
  return run();
}

// One check by Python (queued while Python loads, see queued()).
function check(output, op, args) {
  return queued(output, () => python().call(op, args));
}

// ---------------------------------------------------------------- the register

// The register of the numbers attributed (#lrn-register): rows in this
// browser's storage (lrn-register.mjs), shown, checked and exported by
// gammaflow.lrn. Every action goes through registerCall(), which runs them in
// order on the stored register: a click made while Python loads waits for it.
const REGISTER_TEXT = {
  ready: "Registre prêt\u00a0: il est tenu dans ce navigateur, rien n’est envoyé.",
  failed: "Le registre reste enregistré dans ce navigateur\u00a0; il s’affichera quand Python pourra se charger.",
  fine: "Aucune remarque sur la série du registre.",
  empty: "Le registre est vide.",
  unreadable: "Le registre enregistré dans ce navigateur est illisible, il n’a pas été modifié",
  failedAction: "L’opération a échoué, le registre n’a pas été modifié",
  failedView: "Le registre ne peut pas s’afficher, il n’a pas été modifié",
  saved: (line) => `Ligne ${line} enregistrée.`,
  removed: (line, number) => `Ligne ${line} (${number}) supprimée du registre.`,
  confirmRemove: (line, number) => `Supprimer la ligne ${line} (${number}) du registre\u00a0? C’est définitif\u00a0: exportez d’abord le registre si vous voulez en garder une trace.`,
  notStored: "Attention\u00a0: le navigateur a refusé d’enregistrer le registre (navigation privée ou stockage plein)\u00a0; exportez-le pour ne pas le perdre.",
  tooBig: (name) => `Le fichier «\u00a0${name}\u00a0» est trop volumineux (plus de 5\u00a0Mo) pour un registre.`,
  unreadFile: (name) => `Le fichier «\u00a0${name}\u00a0» n’a pas pu être lu.`,
  exported: (name, count) => `Registre exporté dans vos téléchargements\u00a0: «\u00a0${name}\u00a0» (${count} ligne${count > 1 ? "s" : ""}).`,
};

class Register {
  constructor(root) {
    this.root = root;
    this.abort = new AbortController();
    this.status = root.querySelector(".lrn-register-status");
    this.tool = "le registre";
    this.text = REGISTER_TEXT;
    this.view = null;
    this.editing = null;
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  mount() {
    const options = { signal: this.abort.signal };
    this.$(".lrn-register-body").hidden = false;
    this.$("#lrn-assign").addEventListener("click", () => this.assign(null), options);
    this.$("#lrn-assign-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.assign(this.$("#lrn-register-number").value);
    }, options);
    this.$("#lrn-register-rows").addEventListener("click", (event) => {
      const button = event.target.closest?.("button[data-row]");
      if (!button) return;
      const index = Number(button.dataset.row);
      if (button.dataset.action === "edit") this.edit(index);
      else this.remove(index);
    }, options);
    this.$("#lrn-edit-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    }, options);
    this.$("#lrn-edit-cancel").addEventListener("click", () => this.closeEdit(), options);
    this.$("#lrn-export").addEventListener("click", () => this.exportCsv(), options);
    this.$("#lrn-import-file").addEventListener("change", (event) => this.importCsv(event.target), options);
    // Another tab (or the fallback document) changed the register: show it.
    window.addEventListener("storage", (event) => {
      if (event.key === REGISTER_KEY) this.refresh();
    }, options);
    startEngine(this);
    this.refresh();
  }

  unmount() {
    this.abort.abort();
  }

  setMode(mode, message) {
    this.root.dataset.mode = mode;
    if (message !== undefined) this.status.textContent = message;
    // « Réessayer » brought Python after a failure: show the register it could not show.
    if (mode === "fallback") this.failed = true;
    if (mode === "python" && this.failed) {
      this.failed = false;
      this.refresh();
    }
  }

  // One action: registerCall(op, args), its waiting shown in `output`, its
  // failure said there; the register as it now is shown. Resolves to the answer, or null.
  async act(output, op, args) {
    try {
      const answer = await queued(output, () => registerCall(op, args), this.tool);
      this.render(answer.view);
      if (answer.stored === false) showText(this.$("#lrn-register-view"), REGISTER_TEXT.notStored, "alert");
      return answer;
    } catch (error) {
      const said = error instanceof RegisterUnreadable ? REGISTER_TEXT.unreadable : op === "view" ? REGISTER_TEXT.failedView : REGISTER_TEXT.failedAction;
      showText(output, `${said}\u00a0: ${error.message}`, "alert");
      return null;
    }
  }

  refresh() {
    let count = 0;
    try {
      count = readRegister().length;
    } catch {
      // said by act()
    }
    const output = this.$("#lrn-register-view");
    if (python().state.phase !== "ready" && count) showText(output, `Le registre compte ${count} ligne${count > 1 ? "s" : ""}, enregistrée${count > 1 ? "s" : ""} dans ce navigateur.`);
    return this.act(output, "view");
  }

  render(view) {
    this.view = view;
    const body = this.$("#lrn-register-rows");
    body.replaceChildren();
    view.rows.forEach((row, index) => {
      const shown = view.shown[index];
      const line = element("tr");
      line.append(element("td", {}, String(index + 1)));
      const number = element("td");
      number.append(element("code", {}, row.number));
      line.append(number);
      const when = element("td", { class: "lrn-register-when" }, shown.date);
      if (shown.time) when.append(element("br"), shown.time);
      line.append(when);
      for (const text of [row.movement, row.reason, shown.entered]) line.append(element("td", {}, text));
      const actions = element("td", { class: "lrn-register-actions" });
      actions.append(
        element("button", { type: "button", class: "md-button", "data-row": String(index), "data-action": "edit", "aria-label": `Modifier la ligne ${index + 1} (${row.number})` }, "Modifier"),
        element("button", { type: "button", class: "md-button", "data-row": String(index), "data-action": "remove", "aria-label": `Supprimer la ligne ${index + 1} (${row.number})` }, "Supprimer"),
      );
      line.append(actions);
      body.append(line);
    });
    const count = view.rows.length;
    this.$("#lrn-register-caption").textContent = `Registre des numéros attribués (${count} ligne${count > 1 ? "s" : ""})`;

    const next = this.$("#lrn-register-next");
    const proposal = view.proposal;
    const lead = element("div", { class: "lrn-proposal" });
    if (proposal.value !== null) {
      const line = element("p", {}, "Numéro suivant proposé\u00a0: ");
      line.append(element("code", { class: "lrn-next-value" }, proposal.value));
      lead.append(line);
      if (proposal.new_series) lead.append(element("p", { class: "lrn-new-series" }, "Nouvelle année\u00a0: une nouvelle série commence."));
    }
    if (proposal.explanation) lead.append(element("p", {}, proposal.explanation));
    show(next, proposal.findings, { lead });
    this.$("#lrn-assign").disabled = proposal.value === null;
    if (proposal.value === null) this.$("#lrn-register-other").open = true;

    const result = this.$("#lrn-register-view");
    if (!count) showText(result, REGISTER_TEXT.empty);
    else show(result, view.findings, { fine: REGISTER_TEXT.fine, lead: element("p", { class: "lrn-register-check" }, "Vérification de la série du registre (chaque ligne est celle du tableau)\u00a0:") });
  }

  async assign(number) {
    const output = this.$("#lrn-assign-result");
    const answer = await this.act(output, "assign", { number });
    if (!answer) return;
    if (answer.ok && number !== null) this.$("#lrn-register-number").value = "";
    show(output, answer.findings, { lead: element("p", {}, answer.message) });
    if (answer.ok) output.dataset.state = answer.findings.length ? "warning" : "ok";
    if (answer.ok) this.edit(answer.line - 1, { focus: "movement" });
  }

  edit(index, { focus = "number" } = {}) {
    const row = this.view?.rows[index];
    if (!row) return;
    this.editing = { index, number: row.number };
    const form = this.$("#lrn-edit-form");
    for (const name of ["number", "date", "time", "movement", "reason", "entered"]) form.elements[name].value = row[name];
    this.$("#lrn-edit-legend").textContent = `Modifier la ligne ${index + 1} (${row.number})`;
    this.$("#lrn-edit-result").replaceChildren();
    form.hidden = false;
    form.elements[focus].focus();
  }

  closeEdit() {
    this.editing = null;
    this.$("#lrn-edit-form").hidden = true;
  }

  async save() {
    if (!this.editing) return;
    const form = this.$("#lrn-edit-form");
    const row = Object.fromEntries(["number", "date", "time", "movement", "reason", "entered"].map((name) => [name, form.elements[name].value]));
    const output = this.$("#lrn-edit-result");
    const { index, number } = this.editing;
    const answer = await this.act(output, "update", { index, number, row });
    if (!answer) return;
    if (!answer.ok) {
      output.setAttribute("role", "alert");
      output.dataset.state = "error";
      output.replaceChildren(element("p", {}, "Ligne non enregistrée\u00a0:"));
      const list = element("ul");
      for (const error of answer.errors) list.append(element("li", {}, error));
      output.append(list);
      return;
    }
    this.closeEdit();
    showText(this.$("#lrn-assign-result"), REGISTER_TEXT.saved(index + 1));
  }

  async remove(index) {
    const row = this.view?.rows[index];
    if (!row || !window.confirm(REGISTER_TEXT.confirmRemove(index + 1, row.number))) return;
    if (this.editing?.index === index) this.closeEdit();
    const output = this.$("#lrn-assign-result");
    const answer = await this.act(output, "remove", { index, number: row.number });
    if (answer) showText(output, REGISTER_TEXT.removed(index + 1, row.number));
  }

  async exportCsv() {
    const output = this.$("#lrn-import-result");
    const answer = await this.act(output, "export");
    if (!answer) return;
    const url = URL.createObjectURL(new Blob([answer.csv], { type: "text/csv;charset=utf-8" }));
    const link = element("a", { href: url, download: answer.filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    showText(output, REGISTER_TEXT.exported(answer.filename, answer.view.rows.length));
  }

  importCsv(input) {
    const file = input.files?.[0];
    if (!file) return;
    const output = this.$("#lrn-import-result");
    if (file.size > 5_000_000) {
      showText(output, REGISTER_TEXT.tooBig(file.name), "alert");
      input.value = "";
      return;
    }
    const reader = new FileReader();
    reader.addEventListener("load", async () => {
      input.value = "";
      // Not UTF-8: the unreadable bytes become U+FFFD, which gammaflow.lrn reports line by line.
      const text = new TextDecoder("utf-8").decode(reader.result);
      const answer = await this.act(output, "import", { text, name: file.name });
      if (!answer) return;
      output.setAttribute("role", answer.ok ? "status" : "alert");
      output.dataset.state = answer.ok ? "ok" : "error";
      output.replaceChildren(element("p", {}, answer.message));
      if (answer.errors.length) {
        const list = element("ul", { class: "lrn-import-errors" });
        for (const error of answer.errors) list.append(element("li", {}, error));
        output.append(list);
      }
    });
    reader.addEventListener("error", () => showText(output, REGISTER_TEXT.unreadFile(file.name), "alert"));
    reader.readAsArrayBuffer(file);
  }
}

// ---------------------------------------------------------------- mounting

let mounted = [];

function mount() {
  for (const part of mounted) {
    if (!part.root.isConnected) part.unmount();
  }
  mounted = mounted.filter((part) => part.root.isConnected);
  const roots = [document.getElementById("lrn-helper"), document.getElementById("lrn-register"), ...document.querySelectorAll("[data-lrn-check]")];
  for (const root of roots) {
    if (!root || root.dataset.mounted) continue;
    root.dataset.mounted = "1";
    const part = root.id === "lrn-helper" ? new Helper(root) : root.id === "lrn-register" ? new Register(root) : new Field(root);
    mounted.push(part);
    part.mount();
  }
}

if (typeof window.document$?.subscribe === "function") window.document$.subscribe(mount);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
