// The client of the site's one Python engine (python-worker.mjs): one worker
// and one Pyodide per visit, shared by the assistant, the LRN helper and the
// fallback document. A module is evaluated once per document, and
// mkdocs-material's instant navigation keeps the document: going from one
// tool's page to another's keeps the same engine.
//
//   import { python } from "./python.mjs";
//   const engine = python();            // starts loading on first use
//   engine.call("lrn.check", {lrn})     // queued while Python loads, never dropped
//   engine.subscribe((state) => …)      // {phase: loading|ready|failed, loaded, total, cause, message}
//   engine.retry()                      // after a failure: start again
//
// A load that neither succeeds nor fails is given up after TIMEOUT_MS, with
// what was received so far; known failures (file://, WebAssembly refused by
// the server's security policy, a missing or damaged file) end at once.

const WORKER_URL = new URL("./python-worker.mjs", import.meta.url);
const PYODIDE_URL = new URL("../pyodide/", import.meta.url);
const TIMEOUT_MS = 30000;

// What a reader is told when Python cannot load, by cause.
const CAUSES = {
  file: "la page est ouverte depuis un fichier (file://)\u00a0: Python a besoin que le site soit servi par un serveur web",
  csp: "le serveur interdit WebAssembly (sa politique de sécurité doit permettre «\u00a0'wasm-unsafe-eval'\u00a0»)\u00a0; voir la page Administrateurs",
  missing: "un fichier de Python manque sur le serveur",
  damaged: "un fichier de Python est endommagé sur le serveur",
  timeout: "le chargement a dépassé 30\u00a0secondes (liaison lente ou interrompue)",
  other: "une erreur inattendue l’a interrompu",
};

export function megabytes(bytes) {
  return `${(bytes / 1e6).toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}\u00a0Mo`;
}

// The state as a sentence, for a tool's live status line.
// tool: whose Python it is (« le vérificateur »), or "" where the page says it.
export function describe(state, tool = "") {
  const what = tool ? ` pour ${tool}` : "";
  if (state.phase === "ready") return "";
  if (state.phase === "failed") return `Python n’a pas pu se charger${what}\u00a0: ${state.message}.`;
  const received = state.loaded ? ` (${megabytes(state.loaded)}${state.total > state.loaded ? ` sur ${megabytes(state.total)}` : ""})` : "";
  return `Chargement de Python${what}${received}…`;
}

class Engine {
  constructor() {
    this.listeners = new Set();
    this.start();
  }

  start() {
    this.state = { phase: "loading", loaded: 0, total: 0, cause: "", message: "" };
    this.pending = new Map();
    this.next = 1;
    this.worker = null;
    performance.mark("python:start"); // read by benchmarks/assistant.py
    this.ready = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.ready.catch(() => {}); // a failure is reported through the state too
    if (location.protocol === "file:") {
      this.fail("file", "file://");
      return;
    }
    try {
      this.worker = new Worker(WORKER_URL, { type: "module", name: "python" });
    } catch (error) {
      this.fail("other", error.message);
      return;
    }
    this.worker.addEventListener("message", (event) => this.receive(event.data));
    // The worker's own script failed to load or threw at the top level.
    this.worker.addEventListener("error", (event) => {
      event.preventDefault?.();
      this.fail("missing", event.message || "python-worker.mjs");
    });
    const timer = setTimeout(() => this.fail("timeout", `${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    this.post("init", { pyodideUrl: PYODIDE_URL.href }).then(
      (info) => {
        clearTimeout(timer);
        this.info = info;
        this.update({ phase: "ready" });
        performance.mark("python:ready");
        this.settle.resolve(this);
      },
      (error) => {
        clearTimeout(timer);
        this.fail(error.cause || "other", error.message);
      },
    );
  }

  receive(data) {
    if (data?.progress) {
      if (this.state.phase === "loading") this.update(data.progress);
      return;
    }
    const { id, ok, result, error, cause } = data ?? {};
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (ok) waiting.resolve(result);
    else waiting.reject(new Error(error, { cause }));
  }

  post(op, args) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  // Every call waits for Python, however early it is made: nothing is dropped.
  async call(op, args = {}) {
    await this.ready;
    return this.post(op, args);
  }

  fail(cause, detail) {
    if (this.state.phase !== "loading") return;
    this.worker?.terminate();
    const error = new Error(`${CAUSES[cause] ?? CAUSES.other} (${detail})`, { cause });
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    this.update({ phase: "failed", cause, message: CAUSES[cause] ?? CAUSES.other });
    this.settle.reject(error);
    console.warn("Python n'a pas pu se charger :", error.message);
  }

  retry() {
    if (this.state.phase !== "failed") return;
    this.start();
    this.emit();
  }

  update(change) {
    this.state = { ...this.state, ...change };
    this.emit();
  }

  emit() {
    for (const listener of this.listeners) listener(this.state);
  }

  // The listener is called at once with the current state, then on each change.
  subscribe(listener, { signal } = {}) {
    this.listeners.add(listener);
    signal?.addEventListener("abort", () => this.listeners.delete(listener));
    listener(this.state);
  }
}

let engine = null;

export function python() {
  engine ??= new Engine();
  return engine;
}
