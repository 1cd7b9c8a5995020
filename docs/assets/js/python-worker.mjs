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
//      assistant {wizardUrl, op, args} → gammaflow.assistant's answer;
//      lrn.check {lrn}, lrn.next {last, year}, lrn.series {text, year}
//      → gammaflow.lrn's findings (its to_dict()).
// No procedure logic here: the worker only passes JSON to the package.

import { loadPyodideWithPackage } from "./pyodide-loader.mjs";

let pyodide = null;
const assistants = new Map(); // wizard URL → gammaflow.assistant.Assistant
let lrn = null;

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

function countingFetch(original) {
  return async function (input, init) {
    const response = await original(input, init);
    if (!response.ok || !response.body) return response;
    announced += Number(response.headers.get("content-length")) || 0;
    const counted = response.body.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        report();
        controller.enqueue(chunk);
      },
    }));
    const copy = new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
    Object.defineProperty(copy, "url", { value: response.url });
    return copy;
  };
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
    ({ pyodide, start } = await loadPyodideWithPackage(pyodideUrl, "gammaflow", { modules: ["gammaflow.assistant", "gammaflow.lrn"] }));
  } finally {
    self.fetch = original;
    report(true);
  }
  lap("pyodide");
  return { timings, start, python: pyodide.runPython("import sys; sys.version.split()[0]") };
}

async function assistant({ wizardUrl, op, args }) {
  let engine = assistants.get(wizardUrl);
  if (!engine) {
    const text = await fetchText(wizardUrl);
    engine = pyodide.pyimport("gammaflow.assistant").Assistant.from_json(text);
    assistants.set(wizardUrl, engine);
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
  throw new Error(`opération inconnue : ${op}`);
}

self.addEventListener("message", async (event) => {
  const { id, op, args } = event.data || {};
  try {
    let result;
    if (op === "init") result = await init(args ?? {});
    else if (pyodide === null) throw new Error("Python n'est pas chargé");
    else if (op === "assistant") result = await assistant(args ?? {});
    else result = checkLrn(op, args ?? {});
    self.postMessage({ id, ok: true, result });
  } catch (error) {
    self.postMessage({ id, ok: false, error: String(error?.message ?? error), cause: error?.cause ?? "" });
  }
});
