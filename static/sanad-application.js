// An application to a call is typed over several visits, often on a patchy connection:
// every change is sent to the server (debounced), and a copy is kept in the browser and
// restored after a reload when it is newer than what the server has.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form || !form.dataset.autosave) { return; }
  var key = "sanad-draft-" + form.dataset.draftKey;
  var serverSavedAt = parseInt(form.dataset.draftSaved || "0", 10) * 1000;
  var status = document.getElementById("autosave-status");
  var timer = null;

  function fields() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name + "=" + el.value] = el.checked;
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function restore(values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        var k = el.name + "=" + el.value;
        if (k in values) { el.checked = values[k]; }
      } else if (el.name in values) {
        el.value = values[el.name];
      }
    });
  }

  function send() {
    var body = new FormData(form);
    body.delete("action");
    fetch(form.dataset.autosave, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (status && data.message) { status.textContent = data.message; } })
      .catch(function () {
        if (status) { status.textContent = status.dataset.offline || ""; }
      });
  }

  function changed() {
    localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), fields: fields() }));
    clearTimeout(timer);
    timer = setTimeout(send, 800);
  }

  var stored = localStorage.getItem(key);
  if (stored) {
    try {
      var saved = JSON.parse(stored);
      if (saved.savedAt > serverSavedAt) { restore(saved.fields); send(); }
    } catch (e) { localStorage.removeItem(key); }
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
})();
