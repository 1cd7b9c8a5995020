// The fallback document (page « Document de secours », #document-secours):
// the inputs kept in local storage (nothing is sent anywhere), « Imprimer »,
// « Enregistrer dans un fichier » (a JSON download) and « Charger un fichier »
// (checked before anything is replaced: a damaged or foreign file leaves the
// form as it is), « Effacer ». A classic script, not a module: it works from
// a shared folder (file://) too, and it stays whole for that reason (a classic
// script cannot import the parts of a split one). The fields are read from the page itself
// (scripts/templates/fallback_document.html, from data/fallback-document.yaml).
//
// From the assistant's fallback end (« Préparer le document de secours »,
// document-de-secours.html#motif=<key>, the address gammaflow.assistant
// gives): a new document, the motif chosen, the fields marked
// data-prefill="now" set to the reader's clock, the LRN field
// (data-prefill="register") to the next number of the register
// (lrn-register.mjs, the number from gammaflow.lrn); each value so filled is
// marked « à vérifier » until the reader edits or confirms it. The previous
// document stays in local storage, and « Revenir au document précédent »
// brings it back.
//
// Printing: dates and times print as French readers write them (27/11/2026,
// 9 h 15), written by Python (gammaflow.runtime.french_values_json, in the
// site's one worker: python.mjs), never by the browser's date widget. Where
// Python cannot run (file://), the field itself prints, without its widget.
(function () {
  "use strict";

  var STORE = "gammaflow:document-secours";
  var PREVIOUS = "gammaflow:document-secours:precedent";
  var MARKER = "gammaflow-document-secours";
  var MAX_TEXT = 10000;
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var TIME = /^\d{2}:\d{2}(:\d{2})?$/;
  // Where this script is: python.mjs and lrn-register.mjs sit beside it.
  var HERE = document.currentScript ? document.currentScript.src : "";
  var TEXT = {
    review: "À vérifier\u00a0: rempli par le site.",
    confirm: "C’est exact",
    previous: "Revenir au document précédent",
    beforePrint: "Avant d’imprimer\u00a0: des rubriques restent marquées «\u00a0à vérifier\u00a0».",
    registerNone: "Le registre des numéros LRN n’a pas pu être lu ici\u00a0: saisissez le numéro vous-même",
  };

  function FallbackDocument(root) {
    this.root = root;
    this.form = root.querySelector(".fallback-document-form");
    this.status = root.querySelector(".fallback-document-status");
    this.alert = root.querySelector(".fallback-document-alert");
    this.register = root.querySelector(".fallback-document-register");
    this.version = Number(root.getAttribute("data-format")) || 1;
    this.listeners = [];
    this.frenchSeq = 0;
    this.french = Promise.resolve();
  }

  FallbackDocument.prototype.on = function (target, type, handler) {
    target.addEventListener(type, handler);
    this.listeners.push([target, type, handler]);
  };

  FallbackDocument.prototype.unmount = function () {
    this.listeners.forEach(function (entry) { entry[0].removeEventListener(entry[1], entry[2]); });
    this.listeners = [];
  };

  FallbackDocument.prototype.mount = function () {
    var self = this;
    this.restore();
    this.on(this.form, "input", function (event) {
      self.reviewed(event.target);
      self.store();
      self.printValues();
    });
    this.on(this.form, "change", function (event) {
      // Ticking a step dates it today, unless a date is already there.
      var box = event.target;
      if (box.type === "checkbox" && box.checked) {
        var date = box.closest(".fallback-document-check").querySelector('[data-part="date"]');
        if (date && !date.value) date.value = now().date;
      }
      self.reviewed(box);
      self.store();
      self.printValues();
    });
    this.on(this.form, "click", function (event) {
      var button = event.target.closest ? event.target.closest(".fallback-document-confirm") : null;
      if (!button) return;
      var field = button.closest("[data-review-of]");
      self.unmark(field.getAttribute("data-review-of"));
      self.store();
    });
    this.on(this.form, "submit", function (event) { event.preventDefault(); });
    this.root.querySelectorAll("[data-fallback-document]").forEach(function (control) {
      var action = control.getAttribute("data-fallback-document");
      if (action === "load") self.on(control, "change", function () { self.load(control); });
      else self.on(control, "click", function () { self[action](); });
    });
    this.on(this.status, "click", function (event) {
      if (event.target.closest && event.target.closest("[data-fallback-document-previous]")) self.backToPrevious();
    });
    if (this.register) {
      this.on(this.register, "click", function (event) {
        if (event.target.closest && event.target.closest("[data-fallback-document-assign]")) self.assign();
      });
    }
    this.fromAddress();
    this.printValues();
  };

  // ---- the form's data: {fields: {id: text or rows}, checklist: {id: {done, date, detail}}, review: [ids]}

  FallbackDocument.prototype.fields = function () {
    var found = {};
    this.form.querySelectorAll("[data-field]").forEach(function (element) {
      if (element.getAttribute("data-type") !== "box") found[element.getAttribute("data-field")] = element;
    });
    return found;
  };

  FallbackDocument.prototype.checks = function () {
    var found = {};
    this.form.querySelectorAll("[data-check]").forEach(function (element) {
      found[element.getAttribute("data-check")] = element;
    });
    return found;
  };

  function choiceValue(group) {
    var chosen = group.querySelector("input[type=radio]:checked");
    return chosen ? chosen.value : "";
  }

  // A table's rows, each {column id: text}, in the page's order.
  function linesValue(table) {
    return Array.prototype.map.call(table.querySelectorAll("tr[data-row]"), function (row) {
      var cells = {};
      row.querySelectorAll("[data-col]").forEach(function (input) { cells[input.getAttribute("data-col")] = input.value; });
      return cells;
    });
  }

  function columnsOf(table) {
    var first = table.querySelector("tr[data-row]");
    return Array.prototype.map.call(first ? first.querySelectorAll("[data-col]") : [], function (input) { return input.getAttribute("data-col"); });
  }

  FallbackDocument.prototype.read = function () {
    var fields = {};
    var all = this.fields();
    Object.keys(all).forEach(function (id) {
      var element = all[id];
      var type = element.getAttribute("data-type");
      fields[id] = type === "choice" ? choiceValue(element) : type === "lines" ? linesValue(element) : element.value;
    });
    var checklist = {};
    var checks = this.checks();
    Object.keys(checks).forEach(function (id) {
      var item = checks[id];
      checklist[id] = {
        done: item.querySelector('[data-part="done"]').checked,
        date: item.querySelector('[data-part="date"]').value,
        detail: item.querySelector('[data-part="detail"]').value,
      };
    });
    var review = Array.prototype.map.call(this.form.querySelectorAll("[data-review-of]"), function (mark) {
      return mark.getAttribute("data-review-of");
    });
    return { format: MARKER, version: this.version, fields: fields, checklist: checklist, review: review };
  };

  FallbackDocument.prototype.write = function (data) {
    var self = this;
    var all = this.fields();
    Object.keys(all).forEach(function (id) {
      var element = all[id];
      var type = element.getAttribute("data-type");
      var value = data.fields[id];
      if (type === "choice") {
        element.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = radio.value === value; });
      } else if (type === "lines") {
        var rows = Array.isArray(value) ? value : [];
        element.querySelectorAll("tr[data-row]").forEach(function (row, index) {
          row.querySelectorAll("[data-col]").forEach(function (input) {
            var cells = rows[index] || {};
            input.value = cells[input.getAttribute("data-col")] || "";
          });
        });
      } else {
        element.value = value || "";
      }
    });
    var checks = this.checks();
    Object.keys(checks).forEach(function (id) {
      var item = checks[id];
      var value = data.checklist[id] || { done: false, date: "", detail: "" };
      item.querySelector('[data-part="done"]').checked = value.done;
      item.querySelector('[data-part="date"]').value = value.date;
      item.querySelector('[data-part="detail"]').value = value.detail;
    });
    this.form.querySelectorAll("[data-review-of]").forEach(function (mark) { mark.remove(); });
    (data.review || []).forEach(function (id) { self.mark(id, ""); });
  };

  // A version 1 file (products as one text, a line per product) read as this
  // version: each line of the text in its own row's description (the extra
  // ones in the last row), nothing dropped.
  FallbackDocument.prototype.upgrade = function (data) {
    if (!data || typeof data !== "object" || data.format !== MARKER || data.version !== 1 || this.version !== 2) return data;
    var copy = JSON.parse(JSON.stringify(data));
    copy.version = 2;
    var table = this.fields().produits;
    var text = copy.fields && typeof copy.fields === "object" ? copy.fields.produits : undefined;
    if (table && typeof text === "string") {
      var count = table.querySelectorAll("tr[data-row]").length;
      var lines = text.split("\n").filter(function (line) { return line.trim(); });
      var rows = [];
      lines.forEach(function (line, index) {
        if (index < count) rows.push({ description: line });
        else rows[count - 1].description += "\n" + line;
      });
      copy.fields.produits = rows;
    }
    copy.upgraded = true;
    return copy;
  };

  // Why a parsed file is not one of our documents (a French sentence), or "".
  FallbackDocument.prototype.problem = function (data) {
    if (data === null || typeof data !== "object" || Array.isArray(data)) return "ce n’est pas un document enregistré par cette page";
    if (data.format !== MARKER) return "ce n’est pas un document de secours enregistré par cette page";
    if (data.version !== this.version) return "il a été enregistré par une autre version du modèle (version " + String(data.version).slice(0, 20) + ", cette page lit les versions 1 et " + this.version + ")";
    if (!data.fields || typeof data.fields !== "object" || Array.isArray(data.fields)) return "la liste des rubriques manque";
    var all = this.fields();
    var ids = Object.keys(data.fields);
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      var value = data.fields[id];
      if (!Object.prototype.hasOwnProperty.call(all, id)) return "la rubrique «\u00a0" + id.slice(0, 40) + "\u00a0» est inconnue de ce modèle";
      var type = all[id].getAttribute("data-type");
      if (type === "lines") {
        var why = linesProblem(all[id], value);
        if (why) return "la rubrique «\u00a0" + id + "\u00a0» " + why;
        continue;
      }
      if (typeof value !== "string" || value.length > MAX_TEXT) return "la rubrique «\u00a0" + id + "\u00a0» n’est pas un texte valable";
      if (value && type === "date" && !DATE.test(value)) return "la rubrique «\u00a0" + id + "\u00a0» n’est pas une date";
      if (value && type === "time" && !TIME.test(value)) return "la rubrique «\u00a0" + id + "\u00a0» n’est pas une heure";
      if (value && type === "choice" && !all[id].querySelector('input[value="' + CSS.escape(value) + '"]')) return "la rubrique «\u00a0" + id + "\u00a0» n’a pas une réponse prévue";
    }
    var checklist = data.checklist === undefined ? {} : data.checklist;
    if (!checklist || typeof checklist !== "object" || Array.isArray(checklist)) return "la liste de régularisation est illisible";
    var checks = this.checks();
    var steps = Object.keys(checklist);
    for (var j = 0; j < steps.length; j++) {
      var step = checklist[steps[j]];
      if (!Object.prototype.hasOwnProperty.call(checks, steps[j])) return "l’étape «\u00a0" + steps[j].slice(0, 40) + "\u00a0» est inconnue de ce modèle";
      if (!step || typeof step !== "object" || typeof step.done !== "boolean" || typeof step.date !== "string"
          || typeof step.detail !== "string" || step.detail.length > MAX_TEXT || (step.date && !DATE.test(step.date))) {
        return "l’étape «\u00a0" + steps[j] + "\u00a0» est illisible";
      }
    }
    var review = data.review === undefined ? [] : data.review;
    if (!Array.isArray(review) || !review.every(function (id) { return typeof id === "string" && Object.prototype.hasOwnProperty.call(all, id); })) {
      return "la liste des rubriques à vérifier est illisible";
    }
    return "";
  };

  function linesProblem(table, rows) {
    if (!Array.isArray(rows)) return "n’est pas un tableau de lignes";
    var count = table.querySelectorAll("tr[data-row]").length;
    if (rows.length > count) return "a " + rows.length + " lignes, ce modèle en a " + count;
    var columns = columnsOf(table);
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (!row || typeof row !== "object" || Array.isArray(row)) return "a une ligne illisible (ligne " + (i + 1) + ")";
      var keys = Object.keys(row);
      for (var k = 0; k < keys.length; k++) {
        if (columns.indexOf(keys[k]) < 0) return "a une colonne inconnue de ce modèle («\u00a0" + keys[k].slice(0, 40) + "\u00a0», ligne " + (i + 1) + ")";
        if (typeof row[keys[k]] !== "string" || row[keys[k]].length > MAX_TEXT) return "n’a pas un texte valable (ligne " + (i + 1) + ")";
      }
    }
    return "";
  }

  // ---- « à vérifier »: what the site filled, until the reader edits or confirms it

  FallbackDocument.prototype.fieldBox = function (id) {
    var element = this.fields()[id];
    if (!element) return null;
    return element.classList.contains("fallback-document-field") ? element : element.closest(".fallback-document-field");
  };

  // Mark a field as filled by the site; before: the value it replaced, if any.
  FallbackDocument.prototype.mark = function (id, before) {
    var box = this.fieldBox(id);
    if (!box || box.querySelector("[data-review-of]")) return;
    var mark = document.createElement("p");
    mark.className = "fallback-document-review fallback-document-screen";
    mark.id = "fallback-document-review-" + id;
    mark.setAttribute("data-review-of", id);
    var text = document.createElement("strong");
    text.textContent = TEXT.review;
    mark.append(text);
    if (before) mark.append(" Valeur précédente\u00a0: «\u00a0" + before + "\u00a0».");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button fallback-document-confirm";
    button.textContent = TEXT.confirm;
    mark.append(" ", button);
    var anchor = box.querySelector(".fallback-document-hint, .fallback-document-sources");
    box.insertBefore(mark, anchor);
    box.classList.add("is-review");
    var control = this.fields()[id];
    if (control.tagName === "INPUT" || control.tagName === "TEXTAREA") {
      var described = control.getAttribute("aria-describedby");
      control.setAttribute("aria-describedby", (described ? described + " " : "") + mark.id);
    }
  };

  FallbackDocument.prototype.unmark = function (id) {
    var box = this.fieldBox(id);
    if (!box) return;
    var mark = box.querySelector("[data-review-of]");
    if (!mark) return;
    var focusBack = mark.contains(document.activeElement);
    mark.remove();
    box.classList.remove("is-review");
    var control = this.fields()[id];
    var described = (control.getAttribute("aria-describedby") || "").split(" ").filter(function (each) { return each && each !== mark.id; });
    if (described.length) control.setAttribute("aria-describedby", described.join(" "));
    else control.removeAttribute("aria-describedby");
    if (focusBack) (control.matches("input, textarea") ? control : control.querySelector("input:checked, input")).focus();
  };

  // An edit by the reader confirms what they edited.
  FallbackDocument.prototype.reviewed = function (target) {
    var owner = target.closest ? target.closest("[data-field]") : null;
    if (owner) this.unmark(owner.getAttribute("data-field"));
  };

  // ---- arriving from the assistant: #motif=<key>

  FallbackDocument.prototype.fromAddress = function () {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var all = this.fields();
    var given = Object.keys(all).filter(function (id) {
      var element = all[id];
      return element.getAttribute("data-type") === "choice" && params.has(id)
        && element.querySelector('input[value="' + CSS.escape(params.get(id)) + '"]');
    });
    if (!given.length) return;
    // The address is used once: a reload keeps the reader's edits.
    history.replaceState(history.state, "", location.pathname + location.search);
    var self = this;
    var previous = this.read();
    var hadContent = hasContent(previous);
    if (hadContent) {
      try {
        localStorage.setItem(PREVIOUS, JSON.stringify(previous));
      } catch (error) {
        // Storage refused: the previous document cannot be kept, so it is not replaced.
        this.fail("Le document en cours n’a pas pu être mis de côté (stockage du navigateur refusé)\u00a0: il n’est pas remplacé. Enregistrez-le dans un fichier, effacez-le, puis revenez de l’assistant.");
        return;
      }
      this.write(kept(this, previous));
    }
    given.forEach(function (id) {
      all[id].querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = radio.value === params.get(id); });
      self.mark(id, "");
    });
    var clock = now();
    this.form.querySelectorAll('[data-prefill="now"]').forEach(function (input) {
      input.value = input.type === "date" ? clock.date : clock.time;
      self.mark(input.getAttribute("data-field"), "");
    });
    var lrn = this.form.querySelector('[data-prefill="register"]');
    this.store();
    this.say("Document préparé depuis l’assistant\u00a0: le motif, les dates et les heures sont remplis et marqués «\u00a0à vérifier\u00a0»"
      + (lrn ? "\u00a0; le numéro LRN suivant du registre est cherché (voir sous le numéro)" : "")
      + ". Indiquez le nom ou la référence de l’autorisation, puis vérifiez chaque rubrique.");
    if (hadContent) {
      var back = document.createElement("button");
      back.type = "button";
      back.className = "md-button fallback-document-previous";
      back.setAttribute("data-fallback-document-previous", "");
      back.textContent = TEXT.previous;
      this.status.append(" Le document qui était en cours est gardé\u00a0: ", back, " (l’expéditeur et le signataire sont repris).");
    }
    if (lrn) this.fillFromRegister(lrn);
    var reference = all.motif_reference;
    if (reference) reference.focus();
  };

  function hasContent(data) {
    var fields = Object.keys(data.fields).some(function (id) {
      var value = data.fields[id];
      return Array.isArray(value) ? value.some(function (row) { return Object.keys(row).some(function (k) { return row[k]; }); }) : Boolean(value);
    });
    var checks = Object.keys(data.checklist).some(function (id) { var c = data.checklist[id]; return c.done || c.date || c.detail; });
    return fields || checks;
  }

  // A new document from the previous one: the sections marked data-keep (the sender, the signatory) only.
  function kept(kit, data) {
    var fields = {};
    kit.form.querySelectorAll("[data-keep] [data-field]").forEach(function (element) {
      var id = element.getAttribute("data-field");
      if (Object.prototype.hasOwnProperty.call(data.fields, id)) fields[id] = data.fields[id];
    });
    return { fields: fields, checklist: {}, review: [] };
  }

  FallbackDocument.prototype.backToPrevious = function () {
    var data = null;
    try {
      data = JSON.parse(localStorage.getItem(PREVIOUS) || "null");
    } catch (error) {
      data = null;
    }
    if (!data || this.problem(data)) {
      this.fail("Le document précédent n’a pas pu être relu\u00a0: le formulaire n’a pas changé.");
      return;
    }
    this.write(fill(data));
    this.store();
    this.printValues();
    this.say("Le document précédent est revenu dans le formulaire.");
  };

  // The register's next number in the LRN field, marked « à vérifier », with
  // « Inscrire ce numéro au registre »; the register and the number are
  // lrn-register.mjs's and gammaflow.lrn's (next_from_register).
  FallbackDocument.prototype.fillFromRegister = function (input) {
    var self = this;
    var id = input.getAttribute("data-field");
    nextFromRegister().then(function (proposal) {
      if (!self.root.isConnected) return;
      if (proposal.value === null || proposal.value === undefined) {
        self.tell([proposal.explanation + " Aucun numéro n’a été rempli. ", registerLink("Ouvrir le registre (page Numéro LRN)"), "."]);
        return;
      }
      input.value = proposal.value;
      self.unmark(id);
      self.mark(id, "");
      self.store();
      var assign = document.createElement("button");
      assign.type = "button";
      assign.className = "md-button";
      assign.setAttribute("data-fallback-document-assign", "");
      assign.textContent = "Inscrire ce numéro au registre";
      self.tell([proposal.explanation + " ", assign]);
    }, function (error) {
      self.tell([TEXT.registerNone + " (" + error.message + ") ", registerLink("Registre de la page Numéro LRN"), "."]);
    });
  };

  // « Numéro suivant du registre »: the same, asked by the reader.
  FallbackDocument.prototype.fromRegister = function () {
    var input = this.form.querySelector('[data-prefill="register"]');
    if (input) this.fillFromRegister(input);
  };

  // « Inscrire ce numéro au registre »: the number in the field, attributed now
  // (lrn-register.mjs assignNext; gammaflow.lrn refuses a duplicate and says why).
  FallbackDocument.prototype.assign = function () {
    var self = this;
    var input = this.form.querySelector('[data-prefill="register"]');
    if (!input || !input.value.trim()) {
      this.tell(["Saisissez d’abord le numéro LRN."]);
      return;
    }
    var number = input.value.trim();
    load("lrn-register.mjs").then(function (register) { return register.assignNext(number); }).then(function (answer) {
      if (!self.root.isConnected) return;
      if (answer.ok) {
        self.unmark(input.getAttribute("data-field"));
        self.store();
        self.root.setAttribute("data-registered", number);
      }
      self.tell([(answer.message || (answer.ok ? "Numéro inscrit au registre." : "Le numéro n’a pas été inscrit.")) + " ", registerLink("Voir le registre"), "."]);
    }, function (error) {
      self.tell(["Le numéro n’a pas été inscrit au registre : " + error.message + ". ", registerLink("Registre de la page Numéro LRN"), "."]);
    });
  };

  FallbackDocument.prototype.tell = function (parts) {
    if (!this.register) return;
    this.register.replaceChildren.apply(this.register, parts);
  };

  function registerLink(text) {
    var link = document.createElement("a");
    link.href = "numero-lrn.html#registre";
    link.textContent = text;
    return link;
  }

  // ---- dates and times on paper, written by Python

  FallbackDocument.prototype.printValues = function () {
    var self = this;
    var values = {};
    var spans = {};
    this.form.querySelectorAll('input[type="date"], input[type="time"]').forEach(function (input, index) {
      var span = input.nextElementSibling;
      if (!span || !span.classList.contains("fallback-document-print")) return;
      var key = "v" + index;
      spans[key] = [input, span];
      if (input.value) values[key] = { type: input.type, value: input.value };
      else {
        span.textContent = "";
        span.parentElement.setAttribute("data-print", "blank");
      }
    });
    var seq = ++this.frenchSeq;
    if (!Object.keys(values).length) {
      this.french = Promise.resolve();
      return;
    }
    this.french = callPython("runtime.french", { values: values }).then(function (shown) {
      if (seq !== self.frenchSeq) return;
      Object.keys(values).forEach(function (key) {
        var input = spans[key][0];
        var span = spans[key][1];
        span.textContent = shown[key] || "";
        if (shown[key] && input.value === values[key].value) span.parentElement.setAttribute("data-print", "french");
        else span.parentElement.removeAttribute("data-print");
      });
    }, function () {
      // No Python here (file://, or it could not load): the fields print as they are.
      Object.keys(values).forEach(function (key) { spans[key][1].parentElement.removeAttribute("data-print"); });
    });
  };

  // ---- storage, file, print

  FallbackDocument.prototype.store = function () {
    try {
      localStorage.setItem(STORE, JSON.stringify(this.read()));
    } catch (error) {
      // Storage refused (private mode, quota): the form works without it.
    }
  };

  FallbackDocument.prototype.restore = function () {
    var data = null;
    try {
      data = this.upgrade(JSON.parse(localStorage.getItem(STORE) || "null"));
    } catch (error) {
      data = null;
    }
    if (data && !this.problem(data)) this.write(fill(data));
  };

  FallbackDocument.prototype.say = function (message) {
    this.alert.textContent = "";
    this.status.textContent = message;
  };

  FallbackDocument.prototype.fail = function (message) {
    this.status.textContent = "";
    this.alert.textContent = message;
  };

  FallbackDocument.prototype.print = function () {
    if (this.form.querySelector("[data-review-of]")) this.say(TEXT.beforePrint);
    // The dates written in French first (at most 3 s: printing never waits on a slow Python).
    var wait = new Promise(function (resolve) { setTimeout(resolve, 3000); });
    Promise.race([this.french, wait]).then(function () { window.print(); }, function () { window.print(); });
  };

  FallbackDocument.prototype.save = function () {
    var data = this.read();
    data.saved_at = new Date().toISOString();
    var blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    var lrn = (data.fields.lrn || "").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 30);
    link.href = url;
    link.download = "document-de-secours" + (lrn ? "-" + lrn : "") + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    this.say("Fichier «\u00a0" + link.download + "\u00a0» enregistré dans vos téléchargements. Gardez-le avec le document\u00a0: il servira à la saisie dans GAMMA\u00a02.");
  };

  FallbackDocument.prototype.load = function (input) {
    var self = this;
    var file = input.files && input.files[0];
    if (!file) return;
    input.value = "";
    var refuse = function (why) {
      self.fail("Le fichier «\u00a0" + file.name + "\u00a0» n’a pas été chargé\u00a0: " + why + ". Le formulaire n’a pas changé.");
    };
    if (file.size > 1000000) {
      refuse("il est trop volumineux pour un document de secours");
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var data;
      try {
        data = JSON.parse(String(reader.result));
      } catch (error) {
        refuse("il est endommagé ou ce n’est pas un fichier enregistré par cette page (JSON illisible)");
        return;
      }
      data = self.upgrade(data);
      var why = self.problem(data);
      if (why) {
        refuse(why);
        return;
      }
      self.write(fill(data));
      self.store();
      self.printValues();
      self.say("Fichier «\u00a0" + file.name + "\u00a0» chargé\u00a0: le formulaire reprend ses données."
        + (data.upgraded ? " Il vient d’une version précédente du modèle\u00a0: ses produits sont repris dans le tableau, une ligne par ligne de texte\u00a0; vérifiez-les." : ""));
    };
    reader.onerror = function () { refuse("il n’a pas pu être lu"); };
    reader.readAsText(file);
  };

  FallbackDocument.prototype.clear = function () {
    if (!window.confirm("Effacer toutes les rubriques du formulaire\u00a0? (Un fichier enregistré n’est pas touché.)")) return;
    try {
      localStorage.removeItem(STORE);
    } catch (error) {
      // nothing stored
    }
    this.form.reset();
    this.form.querySelectorAll(".lrn-result").forEach(function (output) { output.textContent = ""; });
    this.form.querySelectorAll("[data-review-of]").forEach(function (mark) { mark.remove(); });
    if (this.register) this.register.textContent = "";
    this.printValues();
    this.say("Formulaire effacé.");
  };

  function fill(data) {
    return { fields: data.fields || {}, checklist: data.checklist || {}, review: data.review || [] };
  }

  // The reader's clock, as the form's inputs want it (yyyy-mm-dd, hh:mm).
  function now() {
    var moment = new Date();
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return {
      date: moment.getFullYear() + "-" + pad(moment.getMonth() + 1) + "-" + pad(moment.getDate()),
      time: pad(moment.getHours()) + ":" + pad(moment.getMinutes()),
    };
  }

  // ---- the site's modules, from this classic script (they need a web server)

  function load(name) {
    if (!HERE || location.protocol === "file:") return Promise.reject(new Error("file://"));
    return import(new URL(name, HERE).href);
  }

  function callPython(op, args) {
    return load("python.mjs").then(function (module) { return module.python().call(op, args); });
  }

  // The register's proposal: {value (null if none), explanation, findings, new_series}.
  function nextFromRegister() {
    return load("lrn-register.mjs").then(function (register) { return register.proposeNext(); });
  }

  // ---- the « fiche réflexe » (docs/fiche-reflexe.md): « Imprimer la fiche »,
  // and the register's last number written on it when it is shown and printed.

  var sheetRefresh = null; // the shown sheet's, for the one « beforeprint » listener

  function mountSheet() {
    var sheet = document.getElementById("fiche-reflexe");
    if (!sheet) {
      sheetRefresh = null;
      return;
    }
    if (sheet.getAttribute("data-mounted")) return;
    sheet.setAttribute("data-mounted", "1");
    var value = sheet.querySelector("[data-register-last]");
    var note = sheet.querySelector("[data-register-note]");
    var blank = value.textContent;
    var done = Promise.resolve();
    sheetRefresh = function () {
      done = load("lrn-register.mjs").then(function (register) {
        var rows = register.readRegister();
        var last = rows.length ? rows[rows.length - 1] : null;
        value.textContent = last ? last.number : blank;
        note.textContent = last
          ? "(inscrit au registre de ce navigateur à l’impression de la fiche\u00a0; les suivants, à noter à la main)."
          : "(le registre de ce navigateur est vide\u00a0: à écrire à la main).";
      }, function () {
        // The register needs a web server (file://): the blank line and its note stay.
      }).catch(function () {
        value.textContent = blank;
        note.textContent = "(à écrire à la main\u00a0: le registre de ce navigateur n’a pas pu être lu).";
      });
      return done;
    };
    sheetRefresh();
    var button = document.querySelector("[data-fr-print]");
    if (button) button.addEventListener("click", function () { sheetRefresh().then(function () { window.print(); }); });
  }

  window.addEventListener("beforeprint", function () {
    if (sheetRefresh && document.getElementById("fiche-reflexe")) sheetRefresh();
  });

  // ---- mounting (mkdocs-material's instant navigation replaces the page's content)

  var mounted = null;

  function mount() {
    mountSheet();
    var root = document.getElementById("document-secours");
    if (mounted && mounted.root !== root) {
      mounted.unmount();
      mounted = null;
    }
    if (!root || root.getAttribute("data-mounted")) return;
    root.setAttribute("data-mounted", "1");
    mounted = new FallbackDocument(root);
    mounted.mount();
  }

  // document$ after every instant navigation; the page's own load as well,
  // for file:// (where the theme's document$ may never emit). mount() runs
  // once per page content (data-mounted).
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
