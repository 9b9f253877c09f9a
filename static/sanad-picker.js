// The record picker (sanad/lib/widgets.py): typing two letters or more asks the server for a
// few matching records the user may see; choosing one adds a checked box (a radio button
// when only one may be chosen). Nothing leaves the form but the boxes.
(function () {
  "use strict";
  document.querySelectorAll(".sanad-picker").forEach(function (picker) {
    var search = picker.querySelector(".sanad-picker-search");
    var results = picker.querySelector(".sanad-picker-results");
    var chosen = picker.querySelector(".sanad-picker-chosen");
    var name = picker.dataset.pickerName;
    var type = picker.dataset.pickerType;
    var timer = null;
    var asked = 0;

    function choose(record) {
      if (type === "radio") {
        chosen.querySelectorAll("input").forEach(function (input) { input.checked = false; });
      }
      var existing = chosen.querySelector('input[value="' + record.id + '"]');
      if (existing) {
        existing.checked = true;
      } else {
        var id = "id_" + name + "_pick_" + record.id;
        var row = document.createElement("div");
        row.className = "form-check";
        var input = document.createElement("input");
        input.className = "form-check-input";
        input.type = type;
        input.name = name;
        input.value = record.id;
        input.id = id;
        input.checked = true;
        var label = document.createElement("label");
        label.className = "form-check-label";
        label.htmlFor = id;
        label.dir = "auto";
        label.textContent = record.label;
        row.appendChild(input);
        row.appendChild(label);
        chosen.appendChild(row);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
      results.replaceChildren();
      search.value = "";
      search.focus();
    }

    function show(records) {
      results.replaceChildren();
      records.forEach(function (record) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "list-group-item list-group-item-action";
        button.dir = "auto";
        button.textContent = record.label;
        button.addEventListener("click", function () { choose(record); });
        results.appendChild(button);
      });
      if (!records.length) {
        var none = document.createElement("div");
        none.className = "list-group-item text-body-secondary";
        none.textContent = picker.dataset.pickerNone || "—";
        results.appendChild(none);
      }
    }

    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    search.addEventListener("input", function () {
      clearTimeout(timer);
      var q = search.value.trim();
      if (q.length < 2) { results.replaceChildren(); return; }
      timer = setTimeout(function () {
        var mine = ++asked;
        var url = new URL(picker.dataset.pickerUrl, window.location.href);
        url.searchParams.set("q", q);
        fetch(url, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { if (mine === asked) { show(data.results); } })
          .catch(function () { results.replaceChildren(); });
      }, 250);
    });
  });
})();
