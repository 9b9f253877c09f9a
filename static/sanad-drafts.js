// Second line of defence for visit reports typed with a patchy connection: the server keeps
// a draft as the user types (htmx); this keeps one in the browser too, in case the server
// could not be reached, and restores it when it is newer than the server's.
(function () {
  "use strict";
  var PREFIX = "sanad-draft-";

  document.querySelectorAll('meta[name="sanad-clear-draft"]').forEach(function (meta) {
    localStorage.removeItem(PREFIX + meta.content);
  });

  var form = document.getElementById("visit-report");
  if (!form) { return; }
  var key = PREFIX + form.dataset.draftKey;
  // When the browser took the content the server keeps (milliseconds, this clock): a save
  // sent before the last keystrokes can reach the server after them, so the server's own
  // save time would make an older content look newer than this browser's copy.
  var serverSavedAt = parseInt(form.dataset.draftSaved || "0", 10);

  function snapshot() {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        fields[el.name + "=" + el.value] = el.checked;
      } else if (el.multiple) {
        fields[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        fields[el.name] = el.value;
      }
    });
    localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), fields: fields }));
  }

  function restore(fields) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        var k = el.name + "=" + el.value;
        if (k in fields) { el.checked = fields[k]; }
      } else if (el.multiple && Array.isArray(fields[el.name])) {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = fields[el.name].indexOf(o.value) !== -1;
        });
      } else if (el.name in fields && !el.value) {
        el.value = fields[el.name];
      }
    });
  }

  var stored = localStorage.getItem(key);
  if (stored && !form.querySelector(".is-invalid")) {
    try {
      var saved = JSON.parse(stored);
      if (saved.savedAt > serverSavedAt) { restore(saved.fields); }
    } catch (e) { localStorage.removeItem(key); }
  }
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt === form) { event.detail.parameters["draft_captured_at"] = String(Date.now()); }
  });
  form.addEventListener("input", snapshot);
  form.addEventListener("change", snapshot);
  // Once the report is sent, a draft save still waiting for its delay must not bring the
  // draft back on the server (it would reappear as an unsent report).
  var submitted = false;
  var waiting = false;  // sent without a network: waiting for it to come back
  var status = document.getElementById("draft-status");

  function say(text, failed) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("text-success", !failed);
    status.classList.toggle("text-danger", failed);
  }

  // A save that did not reach the server says so, rather than leaving the last "saved at".
  ["htmx:sendError", "htmx:responseError"].forEach(function (name) {
    document.body.addEventListener(name, function (event) {
      if (event.detail.elt === form) { say(waiting ? status.dataset.queued : status.dataset.offline, true); }
    });
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.elt === form) { say(status.textContent, false); }
  });
  // Without a network the browser would replace the form by its own error page: the report
  // waits here, kept on this device, and leaves as soon as the network is back.
  form.addEventListener("submit", function (event) {
    if (!navigator.onLine) {
      event.preventDefault();
      snapshot();
      waiting = true;
      say(status.dataset.queued, true);
      return;
    }
    submitted = true;
  });
  window.addEventListener("online", function () {
    if (waiting) {
      waiting = false;
      submitted = true;
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
  document.body.addEventListener("htmx:confirm", function (event) {
    if (submitted && event.detail.elt === form) { event.preventDefault(); }
  });
})();
