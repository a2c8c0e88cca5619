(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pmlevel-data").textContent);
  var lang = data.lang;
  var state = { ratings: {}, notes: {}, subject: data.subject, role: data.rater.role,
                name: data.rater.name };
  var fixedRole = data.rater.role !== "";
  // data.sender: the form is about the person who sends it, whose results name no one
  // (form --subject me); the page says so and saves no name, so that it merges with them.
  var fixedSubject = data.subject !== "" || data.sender === true;

  function ui() { return data.texts[lang].ui; }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function load() {
    try {
      var kept = JSON.parse(window.localStorage.getItem(data.storage_key) || "null");
      if (kept && typeof kept === "object") {
        ["ratings", "notes"].forEach(function (k) {
          if (kept[k] && typeof kept[k] === "object") { state[k] = kept[k]; }
        });
        if (!fixedRole && typeof kept.role === "string") { state.role = kept.role; }
        if (typeof kept.name === "string") { state.name = kept.name; }
        if (!fixedSubject && typeof kept.subject === "string") { state.subject = kept.subject; }
        if (kept.lang === "zh" || kept.lang === "en") { lang = kept.lang; }
        return true;
      }
    } catch (e) { /* private mode or a damaged entry: start afresh */ }
    return false;
  }
  function keep() {
    try {
      window.localStorage.setItem(data.storage_key, JSON.stringify({
        ratings: state.ratings, notes: state.notes, role: state.role, name: state.name,
        subject: state.subject, lang: lang }));
    } catch (e) { /* storage full or refused: the form still works */ }
  }
  function rated() { return data.skills.filter(function (id) { return state.ratings[id] !== undefined; }); }
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
    document.documentElement.lang = lang;
    var app = document.getElementById("app");
    app.textContent = "";
    var heading = state.subject ? fill(u.title, { subject: state.subject })
      : (data.sender ? u.title_sender : u.title_nameless);
    document.title = heading;
    app.appendChild(el("h1", null, heading));
    app.appendChild(el("p", { "class": "intro" }, fill(u.intro, { model: u.model })));
    app.appendChild(el("p", { "class": "hint" }, u.keys));

    var top = el("div", { "class": "top" });
    var switcher = el("button", { type: "button", id: "switch", "class": "secondary",
                                  lang: lang === "zh" ? "en" : "zh" }, u.switch);
    switcher.addEventListener("click", function () {
      lang = lang === "zh" ? "en" : "zh"; keep(); render("switch");
    });
    top.appendChild(switcher);
    if (!fixedSubject) {
      var subjectLabel = el("label", null, u.subject);
      var subjectInput = el("input", { type: "text", id: "subject", autocomplete: "off" });
      subjectInput.value = state.subject;
      subjectInput.addEventListener("input", function () { state.subject = subjectInput.value; keep(); });
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
    roleSelect.addEventListener("change", function () { state.role = roleSelect.value; keep(); });
    roleLabel.appendChild(roleSelect);
    top.appendChild(roleLabel);
    var nameLabel = el("label", null, u.rater_name);
    var nameInput = el("input", { type: "text", id: "rater-name", autocomplete: "name" });
    nameInput.value = state.name;
    nameInput.addEventListener("input", function () { state.name = nameInput.value; keep(); });
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
        if (state.ratings[id] === point) { radio.checked = true; }
        radio.addEventListener("change", (function (skillId, value) {
          return function () {
            state.ratings[skillId] = value; keep(); progress();
            var box2 = document.getElementById("skill-" + skillId);
            if (box2) { box2.classList.remove("unrated-flag"); }
          };
        })(id, point));
        choice.appendChild(radio);
        choice.appendChild(el("span", { "class": "point" }, String(point)));
        choice.appendChild(el("span", { "class": "anchor" }, skill.anchors[String(point)] || ""));
        box.appendChild(choice);
      }
      var noteId = "note-" + id;
      box.appendChild(el("label", { "for": noteId, "class": "hint" }, u.note));
      var note = el("textarea", { id: noteId, rows: "2" });
      note.value = state.notes[id] || "";
      note.addEventListener("input", (function (skillId, area) {
        return function () { state.notes[skillId] = area.value; keep(); };
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
    var missing = data.skills.filter(function (id) { return state.ratings[id] === undefined; });
    document.querySelectorAll("fieldset.unrated-flag").forEach(function (node) {
      node.classList.remove("unrated-flag");
    });
    if (missing.length) {
      var names = missing.map(function (id) { return texts.skills[data.skills.indexOf(id)].name; });
      missing.forEach(function (id) { document.getElementById("skill-" + id).classList.add("unrated-flag"); });
      say(fill(u.unrated, { count: missing.length, skills: names.join(lang === "zh" ? "、" : ", ") }), "bad");
      document.getElementById("r-" + missing[0] + "-" + data.scale.min).focus();
      return;
    }
    if (!state.role) {
      say(u.choose_role, "bad");
      document.getElementById("role").focus();
      return;
    }
    var answers = { ratings: {}, notes: {} };
    data.skills.forEach(function (id) {
      answers.ratings[id] = state.ratings[id];
      var text = (state.notes[id] || "").trim();
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
    say(fill(u.saved, { file: file }), "good");
  }

  var restored = load();
  render();
  if (restored && rated().length) { say(fill(ui().kept, { done: rated().length, total: data.skills.length })); }
})();
