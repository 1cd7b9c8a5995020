// The LRN helper's engine: gammaflow.lrn under Pyodide in a module Web Worker
// (loaded by pyodide-loader.mjs). Messages {id, op, args}; answers
// {id, ok, result} or {id, ok: false, error}.
//
// Ops: init {pyodideUrl} → {python}; check {lrn} → [finding];
//      next {last, year} → {value, findings, new_series, explanation};
//      series {text, year} → [finding]  (findings as gammaflow.lrn's to_dict()).

import { loadPyodideWithPackage } from "./pyodide-loader.mjs";

let lrn = null;
let python = "";

async function init({ pyodideUrl }) {
  const pyodide = await loadPyodideWithPackage(pyodideUrl, "gammaflow");
  lrn = pyodide.pyimport("gammaflow.lrn");
  python = pyodide.runPython("import sys; sys.version.split()[0]");
  return { python };
}

// The year as an optional last argument: a JavaScript null would reach Python
// as JsNull, not None; an absent argument is None.
function year(value) {
  const number = value === null || value === undefined || value === "" ? NaN : Number(value);
  return Number.isInteger(number) && number >= 1000 && number <= 9999 ? [number] : [];
}

function run(op, args) {
  if (op === "check") return JSON.parse(lrn.check_json(String(args.lrn ?? "")));
  if (op === "next") return JSON.parse(lrn.next_number_json(String(args.last ?? ""), ...year(args.year)));
  if (op === "series") return JSON.parse(lrn.check_series_json(String(args.text ?? ""), ...year(args.year)));
  throw new Error(`opération inconnue : ${op}`);
}

self.addEventListener("message", async (event) => {
  const { id, op, args } = event.data || {};
  try {
    let result;
    if (op === "init") result = await init(args ?? {});
    else if (lrn === null) throw new Error("vérificateur non initialisé");
    else result = run(op, args ?? {});
    self.postMessage({ id, ok: true, result });
  } catch (error) {
    self.postMessage({ id, ok: false, error: String(error?.message ?? error) });
  }
});
