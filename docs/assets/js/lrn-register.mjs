// The register of the LRNs attributed, kept in this browser only (local
// storage, one versioned key; nothing is sent anywhere). Nothing here decides
// a number, a date or a check: that is gammaflow.lrn_register (register_call) under
// Pyodide, in the site's one Python worker (python.mjs). Used by the register
// of the page « Numéro LRN » (lrn.mjs) and open to the fallback document.
//
// Exported:
//   STORAGE_KEY                  "gammaflow:lrn-register:v1"; its value is JSON {version: 1, rows: [...]}
//   readRegister() → rows        the stored rows, [] when there are none; each row is
//                                {number, date: "aaaa-mm-jj", time: "hh:mm" or "", movement, reason,
//                                entered: "aaaa-mm-jj" or ""} (entered: the data entered in GAMMA 2).
//                                Throws RegisterUnreadable when the stored value cannot be read
//                                (it is then left as it is: nothing here overwrites it).
//   writeRegister(rows) → bool   stores the rows; false when the browser refuses (private mode, quota)
//   localNow() → {date, time, year}  the browser's clock: "aaaa-mm-jj", "hh:mm", 2026
//   registerCall(op, args) → answer  gammaflow.lrn_register.register_call(op, {rows, year, ...args}) on the stored
//                                rows: ops view, assign {number or null}, update {index, number, row},
//                                remove {index, number}, import {text, name}, export. Calls run one after the
//                                other, in the order made, each on the register as the previous one left
//                                it; made while Python loads, they wait for it (never dropped). When the
//                                op changed the register, answer.view.rows are stored before it resolves.
//   proposeNext() → proposal     the next number from the register: {value (null if none), findings,
//                                new_series, explanation} (gammaflow.lrn_register.next_from_register)
//   assignNext(number = null) → answer  attributes the proposed number (or `number`) now: a new last row,
//                                stored; answer.ok, answer.message, answer.findings, answer.view

import { python } from "./python.mjs";

export const STORAGE_KEY = "gammaflow:lrn-register:v1";

export class RegisterUnreadable extends Error {}

export function readRegister() {
  let text;
  try {
    text = localStorage.getItem(STORAGE_KEY);
  } catch (error) {
    throw new RegisterUnreadable(`le navigateur refuse l’accès à son stockage local (${error.message})`);
  }
  if (text === null) return [];
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RegisterUnreadable(`la valeur enregistrée n’est pas du JSON (${error.message})`);
  }
  if (data?.version !== 1 || !Array.isArray(data.rows)) {
    throw new RegisterUnreadable(`attendu un registre de version\u00a01 avec sa liste de lignes, lu ${data?.version === undefined ? "une valeur sans version" : `la version ${JSON.stringify(data.version)}`}`);
  }
  return data.rows;
}

export function writeRegister(rows) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, rows }));
    return true;
  } catch {
    return false;
  }
}

export function localNow() {
  const now = new Date();
  const two = (n) => String(n).padStart(2, "0");
  return {
    date: `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`,
    time: `${two(now.getHours())}:${two(now.getMinutes())}`,
    year: now.getFullYear(),
  };
}

const CHANGES = new Set(["assign", "update", "remove", "import"]);
let queue = Promise.resolve();

// A row to change or remove is named by its index and its number: if the
// register changed meanwhile (another tab), the call is refused, not misapplied.
function rowAt(rows, index, number) {
  if (!Number.isInteger(index) || rows[index]?.number !== number) {
    throw new Error(`la ligne ${index + 1} ne porte plus le numéro «\u00a0${number}\u00a0»\u00a0: le registre a changé entre-temps (un autre onglet\u00a0?). Rouvrez la ligne.`);
  }
}

export function registerCall(op, args = {}) {
  const clock = localNow(); // when asked, not when Python is ready
  const run = async () => {
    let rows = readRegister();
    const { year, date } = clock;
    let pythonOp = op;
    let pythonArgs = { ...args };
    if (op === "update") rowAt(rows, args.index, args.number);
    if (op === "remove") {
      rowAt(rows, args.index, args.number);
      rows = rows.filter((_, index) => index !== args.index);
      pythonOp = "view";
      pythonArgs = {};
    }
    if (op === "assign") Object.assign(pythonArgs, { date: clock.date, time: clock.time });
    if (op === "export") pythonArgs.date = date;
    const answer = await python().call(`lrn.register.${pythonOp}`, { ...pythonArgs, rows, year });
    if (op === "remove") answer.ok = true;
    if (CHANGES.has(op) && answer.ok) {
      answer.stored = writeRegister(answer.view.rows);
    }
    return answer;
  };
  const result = queue.then(run);
  queue = result.catch(() => {});
  return result;
}

export async function proposeNext() {
  return (await registerCall("view")).view.proposal;
}

export function assignNext(number = null) {
  return registerCall("assign", { number });
}
