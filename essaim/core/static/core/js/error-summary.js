// Error summary (core/includes/error_summary.html): after a failed submission, focus goes to the
// summary so that it is read first; its links put focus in the field they name (a bare #anchor
// only scrolls) and show the field's label or legend with it.
(function () {
  "use strict";

  function focusable(target) {
    if (target.matches("input, select, textarea")) {
      return target;
    }
    // Radios and checkbox lists: the link names the group, focus goes to its first choice.
    return target.querySelector("input:not([type=hidden]), select, textarea");
  }

  function caption(field) {
    var group = field.closest("fieldset");
    if (group && group.querySelector("legend") && field.type.match(/^(radio|checkbox)$/)) {
      return group.querySelector("legend");
    }
    var label = field.labels && field.labels[0];
    return label && !label.classList.contains("visually-hidden") ? label : field;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    var field = target && focusable(target);
    if (!field) {
      return;
    }
    event.preventDefault();
    var details = field.closest("details");
    if (details) {
      details.open = true;
    }
    caption(field).scrollIntoView();
    field.focus({ preventScroll: true });
  });

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
