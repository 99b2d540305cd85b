// Notes guard, live: while the administrative comment is typed, ask the
// server what the guard finds and show it, highlighted and explained.
// Builds the DOM with textContent only: the comment is never parsed as HTML.
(function () {
  "use strict";
  var panel = document.getElementById("guard-live");
  if (!panel) return;
  var field = document.getElementById(panel.dataset.field);
  var form = field && field.form;
  if (!field || !form) return;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timer = null;
  var lastText = null;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function highlighted(text, findings) {
    var p = el("p"), last = 0;
    p.appendChild(document.createTextNode("« "));
    findings.forEach(function (f) {
      if (f.start < last) return;
      p.appendChild(document.createTextNode(text.slice(last, f.start)));
      var mark = el("mark", text.slice(f.start, f.end));
      mark.title = f.label;
      p.appendChild(mark);
      last = f.end;
    });
    p.appendChild(document.createTextNode(text.slice(last) + " »"));
    return p;
  }

  function render(text, result) {
    panel.replaceChildren();
    if (!result.findings || result.findings.length === 0) {
      panel.hidden = true;
      return;
    }
    panel.appendChild(el("p", "Informations sensibles détectées : " +
      Object.values(result.labels).join(", ") + "."));
    panel.appendChild(highlighted(text, result.findings));
    var list = el("ul");
    result.findings.forEach(function (f) {
      var item = el("li");
      item.appendChild(el("strong", f.label));
      item.appendChild(document.createTextNode(" — « " + f.text + " » : " + f.explanation));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var move = el("button", "Déplacer vers le dossier médical et enregistrer");
    move.type = "submit";
    move.name = "guard_action";
    move.value = "move";
    panel.appendChild(move);
    panel.hidden = false;
  }

  function check() {
    var text = field.value;
    if (text === lastText) return;
    lastText = text;
    var body = new URLSearchParams({ text: text });
    fetch(panel.dataset.url, {
      method: "POST",
      headers: { "X-CSRFToken": token },
      body: body,
      credentials: "same-origin",
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (result) { if (result && field.value === text) render(text, result); })
      .catch(function () { /* the server-side check on save still applies */ });
  }

  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
  if (field.value && !document.getElementById("guard-result")) check();
})();
