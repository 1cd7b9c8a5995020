/* The « cas pratiques » page (docs/cas-pratiques.md).
 *
 * A classic script, not a module: Chromium refuses module scripts from
 * file://, and the cases must work from a shared folder. No Pyodide either:
 * gammaflow walked each case on the procedure at build time and compiled, for
 * each question, the answers offered and the key expected
 * (template#cases-data, gammaflow._cases.page_data); every text shown is
 * already in the page (scripts/templates/cases.html). This script shows one
 * case and one question at a time, compares the key chosen with the key
 * compiled, reveals the texts and draws the path (diagram-trace.js).
 *
 * Progress (the score of each case done) stays in this browser only
 * (localStorage), with a button to clear it.
 */
(function () {
  "use strict";

  var PROGRESS = "gamma2-cas-pratiques";
  var NBSP = "\u00a0";
  var mounted = null;

  function readProgress() {
    try { return JSON.parse(window.localStorage.getItem(PROGRESS) || "{}") || {}; } catch (error) { return {}; }
  }
  function writeProgress(value) {
    try {
      if (value === null) window.localStorage.removeItem(PROGRESS); else window.localStorage.setItem(PROGRESS, JSON.stringify(value));
      return true;
    } catch (error) { return false; } // private mode, quota: the page works without
  }

  function Cases(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector("#cases-data").content.textContent);
    this.byId = {};
    this.data.cases.forEach(function (item, index) { item.number = index + 1; this.byId[item.id] = item; }, this);
    this.sections = {};
    root.querySelectorAll(".case[data-case]").forEach(function (section) { this.sections[section.getAttribute("data-case")] = section; }, this);
    this.select = root.querySelector("#cases-choice");
    this.status = root.querySelector(".cases-status");
    this.figure = document.getElementById("logigramme-figure");
    this.svg = this.figure ? this.figure.querySelector("svg") : null;
    this.current = null;
    this.bind();
    root.classList.add("is-live");
    root.querySelectorAll(".cases-bar, .case-q__answers, .case__score, .case__tools").forEach(function (part) { part.hidden = false; });
    if (this.figure) {
      this.figure.querySelector(".flow-diagram__tools").hidden = false;
      window.GammaDiagram.follow(this.figure);
    }
    this.showProgress();
    var fromHash = /^#cas-([a-z0-9-]+)$/.exec(location.hash);
    this.open(fromHash && this.byId[fromHash[1]] ? fromHash[1] : this.data.cases[0].id, false);
  }

  Cases.prototype.bind = function () {
    var self = this;
    this.onClick = function (event) {
      var answer = event.target.closest(".case-q__answer");
      if (answer && self.root.contains(answer)) { self.answer(answer); return; }
      if (event.target.closest(".cases-random")) { self.random(); return; }
      if (event.target.closest(".cases-clear")) { self.clear(); return; }
      if (event.target.closest(".case-restart")) { self.open(self.current.id, true); return; }
      if (event.target.closest(".case-next")) { self.open(self.data.cases[self.current.number % self.data.cases.length].id, true); return; }
      if (event.target.closest(".case-print")) { window.print(); return; }
      var sheet = event.target.closest(".cases-sheet");
      if (sheet) { self.printSheet(sheet.getAttribute("data-sheet")); return; }
      if (event.target.closest(".case-copy")) { self.copy(); return; }
      var link = event.target.closest("a[href^='#cas-']");
      if (link && self.byId[link.hash.slice(5)]) { event.preventDefault(); self.open(link.hash.slice(5), true); }
    };
    this.onChange = function () { self.open(self.select.value, true); };
    this.root.addEventListener("click", this.onClick);
    this.select.addEventListener("change", this.onChange);
  };

  Cases.prototype.destroy = function () {
    this.root.removeEventListener("click", this.onClick);
    this.select.removeEventListener("change", this.onChange);
  };

  Cases.prototype.say = function (message) {
    var status = this.status;
    status.textContent = "";
    window.requestAnimationFrame(function () { status.textContent = message; });
  };

  /* ---- One case ---- */

  // Open a case at its first question (focus: its title when the reader chose it).
  Cases.prototype.open = function (id, focus) {
    var item = this.byId[id];
    this.current = item;
    this.step = 0;
    this.firstTry = [];
    this.tries = 0;
    this.select.value = id;
    Object.keys(this.sections).forEach(function (other) { this.sections[other].hidden = other !== id; }, this);
    var section = this.sections[id];
    section.querySelectorAll(".case-q").forEach(function (question) {
      question.classList.remove("is-done");
      question.querySelectorAll(".case-q__answer").forEach(function (button) {
        button.disabled = false;
        button.classList.remove("is-right", "is-wrong");
        button.removeAttribute("aria-describedby");
      });
      question.querySelector(".case-q__feedback").hidden = true;
      question.querySelectorAll(".case-q__wrong").forEach(function (wrong) { wrong.hidden = true; });
      question.querySelector(".case-q__reveal").open = false;
    });
    var end = section.querySelector(".case__end");
    end.open = false;
    end.classList.remove("is-done");
    section.querySelector(".case__score").textContent = "";
    // The address names the case the reader chose (never the one opened by default on arrival).
    if ((focus || location.hash) && location.hash !== "#cas-" + id) history.replaceState(history.state, "", "#cas-" + id);
    this.showStep();
    if (focus) section.querySelector(".case__title").focus();
  };

  // Show the questions answered and the current one; draw the path so far.
  Cases.prototype.showStep = function () {
    var item = this.current;
    var section = this.sections[item.id];
    var step = this.step;
    section.querySelectorAll(".case-q").forEach(function (question, index) {
      question.hidden = index > step;
      question.classList.toggle("is-current", index === step);
    });
    var finished = step >= item.questions.length;
    section.querySelector(".case__end").hidden = !finished;
    this.trace(finished ? item.diagram : item.questions[step].diagram, finished);
  };

  Cases.prototype.answer = function (button) {
    var item = this.current;
    var question = button.closest(".case-q");
    var index = Number(question.getAttribute("data-question"));
    if (index !== this.step || button.disabled) return;
    var key = button.getAttribute("data-key");
    var expected = item.questions[index].expected; // compiled by gammaflow: the key the procedure takes here
    var feedback = question.querySelector(".case-q__feedback");
    question.querySelectorAll(".case-q__wrong").forEach(function (wrong) { wrong.hidden = wrong.getAttribute("data-key") !== key; });
    if (key !== expected) {
      this.tries += 1;
      button.classList.add("is-wrong");
      feedback.hidden = false;
      var told = feedback.querySelector(".case-q__wrong[data-key='" + key + "']");
      if (told) {
        if (!told.id) told.id = question.id + "-non-" + key;
        button.setAttribute("aria-describedby", told.id);
        this.say(told.textContent.replace(/\s+/g, " ").trim() + " Essayez une autre réponse.");
      }
      return;
    }
    this.firstTry[index] = this.tries === 0;
    this.tries = 0;
    feedback.hidden = true;
    question.querySelectorAll(".case-q__answer").forEach(function (other) {
      other.disabled = true;
      other.removeAttribute("aria-describedby");
    });
    button.classList.add("is-right");
    button.classList.remove("is-wrong");
    question.classList.add("is-done");
    var reveal = question.querySelector(".case-q__reveal");
    reveal.open = true;
    this.step = index + 1;
    this.showStep();
    var right = reveal.textContent.replace(/\s+/g, " ").replace(/^Voir la réponse /, "").trim();
    if (this.step < item.questions.length) {
      this.say("Exact. " + right);
      var next = this.sections[item.id].querySelectorAll(".case-q")[this.step];
      next.querySelector(".case-q__title").focus();
    } else {
      this.finish(right);
    }
  };

  Cases.prototype.finish = function (right) {
    var item = this.current;
    var section = this.sections[item.id];
    var total = item.questions.length;
    var score = this.firstTry.filter(Boolean).length;
    var words = "Score" + NBSP + ": " + score + " sur " + total + (score > 1 ? " bonnes réponses" : " bonne réponse") + " du premier coup.";
    var end = section.querySelector(".case__end");
    end.querySelector(".case__score").textContent = words;
    end.classList.add("is-done");
    end.open = true;
    var progress = readProgress();
    var before = progress[item.id];
    progress[item.id] = { score: score, total: total, best: Math.max(score, before && before.best ? before.best : 0) };
    writeProgress(progress);
    this.showProgress();
    this.say("Exact. " + right + " Fin du cas. " + words);
    end.querySelector("summary").focus();
  };

  /* ---- The diagram ---- */

  Cases.prototype.trace = function (diagram, finished) {
    if (!this.svg || !window.GammaDiagram) return;
    var trace = {};
    Object.keys(diagram).forEach(function (name) { trace[name] = diagram[name]; });
    trace.here = finished ? "Fin du cas" : "Question";
    window.GammaDiagram.draw(this.svg, trace);
    var where = this.figure.querySelector(".flow-diagram__where");
    var item = this.current;
    where.textContent = "Cas " + item.number + (finished ? NBSP + ": le chemin complet." : ", question " + (this.step + 1) + " sur " + item.questions.length + ".");
    window.GammaDiagram.centre(this.figure);
  };

  // The diagram follows the case at its own size; « Voir tout le schéma » shrinks it to the column.
  /* ---- Printed sheets (A4): the trainee's, the trainer's ---- */

  // The case shown, every question at once: for trainees the situation and
  // the questions with room to answer; for the trainer the answers, the
  // reasons, the path and what to remember (cases.css, html[data-cases-print]).
  Cases.prototype.printSheet = function (kind) {
    var root = document.documentElement;
    var details = Array.prototype.slice.call(this.sections[this.current.id].querySelectorAll("details"));
    var before = details.map(function (item) { return item.open; });
    var restore = function () {
      window.removeEventListener("afterprint", restore);
      root.removeAttribute("data-cases-print");
      details.forEach(function (item, index) { item.open = before[index]; });
    };
    root.setAttribute("data-cases-print", kind);
    details.forEach(function (item) { item.open = kind === "formateur"; });
    window.addEventListener("afterprint", restore);
    window.print();
  };

  /* ---- Progress, choice, copy ---- */

  Cases.prototype.showProgress = function () {
    var progress = readProgress();
    var done = 0;
    this.data.cases.forEach(function (item) {
      var record = progress[item.id];
      var mark = this.root.querySelector(".cases-list__done[data-case='" + item.id + "']");
      var option = this.select.querySelector("option[value='" + item.id + "']");
      var label = item.number + ". " + this.sections[item.id].querySelector(".case__title").textContent.replace(/^Cas \d+\s*:\s*/, "");
      if (record) {
        done += 1;
        if (mark) mark.textContent = " — fait" + NBSP + ": " + record.score + " sur " + record.total + " du premier coup";
        option.textContent = label + " (fait" + NBSP + ": " + record.score + "/" + record.total + ")";
      } else {
        if (mark) mark.textContent = "";
        option.textContent = label;
      }
    }, this);
    this.root.querySelector(".cases-progress").textContent = done
      ? "Cas faits" + NBSP + ": " + done + " sur " + this.data.cases.length + " (gardé dans ce navigateur seulement)."
      : "Aucun cas fait pour l’instant.";
    this.root.querySelector(".cases-clear").hidden = !done;
  };

  Cases.prototype.clear = function () {
    writeProgress(null);
    this.showProgress();
    this.say("Progression effacée de ce navigateur.");
    this.select.focus();
  };

  // A case at random, one not done yet when there is one (never the one shown, when there are others).
  Cases.prototype.random = function () {
    var progress = readProgress();
    var current = this.current;
    var others = this.data.cases.filter(function (item) { return item !== current; });
    var fresh = others.filter(function (item) { return !progress[item.id]; });
    var pool = fresh.length ? fresh : (others.length ? others : this.data.cases);
    this.open(pool[Math.floor(Math.random() * pool.length)].id, true);
  };

  // The result as plain text, to paste into a message or a report.
  Cases.prototype.copy = function () {
    var section = this.sections[this.current.id];
    var clean = function (element) { return element.textContent.replace(/[ \t\r\n]+/g, " ").trim(); }; // no-break spaces kept
    var lines = [clean(section.querySelector(".case__title")), clean(section.querySelector(".case__score")), "", "Le chemin" + NBSP + ":"];
    section.querySelectorAll(".case__path li").forEach(function (row, index) { lines.push((index + 1) + ". " + clean(row)); });
    lines.push("", "À retenir" + NBSP + ":");
    section.querySelectorAll(".case__teaching li").forEach(function (point) { lines.push("- " + clean(point)); });
    var text = lines.join("\n");
    var self = this;
    var fallback = function () {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "cases-copy-area";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      area.remove();
      self.say(done ? "Résultat copié." : "La copie n’a pas abouti" + NBSP + ": sélectionnez le texte du chemin et copiez-le.");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { self.say("Résultat copié."); }, fallback);
    } else {
      fallback();
    }
  };

  /* ---- Mounting ---- */

  function mount() {
    var root = document.getElementById("exercices");
    if (mounted && mounted.root !== root) { mounted.destroy(); mounted = null; }
    if (root && !mounted && root.querySelector("#cases-data")) mounted = new Cases(root);
  }

  // Mount once the page is parsed, and again each time instant navigation
  // swaps the content (document$); from file:// only the first applies.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
})();
