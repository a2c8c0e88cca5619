(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pmlevel-data").textContent);
  var lang = data.lang;
  // Ratings and notes by skill id live in Maps: a skill id such as "constructor" is a
  // key like any other, never something every object inherits.
  var state = { ratings: new Map(), notes: new Map(), subject: data.subject,
                role: data.rater.role, name: data.rater.name };
  // What the page was made with (pmlevel form --subject/--rater/--rater-name) is never
  // replaced by what a browser kept: another page may have written it.
  var fixedRole = data.rater.role !== "";
  // data.sender: the form is about the person who sends it, whose results name no one
  // (form --subject me); the page says so and saves no name, so that it merges with them.
  var fixedSubject = data.subject !== "" || data.sender === true;
  var fixedName = data.rater.name !== "";
  var known = new Set(data.skills);
  // Set once the answers are saved and the draft deleted; the next edit starts a new one.
  var draftCleared = false;

  function ui() { return data.texts[lang].ui; }
  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return own(values, key) ? String(values[key]) : whole;
    });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function onScale(value) {
    return typeof value === "number" && Math.floor(value) === value &&
      value >= data.scale.min && value <= data.scale.max;
  }
  // The draft this page kept (its key is this page's own: a nonce made with the file, the
  // subject, the role and the rater). Only what it may hold is taken from it.
  function load() {
    var kept = null;
    try {
      kept = JSON.parse(window.localStorage.getItem(data.storage_key) || "null");
    } catch (e) { /* private mode or a damaged entry: start afresh */ }
    if (!kept || typeof kept !== "object") { return false; }
    var ratings = kept.ratings && typeof kept.ratings === "object" ? kept.ratings : {};
    var notes = kept.notes && typeof kept.notes === "object" ? kept.notes : {};
    data.skills.forEach(function (id) {
      if (own(ratings, id) && (onScale(ratings[id]) || ratings[id] === null)) {
        state.ratings.set(id, ratings[id]);
      }
      if (own(notes, id) && typeof notes[id] === "string") { state.notes.set(id, notes[id]); }
    });
    if (typeof kept.lang === "string" && own(data.texts, kept.lang)) { lang = kept.lang; }
    if (!fixedRole && typeof kept.role === "string" && own(ui().roles, kept.role)) {
      state.role = kept.role;
    }
    if (!fixedName && typeof kept.name === "string") { state.name = kept.name; }
    if (!fixedSubject && typeof kept.subject === "string") { state.subject = kept.subject; }
    return true;
  }
  function entries(map) {
    var plain = Object.create(null);
    map.forEach(function (value, id) { if (known.has(id)) { plain[id] = value; } });
    return plain;
  }
  function keep() {
    if (draftCleared) { return; }  // saved: nothing new to keep until the next edit
    try {
      window.localStorage.setItem(data.storage_key, JSON.stringify({
        ratings: entries(state.ratings), notes: entries(state.notes), role: state.role,
        name: state.name, subject: state.subject, lang: lang }));
    } catch (e) { /* storage full or refused: the form still works */ }
  }
  function edited() { draftCleared = false; keep(); }
  function clearDraft() {
    try {
      window.localStorage.removeItem(data.storage_key);
    } catch (e) { return false; }
    draftCleared = true;
    return true;
  }
  // "Could not observe" (null) is an answer for every role but the person's own.
  function maySkip() { return data.may_skip.indexOf(state.role) >= 0 || state.role === ""; }
  function answered(id) {
    var rating = state.ratings.get(id);
    return typeof rating === "number" || (rating === null && maySkip());
  }
  function rated() { return data.skills.filter(answered); }
  function language(code) {
    return data.languages.filter(function (item) { return item.code === code; })[0];
  }
  function progress() {
    var node = document.getElementById("progress");
    if (node) { node.textContent = fill(ui().progress, { done: rated().length, total: data.skills.length }); }
  }
  function say(text, tone) {
    var node = document.getElementById("message");
    node.textContent = text;
    node.className = tone || "";
  }

  function render(focusId) {
    var u = ui();
    var texts = data.texts[lang];
    document.documentElement.lang = language(lang).tag;
    var app = document.getElementById("app");
    app.textContent = "";
    var heading = state.subject ? fill(u.title, { subject: state.subject })
      : (data.sender ? u.title_sender : u.title_nameless);
    document.title = heading;
    app.appendChild(el("h1", null, heading));
    app.appendChild(el("p", { "class": "intro" }, fill(u.intro, { model: u.model })));
    app.appendChild(el("p", { "class": "hint" }, u.keys));

    var top = el("div", { "class": "top" });
    // The language picker: every language the page carries, each named in itself.
    var languageLabel = el("label", null, u.language);
    var picker = el("select", { id: "language" });
    data.languages.forEach(function (item) {
      var option = el("option", { value: item.code, lang: item.tag }, item.name);
      if (item.code === lang) { option.selected = true; }
      picker.appendChild(option);
    });
    picker.addEventListener("change", function () {
      lang = picker.value; keep(); render("language");
    });
    languageLabel.appendChild(picker);
    top.appendChild(languageLabel);
    if (!fixedSubject) {
      var subjectLabel = el("label", null, u.subject);
      var subjectInput = el("input", { type: "text", id: "subject", autocomplete: "off" });
      subjectInput.value = state.subject;
      subjectInput.addEventListener("input", function () { state.subject = subjectInput.value; edited(); });
      subjectLabel.appendChild(subjectInput);
      top.appendChild(subjectLabel);
    }
    var roleLabel = el("label", null, u.rater_role);
    var roleSelect = el("select", { id: "role" });
    if (!state.role) { roleSelect.appendChild(el("option", { value: "" }, u.choose_role)); }
    Object.keys(u.roles).forEach(function (role) {
      var option = el("option", { value: role }, u.roles[role]);
      if (role === state.role) { option.selected = true; }
      roleSelect.appendChild(option);
    });
    roleSelect.addEventListener("change", function () {
      state.role = roleSelect.value; edited(); render("role");  // shows or hides "could not observe"
    });
    roleLabel.appendChild(roleSelect);
    top.appendChild(roleLabel);
    var nameLabel = el("label", null, u.rater_name);
    var nameInput = el("input", { type: "text", id: "rater-name", autocomplete: "name" });
    nameInput.value = state.name;
    nameInput.addEventListener("input", function () { state.name = nameInput.value; edited(); });
    nameLabel.appendChild(nameInput);
    top.appendChild(nameLabel);
    app.appendChild(top);

    var lastCategory = null;
    data.skills.forEach(function (id, index) {
      var skill = texts.skills[index];
      if (skill.category && skill.category !== lastCategory) {
        app.appendChild(el("h2", null, skill.category));
        lastCategory = skill.category;
      }
      var box = el("fieldset", { id: "skill-" + id, "data-skill": id });
      box.appendChild(el("legend", null, (index + 1) + "/" + data.skills.length + " · " + skill.name));
      if (skill.description) { box.appendChild(el("p", { "class": "desc" }, skill.description)); }
      for (var point = data.scale.min; point <= data.scale.max; point++) {
        var choiceId = "r-" + id + "-" + point;
        var choice = el("label", { "class": "choice", "for": choiceId });
        var radio = el("input", { type: "radio", name: "rating-" + id, id: choiceId, value: String(point) });
        if (state.ratings.get(id) === point) { radio.checked = true; }
        radio.addEventListener("change", (function (skillId, value) {
          return function () {
            state.ratings.set(skillId, value); edited(); progress();
            var box2 = document.getElementById("skill-" + skillId);
            if (box2) { box2.classList.remove("unrated-flag"); }
          };
        })(id, point));
        choice.appendChild(radio);
        choice.appendChild(el("span", { "class": "point" }, String(point)));
        choice.appendChild(el("span", { "class": "anchor" }, skill.anchors[String(point)] || ""));
        box.appendChild(choice);
      }
      if (maySkip()) {
        var noneId = "r-" + id + "-none";
        var unseen = el("label", { "class": "choice not-observed", "for": noneId });
        var none = el("input", { type: "radio", name: "rating-" + id, id: noneId, value: "" });
        if (state.ratings.get(id) === null) { none.checked = true; }
        none.addEventListener("change", (function (skillId) {
          return function () {
            state.ratings.set(skillId, null); edited(); progress();
            var box3 = document.getElementById("skill-" + skillId);
            if (box3) { box3.classList.remove("unrated-flag"); }
          };
        })(id));
        unseen.appendChild(none);
        unseen.appendChild(el("span", { "class": "point" }, "—"));
        var words = el("span", { "class": "anchor" });
        words.appendChild(el("strong", null, u.not_observed));
        words.appendChild(document.createTextNode(" · " + u.not_observed_hint));
        unseen.appendChild(words);
        box.appendChild(unseen);
      }
      var noteId = "note-" + id;
      box.appendChild(el("label", { "for": noteId, "class": "hint" }, u.note));
      var note = el("textarea", { id: noteId, rows: "2" });
      note.value = state.notes.get(id) || "";
      note.addEventListener("input", (function (skillId, area) {
        return function () { state.notes.set(skillId, area.value); edited(); };
      })(id, note));
      box.appendChild(note);
      app.appendChild(box);
    });

    var bar = el("div", { "class": "bar" });
    var save = el("button", { type: "button", id: "save" }, u.save);
    save.addEventListener("click", saveAnswers);
    bar.appendChild(save);
    bar.appendChild(el("span", { id: "progress" }));
    bar.appendChild(el("span", { id: "message", role: "status", "aria-live": "polite" }));
    app.appendChild(bar);
    progress();
    if (focusId) { var target = document.getElementById(focusId); if (target) { target.focus(); } }
  }

  function slug(text) {
    var kept = String(text || "").toLowerCase().replace(/[^0-9a-z\u00c0-\uffff]+/g, "-")
      .replace(/^-+|-+$/g, "");
    return kept || "me";
  }

  function saveAnswers() {
    var u = ui();
    var texts = data.texts[lang];
    var missing = data.skills.filter(function (id) { return !answered(id); });
    document.querySelectorAll("fieldset.unrated-flag").forEach(function (node) {
      node.classList.remove("unrated-flag");
    });
    if (missing.length) {
      var names = missing.map(function (id) { return texts.skills[data.skills.indexOf(id)].name; });
      missing.forEach(function (id) { document.getElementById("skill-" + id).classList.add("unrated-flag"); });
      say(fill(u.unrated, { count: missing.length, skills: names.join(u.list_separator) }), "bad");
      document.getElementById("r-" + missing[0] + "-" + data.scale.min).focus();
      return;
    }
    if (!state.role) {
      say(u.choose_role, "bad");
      document.getElementById("role").focus();
      return;
    }
    if (!data.skills.some(function (id) { return typeof state.ratings.get(id) === "number"; })) {
      say(u.nothing_rated, "bad");
      document.getElementById("r-" + data.skills[0] + "-" + data.scale.min).focus();
      return;
    }
    var answers = { ratings: Object.create(null), notes: Object.create(null) };
    data.skills.forEach(function (id) {
      answers.ratings[id] = state.ratings.get(id);
      var text = String(state.notes.get(id) || "").trim();
      if (text) { answers.notes[id] = text; }
    });
    var subject = (state.subject || "").trim();
    if (subject) { answers.subject = subject; }
    answers.rater = { role: state.role };
    var name = (state.name || "").trim();
    if (name) { answers.rater.name = name; }
    var file = slug(subject) + "-" + state.role + ".json";
    var blob = new Blob([JSON.stringify(answers, null, 2) + "\n"], { type: "application/json" });
    var link = el("a", { href: URL.createObjectURL(blob), download: file });
    document.body.appendChild(link);
    link.click();
    link.remove();
    // Saved: the draft goes, so whoever opens this page next in this browser (a shared
    // laptop) starts blank instead of seeing these ratings and notes.
    var said = fill(u.saved, { file: file });
    say(clearDraft() ? said + " " + u.draft_cleared : said, "good");
  }

  var restored = load();
  render();
  if (restored && rated().length) { say(fill(ui().kept, { done: rated().length, total: data.skills.length })); }
})();
