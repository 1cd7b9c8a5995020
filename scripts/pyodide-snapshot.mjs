// A memory snapshot of Pyodide with our package already imported, made at
// build time (scripts/pyodide_package.py, pyodide_snapshot()); the site's Python
// worker restores it instead of starting Python and installing the wheel.
//
//   node scripts/pyodide-snapshot.mjs <pyodide dir> <wheel> <out file> <module,module…>
//
// The modules to import are pyodide_package.py's PYODIDE_SNAPSHOT_MODULES.
//
// The snapshot is only valid for the very pyodide.asm.wasm it was made with
// (Pyodide checks its build id): the build ships node_modules/pyodide, the
// same files this script loads. The API is private (_makeSnapshot,
// makeMemorySnapshot, _loadSnapshot): the package.json pins Pyodide, and the
// worker falls back to a normal start if restoring fails.
//
// The wheel's files are extracted into site-packages by Python itself, not
// installed with loadPackage: loadPackage leaves JavaScript references behind
// that makeMemorySnapshot refuses. The modules are imported here, so their
// code lives in Python's memory; the files themselves (in the JavaScript-side
// file system) are not part of the snapshot. Before writing, the snapshot is
// restored once and checked to answer.

import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelFile, outFile] = process.argv.slice(2, 5).map((p) => resolve(p));
const MODULES = (process.argv[5] ?? "").split(",").filter((name) => /^[A-Za-z_][\w.]*$/.test(name));
if (!outFile || MODULES.length === 0) {
  process.stderr.write("usage : node pyodide-snapshot.mjs <dossier pyodide> <roue .whl> <fichier produit> <module,module…>\n");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const quiet = () => {};
const streams = { stdout: quiet, stderr: (line) => process.stderr.write(line + "\n") };

const maker = await loadPyodide({ indexURL: pyodideDir + "/", _makeSnapshot: true, ...streams });
maker.FS.writeFile("/tmp/gammaflow.whl", readFileSync(wheelFile));
maker.runPython(`
import os, site, sys, zipfile
with zipfile.ZipFile("/tmp/gammaflow.whl") as wheel:
    wheel.extractall(site.getsitepackages()[0])
os.remove("/tmp/gammaflow.whl")
${MODULES.map((name) => `import ${name}`).join("\n")}
del os, site, sys, zipfile, wheel
`);
const snapshot = maker.makeMemorySnapshot();

// Restored once, as the browser will: the modules answer.
const restored = await loadPyodide({ indexURL: pyodideDir + "/", _loadSnapshot: snapshot, ...streams });
const check = restored.runPython(`
import json, sys
import gammaflow.lrn
json.loads(gammaflow.lrn.check_json("20FR000000000000A0"))  # the engine answers
json.dumps([m for m in ${JSON.stringify(MODULES)} if m in sys.modules])
`);
const found = JSON.parse(check);
if (found.length !== MODULES.length) {
  throw new Error(`instantané restauré sans ${MODULES.filter((m) => !found.includes(m)).join(", ")}`);
}

const partial = outFile + ".partial";
writeFileSync(partial, snapshot);
renameSync(partial, outFile);
process.stdout.write(JSON.stringify({ bytes: snapshot.byteLength, python: restored.runPython("import sys; sys.version.split()[0]") }) + "\n");
