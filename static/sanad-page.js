// After a refused submission, focus goes to the summary of errors at the top of the form
// (each of its lines links to its field), not to the start of the page.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var summary = document.querySelector(".sanad-error-summary");
  if (summary) { summary.focus(); }
});
