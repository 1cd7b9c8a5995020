// Loading Pyodide inside a module Web Worker, with our package (python-worker.mjs).
//
// The core files come from the site (assets/pyodide/, never a CDN). Two ways
// to start, the first that works:
// - "snapshot": the memory snapshot the build made with our package already
//   imported (scripts/pyodide-snapshot.mjs), named in snapshot.json with its
//   SRI hash: fetched with that integrity, inflated (it is shipped gzipped, so
//   that no server has to compress it), restored, then the modules asked for
//   must import. A failure of the snapshot itself (missing, damaged, made for
//   another pyodide.asm.wasm, a browser without DecompressionStream…) only
//   costs a console warning; a build without a snapshot (snapshot.json says
//   {"file": null}) not even that: then
// - "normal": Pyodide starts, then our wheel is installed from its
//   one-package pyodide-lock.json (Pyodide checks its sha256).
// Known failures end at once, on either way, with a clear error rather than
// a hang: WebAssembly refused by the Content-Security-Policy, pyodide.asm.wasm
// or python_stdlib.zip missing or damaged, an unreadable lock file.
//
//   const { pyodide, start } = await loadPyodideWithPackage(pyodideUrl, "gammaflow", { modules: ["gammaflow.assistant"] });

async function fetchText(url) {
  // "no-cache": revalidate, so that a rebuilt site never pairs new pages with
  // a stale lock file (the wheel's URL carries its hash).
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${url} : HTTP ${response.status}`, { cause: "missing" });
  return response.text();
}

async function checkWasm() {
  try {
    await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch (error) {
    throw new Error(`WebAssembly refusé (politique de sécurité du serveur ?) : ${error.message}`, { cause: "csp" });
  }
}

// Failures of the core files, which the normal start would meet too: they
// end the load at once, even on the snapshot's way.
const KNOWN = new WeakSet();
function known(error) {
  KNOWN.add(error);
  return error;
}

// Pyodide catches a failed instantiation of pyodide.asm.wasm with a console
// warning, then waits forever: the promise of each attempt rejects at once
// instead. (WebAssembly is wrapped once; each attempt replaces the listener.)
let wasmListener = null;
let wasmWrapped = false;
function wasmFailure() {
  if (!wasmWrapped) {
    wasmWrapped = true;
    for (const name of ["instantiateStreaming", "instantiate"]) {
      const original = WebAssembly[name];
      WebAssembly[name] = function (source, ...rest) {
        const result = original.call(WebAssembly, source, ...rest);
        if (!(source instanceof WebAssembly.Module)) result.catch((error) => wasmListener?.(error));
        return result;
      };
    }
  }
  const failed = new Promise((_, reject) => {
    wasmListener = (error) => reject(known(new Error(`pyodide.asm.wasm : ${error.message}`, { cause: "damaged" })));
  });
  failed.catch(() => {}); // an attempt that ended otherwise leaves no unhandled rejection
  return failed;
}

// The build's snapshot.json: {file, integrity, size, …}, or {file: null}
// (none in this build), or null if unreadable (then the normal start).
async function snapshotManifest(pyodideUrl) {
  try {
    const manifest = JSON.parse(await fetchText(new URL("snapshot.json", pyodideUrl).href));
    return manifest && typeof manifest === "object" ? manifest : null;
  } catch (error) {
    console.warn(`Python : snapshot.json illisible, démarrage normal (${error.message})`);
    return null;
  }
}

async function fetchSnapshot(url, integrity) {
  // The integrity is checked before the body is handed over: a damaged or
  // replaced file is refused here.
  const response = await fetch(url, { integrity });
  if (!response.ok) throw new Error(`${url} : HTTP ${response.status}`);
  const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

const OPTIONS = { stdout: () => {}, stderr: (line) => console.warn(line) };

// The standard library is not in the snapshot (only the modules imported at
// build time are, and the directory of python_stdlib.zip as it was then):
// the file now fetched must be there, of the build's size and a zip file.
// (Pyodide only logs an error when it could not fetch it.) Checked here in
// JavaScript: Python's zipimport would take some 0.5 s to read it again.
function checkStdlib(pyodide, size) {
  const names = pyodide.FS.readdir("/lib").filter((name) => name.endsWith(".zip"));
  if (!names.length) throw known(new Error("python_stdlib.zip absent", { cause: "missing" }));
  for (const name of names) {
    const data = pyodide.FS.readFile(`/lib/${name}`);
    const end = data.subarray(Math.max(0, data.length - 65557));
    const zip = end.findLastIndex((byte, i) => byte === 0x50 && end[i + 1] === 0x4b && end[i + 2] === 5 && end[i + 3] === 6) >= 0;
    if (!zip || (Number.isInteger(size) && data.length !== size)) {
      throw known(new Error(`python_stdlib.zip illisible (${data.length} octets)`, { cause: "damaged" }));
    }
  }
}

async function fromSnapshot(loadPyodide, pyodideUrl, lock, manifest, modules) {
  const failed = wasmFailure();
  const snapshot = fetchSnapshot(new URL(manifest.file, pyodideUrl).href, manifest.integrity);
  snapshot.catch(() => {}); // reported through loadPyodide, which awaits it later
  const pyodide = await Promise.race([failed, loadPyodide({
    indexURL: pyodideUrl,
    lockFileContents: lock,
    packageBaseUrl: pyodideUrl,
    _loadSnapshot: snapshot,
    ...OPTIONS,
  })]);
  checkStdlib(pyodide, manifest.stdlib);
  for (const name of modules) pyodide.pyimport(name).destroy?.();
  return pyodide;
}

async function normally(loadPyodide, pyodideUrl, lock, packageName) {
  const failed = wasmFailure();
  let pyodide;
  try {
    pyodide = await Promise.race([failed, loadPyodide({
      indexURL: pyodideUrl,
      lockFileContents: lock,
      packageBaseUrl: pyodideUrl,
      ...OPTIONS,
    })]);
  } catch (error) {
    // python_stdlib.zip missing or damaged (a refused .wasm has its own cause already).
    throw error.cause ? error : new Error(`démarrage de Python : ${error.message}`, { cause: "damaged" });
  }
  const errors = [];
  await pyodide.loadPackage(packageName, { messageCallback: () => {}, errorCallback: (m) => errors.push(m) });
  if (errors.length) throw new Error(errors.join("\u00a0; "), { cause: "damaged" });
  return pyodide;
}

// pyodide.mjs, imported; a failure says whether the file is missing or damaged.
async function importPyodide(pyodideUrl) {
  const url = new URL("pyodide.mjs", pyodideUrl).href;
  try {
    return await import(url);
  } catch (error) {
    const response = await fetch(url, { cache: "no-cache" }).catch(() => null);
    if (response && !response.ok) throw new Error(`${url} : HTTP ${response.status}`, { cause: "missing" });
    throw new Error(`pyodide.mjs : ${error.message}`, { cause: response ? "damaged" : "missing" });
  }
}

export async function loadPyodideWithPackage(pyodideUrl, packageName, { modules = [packageName], snapshot = true } = {}) {
  await checkWasm();
  const [{ loadPyodide }, lock, manifest] = await Promise.all([
    importPyodide(pyodideUrl),
    fetchText(new URL("pyodide-lock.json", pyodideUrl).href),
    snapshot ? snapshotManifest(pyodideUrl) : null,
  ]);
  try {
    JSON.parse(lock);
  } catch (error) {
    throw new Error(`pyodide-lock.json illisible : ${error.message}`, { cause: "damaged" });
  }
  if (manifest?.file && manifest?.integrity) {
    try {
      return { pyodide: await fromSnapshot(loadPyodide, pyodideUrl, lock, manifest, modules), start: "snapshot" };
    } catch (error) {
      if (KNOWN.has(error)) throw error;
      console.warn(`Python : instantané inutilisable, démarrage normal (${error?.message ?? error})`);
    }
  }
  return { pyodide: await normally(loadPyodide, pyodideUrl, lock, packageName), start: "normal" };
}
