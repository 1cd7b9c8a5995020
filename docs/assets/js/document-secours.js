// The fallback document (page « Document de secours », #document-secours):
// the inputs kept in local storage (nothing is sent anywhere), « Imprimer »,
// « Enregistrer dans un fichier » (a JSON download) and « Charger un fichier »
// (checked before anything is replaced: a damaged or foreign file leaves the
// form as it is), « Effacer ». A classic script, not a module: it works from
// a shared folder (file://) too. The fields are read from the page itself
// (scripts/templates/fallback_document.html, from data/document-secours.yaml).
(function () {
  "use strict";

  var STORE = "gammaflow:document-secours";
  var MARKER = "gammaflow-document-secours";
  var MAX_TEXT = 10000;
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var TIME = /^\d{2}:\d{2}(:\d{2})?$/;

  function Kit(root) {
    this.root = root;
    this.form = root.querySelector(".fd-form");
    this.status = root.querySelector(".fd-status");
    this.alert = root.querySelector(".fd-alert");
    this.version = Number(root.getAttribute("data-format")) || 1;
    this.listeners = [];
  }

  Kit.prototype.on = function (target, type, handler) {
    target.addEventListener(type, handler);
    this.listeners.push([target, type, handler]);
  };

  Kit.prototype.unmount = function () {
    this.listeners.forEach(function (entry) { entry[0].removeEventListener(entry[1], entry[2]); });
    this.listeners = [];
  };

  Kit.prototype.mount = function () {
    var self = this;
    this.restore();
    this.on(this.form, "input", function () { self.store(); });
    this.on(this.form, "change", function (event) {
      // Ticking a step dates it today, unless a date is already there.
      var box = event.target;
      if (box.type === "checkbox" && box.checked) {
        var date = box.closest(".fd-check").querySelector('[data-part="date"]');
        if (date && !date.value) date.value = today();
      }
      self.store();
    });
    this.on(this.form, "submit", function (event) { event.preventDefault(); });
    this.root.querySelectorAll("[data-fd]").forEach(function (control) {
      var action = control.getAttribute("data-fd");
      if (action === "load") self.on(control, "change", function () { self.load(control); });
      else self.on(control, "click", function () { self[action](); });
    });
  };

  // ---- the form's data: {fields: {id: text}, checklist: {id: {done, date, detail}}}

  Kit.prototype.fields = function () {
    var found = {};
    this.form.querySelectorAll("[data-field]").forEach(function (element) {
      found[element.getAttribute("data-field")] = element;
    });
    return found;
  };

  Kit.prototype.checks = function () {
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

  Kit.prototype.read = function () {
    var fields = {};
    var all = this.fields();
    Object.keys(all).forEach(function (id) {
      var element = all[id];
      fields[id] = element.getAttribute("data-type") === "choice" ? choiceValue(element) : element.value;
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
    return { format: MARKER, version: this.version, fields: fields, checklist: checklist };
  };

  Kit.prototype.write = function (data) {
    var all = this.fields();
    Object.keys(all).forEach(function (id) {
      var element = all[id];
      var value = data.fields[id] || "";
      if (element.getAttribute("data-type") === "choice") {
        element.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = radio.value === value; });
      } else {
        element.value = value;
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
  };

  // Why a parsed file is not one of our documents (a French sentence), or "".
  Kit.prototype.problem = function (data) {
    if (data === null || typeof data !== "object" || Array.isArray(data)) return "ce n'est pas un document enregistré par cette page";
    if (data.format !== MARKER) return "ce n'est pas un document de secours enregistré par cette page";
    if (data.version !== this.version) return "il a été enregistré par une autre version du modèle (version " + String(data.version).slice(0, 20) + ", cette page lit la version " + this.version + ")";
    if (!data.fields || typeof data.fields !== "object" || Array.isArray(data.fields)) return "la liste des rubriques manque";
    var all = this.fields();
    var ids = Object.keys(data.fields);
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      var value = data.fields[id];
      if (!Object.prototype.hasOwnProperty.call(all, id)) return "la rubrique « " + id.slice(0, 40) + " » est inconnue de ce modèle";
      if (typeof value !== "string" || value.length > MAX_TEXT) return "la rubrique « " + id + " » n'est pas un texte valable";
      var type = all[id].getAttribute("data-type");
      if (value && type === "date" && !DATE.test(value)) return "la rubrique « " + id + " » n'est pas une date";
      if (value && type === "time" && !TIME.test(value)) return "la rubrique « " + id + " » n'est pas une heure";
      if (value && type === "choice" && !all[id].querySelector('input[value="' + CSS.escape(value) + '"]')) return "la rubrique « " + id + " » n'a pas une réponse prévue";
    }
    var checklist = data.checklist === undefined ? {} : data.checklist;
    if (!checklist || typeof checklist !== "object" || Array.isArray(checklist)) return "la liste de régularisation est illisible";
    var checks = this.checks();
    var steps = Object.keys(checklist);
    for (var j = 0; j < steps.length; j++) {
      var step = checklist[steps[j]];
      if (!Object.prototype.hasOwnProperty.call(checks, steps[j])) return "l'étape « " + steps[j].slice(0, 40) + " » est inconnue de ce modèle";
      if (!step || typeof step !== "object" || typeof step.done !== "boolean" || typeof step.date !== "string"
          || typeof step.detail !== "string" || step.detail.length > MAX_TEXT || (step.date && !DATE.test(step.date))) {
        return "l'étape « " + steps[j] + " » est illisible";
      }
    }
    return "";
  };

  // ---- storage, file, print

  Kit.prototype.store = function () {
    try {
      localStorage.setItem(STORE, JSON.stringify(this.read()));
    } catch (error) {
      // Storage refused (private mode, quota): the form works without it.
    }
  };

  Kit.prototype.restore = function () {
    var data = null;
    try {
      data = JSON.parse(localStorage.getItem(STORE) || "null");
    } catch (error) {
      data = null;
    }
    if (data && !this.problem(data)) this.write(fill(data));
  };

  Kit.prototype.say = function (message) {
    this.alert.textContent = "";
    this.status.textContent = message;
  };

  Kit.prototype.fail = function (message) {
    this.status.textContent = "";
    this.alert.textContent = message;
  };

  Kit.prototype.print = function () {
    window.print();
  };

  Kit.prototype.save = function () {
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
    this.say("Fichier « " + link.download + " » enregistré dans vos téléchargements. Gardez-le avec le document : il servira à la saisie dans GAMMA 2.");
  };

  Kit.prototype.load = function (input) {
    var self = this;
    var file = input.files && input.files[0];
    if (!file) return;
    input.value = "";
    var refuse = function (why) {
      self.fail("Le fichier « " + file.name + " » n'a pas été chargé : " + why + ". Le formulaire n'a pas changé.");
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
        refuse("il est endommagé ou ce n'est pas un fichier enregistré par cette page (JSON illisible)");
        return;
      }
      var why = self.problem(data);
      if (why) {
        refuse(why);
        return;
      }
      self.write(fill(data));
      self.store();
      self.say("Fichier « " + file.name + " » chargé : le formulaire reprend ses données.");
    };
    reader.onerror = function () { refuse("il n'a pas pu être lu"); };
    reader.readAsText(file);
  };

  Kit.prototype.clear = function () {
    if (!window.confirm("Effacer toutes les rubriques du formulaire ? (Un fichier enregistré n'est pas touché.)")) return;
    try {
      localStorage.removeItem(STORE);
    } catch (error) {
      // nothing stored
    }
    this.form.reset();
    this.form.querySelectorAll(".lrn-result").forEach(function (output) { output.textContent = ""; });
    this.say("Formulaire effacé.");
  };

  function fill(data) {
    return { fields: data.fields || {}, checklist: data.checklist || {} };
  }

  function today() {
    var now = new Date();
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  // ---- mounting (mkdocs-material's instant navigation replaces the page's content)

  var mounted = null;

  function mount() {
    var root = document.getElementById("document-secours");
    if (mounted && mounted.root !== root) {
      mounted.unmount();
      mounted = null;
    }
    if (!root || root.getAttribute("data-mounted")) return;
    root.setAttribute("data-mounted", "1");
    mounted = new Kit(root);
    mounted.mount();
  }

  // document$ after every instant navigation; the page's own load as well,
  // for file:// (where the theme's document$ may never emit). mount() runs
  // once per page content (data-mounted).
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
