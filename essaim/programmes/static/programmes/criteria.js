// The call editor's criteria: show only the parameters of the rule chosen in each row.
// Without this script every rule's parameters show, each under its rule's name.
(function () {
  "use strict";

  function sync(select) {
    var row = select.closest("[data-criterion]");
    row.querySelectorAll("[data-rule]").forEach(function (group) {
      group.hidden = group.getAttribute("data-rule") !== select.value;
    });
  }

  function start() {
    document.querySelectorAll("select[data-rule-select]").forEach(function (select) {
      sync(select);
      select.addEventListener("change", function () { sync(select); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
