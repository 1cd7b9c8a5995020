/* The « cas pratiques » in the presentation mode (docs/presentation.md,
 * scripts/templates/presentation_cases.html): a case as slides, added to the
 * presentation's deck (present.js, loaded before this file, which calls these
 * methods while a case is shown: this.practice is set).
 *
 * The situation, each question (the room chooses with 1 to 9; V or → reveals
 * the right answer and draws it; → again moves on), then what to remember.
 * The slides come rendered; the data (template#presentation-data's "cases",
 * compiled by gammaflow) says each question's place in the case's path and
 * the key it expects: this only compares keys.
 *
 * A classic script, like present.js: the mode works from file:// too.
 */
(function () {
  "use strict";

  var Deck = window.GammaPresentDeck;
  if (!Deck) return;

  Deck.prototype.practiceCase = function () { return this.data.cases[this.practice.index]; };

  Deck.prototype.practiceSlides = function () {
    var item = this.practiceCase();
    var base = "cas-" + item.id;
    return [base].concat(item.questions.map(function (_, q) { return base + "--q" + (q + 1); }), [base + "--fin"]);
  };

  Deck.prototype.practiceRoute = function (hash) {
    var match = /^#cas-([a-z0-9-]+)(?:\/(\d+))?$/.exec(hash);
    var index = match ? (this.data.cases || []).findIndex(function (item) { return item.id === match[1]; }) : -1;
    if (index < 0) return false;
    if (!this.practice || this.practice.index !== index) this.practice = { index: index, k: 0, revealed: {}, wrong: {} };
    this.scenario = null;
    this.practiceSet(match[2] ? Number(match[2]) - 1 : 0);
    return true;
  };

  Deck.prototype.practiceHash = function () {
    return "#cas-" + this.practiceCase().id + "/" + (this.practice.k + 1);
  };

  // Slide k, and the path the diagram shows there: up to the question, or
  // up to the answer once revealed; the whole path on the last slide.
  Deck.prototype.practiceSet = function (k) {
    var item = this.practiceCase();
    var slides = this.practiceSlides();
    k = Math.max(0, Math.min(slides.length - 1, k));
    this.practice.k = k;
    var question = item.questions[k - 1];
    var reach = k === 0 ? 0 : question ? question.index + (this.practice.revealed[k] ? 1 : 0) : item.nodes.length - 1;
    this.path = item.nodes.slice(0, reach + 1);
    this.keys = item.keys.slice(0, reach);
    this.sub = 0;
  };

  Deck.prototype.practiceGo = function (k, fresh) {
    if (fresh) { this.practice.revealed = {}; this.practice.wrong = {}; }
    if (k < 0) return this.say("Début du cas.");
    this.practiceSet(k);
    return this.show();
  };

  Deck.prototype.practiceNext = function () {
    var k = this.practice.k;
    if (this.practiceCase().questions[k - 1] && !this.practice.revealed[k]) return this.practiceReveal();
    if (k < this.practiceSlides().length - 1) return this.practiceGo(k + 1);
    return this.say("Fin du cas. R pour recommencer, S pour choisir un autre cas.");
  };

  Deck.prototype.practiceReveal = function () {
    var k = this.practice.k;
    if (!this.practiceCase().questions[k - 1]) return this.say("Pas de réponse à révéler sur cette diapositive.");
    this.practice.revealed[k] = true;
    this.practiceSet(k);
    this.show();
    var answer = this.current && this.current.querySelector(".present-case-answer");
    if (answer) this.say(answer.textContent.replace(/\s+/g, " ").trim());
  };

  // The room's choice: the right key reveals; another is said wrong, with where it leads.
  Deck.prototype.practiceChoose = function (index) {
    var k = this.practice.k;
    var question = this.practiceCase().questions[k - 1];
    var button = question && this.current ? this.current.querySelectorAll(".present-choice")[index] : null;
    if (!button) return this.say(question ? "Pas de réponse " + (index + 1) + " à cette question." : "Pas de question sur cette diapositive.");
    var key = button.getAttribute("data-key");
    if (key === question.expected) return this.practiceReveal();
    this.practice.wrong[k] = (this.practice.wrong[k] || []).concat([key]);
    this.practice.last = key;
    this.practiceMark();
    this.fit();
    var told = this.current.querySelector(".present-case-wrong[data-key='" + key + "']");
    this.say(told ? told.textContent.replace(/\s+/g, " ").trim() : "");
  };

  Deck.prototype.practiceMark = function () {
    var k = this.practice.k;
    var question = this.practiceCase().questions[k - 1];
    var slide = this.current;
    if (!question || !slide) return;
    var revealed = Boolean(this.practice.revealed[k]);
    var wrong = this.practice.wrong[k] || [];
    var last = this.practice.last;
    slide.querySelectorAll(".present-choice").forEach(function (button) {
      var key = button.getAttribute("data-key");
      button.classList.toggle("is-right", revealed && key === question.expected);
      button.classList.toggle("is-wrong", wrong.indexOf(key) >= 0);
    });
    slide.querySelectorAll(".present-case-wrong").forEach(function (told) {
      told.hidden = revealed || told.getAttribute("data-key") !== last || wrong.indexOf(last) < 0;
    });
    slide.querySelector(".present-case-answer").hidden = !revealed;
  };

  Deck.prototype.practiceBar = function (position) {
    var title = this.slides.querySelector("[data-slide='cas-" + this.practiceCase().id + "'] .present-title").textContent;
    this.where.textContent = "Cas pratique C" + (this.practice.index + 1) + "\u00a0: " + title;
    this.where.title = title;
    this.progress.textContent = "Étape " + position.k + " sur " + position.n;
    this.meter.style.width = (100 * position.k / position.n) + "%";
  };
})();
