// List filters on a phone (templates/_filters.html): the first field stays in sight and the
// others fold behind "More filters" while none of them is in use, so that the list is not
// a screen of selects away. Without this script, or on a wider screen, all are shown.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 767.98px)");
  document.querySelectorAll(".sanad-filters[data-filters-in-use]").forEach(function (form) {
    var toggle = form.querySelector(".sanad-filters-toggle");
    if (!toggle || form.dataset.filtersInUse !== "0") {
      return;
    }
    function fold(folded) {
      form.classList.toggle("sanad-filters-folded", folded);
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    }
    toggle.parentElement.hidden = false;
    toggle.addEventListener("click", function () {
      fold(!form.classList.contains("sanad-filters-folded"));
    });
    fold(narrow.matches);
  });
})();
