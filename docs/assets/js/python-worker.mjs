// The site's one Python engine: a module Web Worker running Pyodide with our
// package, shared by every tool of a visit (python.mjs starts it once).
//
// Messages {id, op, args}; answers {id, ok, result} or {id, ok: false, error,
// cause}. While Pyodide loads, progress messages {progress: {loaded, total}}
// (bytes received, bytes announced by the server; total 0 if unknown).
//
// Ops: init {pyodideUrl} → {python, timings, start} (start: "snapshot" when
//        Python was restored from the build's memory snapshot, "normal" when
//        it started and installed the wheel; see pyodide-loader.mjs);
//      assistant {assistantUrl, op, args} → gammaflow.assistant's answer;
//      lrn.check {lrn}, lrn.next {last, year}, lrn.series {text, year}
//      → gammaflow.lrn's findings (its to_dict());
//      lrn.register.<op> {rows, year, …} → gammaflow.lrn_register.register_call(op, …)
//      (the register of attributed numbers: view, assign, update, import, export);
//      runtime.french {values: {id: {type: date|time, value}}} → {id: French text}
//      (gammaflow.runtime.french_values_json: the fallback document's print).
// No procedure logic here: the worker only passes JSON to the package.

import { loadPyodideWithPackage } from "./pyodide-loader.mjs";

let pyodide = null;
const assistants = new Map(); // assistant data URL → gammaflow.assistant.Assistant
let lrn = null;
let register = null;

// Bytes received while Pyodide loads, reported to the page (throttled).
let loaded = 0;
let announced = 0;
let lastReport = 0;
function report(force = false) {
  const now = performance.now();
  if (!force && now - lastReport < 100) return;
  lastReport = now;
  self.postMessage({ progress: { loaded, total: Math.max(announced, loaded) } });
}

// Pyodide gets the browser's own response (a rebuilt one would lose the
// compiled-WebAssembly cache of a returning visit); a clone is read for the count.
function countingFetch(original) {
  return async function (input, init) {
    const response = await original(input, init);
    if (!response.ok || !response.body) return response;
    announced += Number(response.headers.get("content-length")) || 0;
    count(response.clone().body.getReader());
    return response;
  };
}

async function count(reader) {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      loaded += value.byteLength;
      report();
    }
  } catch {
    // The original response fails the same way, and Pyodide reports that.
  }
}

async function fetchText(url) {
  // "no-cache": revalidate, so that a rebuilt site never pairs new pages with
  // a stale flow.
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${url} : HTTP ${response.status}`, { cause: "missing" });
  return response.text();
}

async function init({ pyodideUrl }) {
  // When each phase ended, as a time on the page's clock: read by benchmarks/assistant.py.
  const timings = {};
  const lap = (name) => { timings[name] = performance.timeOrigin + performance.now(); };
  lap("worker");
  const original = self.fetch;
  self.fetch = countingFetch(original);
  let start;
  try {
    ({ pyodide, start } = await loadPyodideWithPackage(pyodideUrl, "gammaflow", { modules: ["gammaflow.assistant", "gammaflow.lrn", "gammaflow.lrn_register"] }));
  } finally {
    self.fetch = original;
    report(true);
  }
  lap("pyodide");
  return { timings, start, python: pyodide.runPython("import sys; sys.version.split()[0]") };
}

async function assistant({ assistantUrl, op, args }) {
  let engine = assistants.get(assistantUrl);
  if (!engine) {
    const text = await fetchText(assistantUrl);
    engine = pyodide.pyimport("gammaflow.assistant").Assistant.from_json(text);
    assistants.set(assistantUrl, engine);
  }
  return JSON.parse(engine.handle(op, JSON.stringify(args ?? {})));
}

// The year as an optional last argument: a JavaScript null would reach Python
// as JsNull, not None; an absent argument is None.
function year(value) {
  const number = value === null || value === undefined || value === "" ? NaN : Number(value);
  return Number.isInteger(number) && number >= 1000 && number <= 9999 ? [number] : [];
}

function checkLrn(op, args) {
  lrn ??= pyodide.pyimport("gammaflow.lrn");
  if (op === "lrn.check") return JSON.parse(lrn.check_json(String(args.lrn ?? "")));
  if (op === "lrn.next") return JSON.parse(lrn.next_number_json(String(args.last ?? ""), ...year(args.year)));
  if (op === "lrn.series") return JSON.parse(lrn.check_series_json(String(args.text ?? ""), ...year(args.year)));
  if (op.startsWith("lrn.register.")) {
    register ??= pyodide.pyimport("gammaflow.lrn_register");
    return JSON.parse(register.register_call(op.slice("lrn.register.".length), JSON.stringify(args)));
  }
  throw new Error(`opération inconnue : ${op}`);
}

self.addEventListener("message", async (event) => {
  const { id, op, args } = event.data || {};
  try {
    let result;
    if (op === "init") result = await init(args ?? {});
    else if (pyodide === null) throw new Error("Python n’est pas chargé");
    else if (op === "assistant") result = await assistant(args ?? {});
    else if (op === "runtime.french") result = JSON.parse(pyodide.pyimport("gammaflow.runtime").french_values_json(JSON.stringify(args?.values ?? {})));
    else result = checkLrn(op, args ?? {});
    self.postMessage({ id, ok: true, result });
  } catch (error) {
    self.postMessage({ id, ok: false, error: pythonMessage(error), cause: error?.cause ?? "" });
  }
});

// A Python exception reaches JavaScript with its whole traceback: the reader
// gets its last line's message only (the engine writes those in French).
function pythonMessage(error) {
  const message = String(error?.message ?? error);
  if (error?.type === undefined) return message;
  const last = message.trim().split("\n").pop();
  return last.slice(last.indexOf(": ") + 2) || message;
}
