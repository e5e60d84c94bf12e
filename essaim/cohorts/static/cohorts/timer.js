// Co-development timer: counts down the current stage from its data-ends-at attribute.
// Progressive enhancement: without JavaScript the page already shows the stage, its start and
// its planned end, and the time left when the page was served.
(function () {
  "use strict";

  function pad(value) {
    return String(value).padStart(2, "0");
  }

  function format(seconds) {
    return pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
  }

  function start(box) {
    var display = box.querySelector("[data-timer-display]");
    var endsAt = Date.parse(box.getAttribute("data-ends-at"));
    if (!display || Number.isNaN(endsAt)) {
      return;
    }
    function tick() {
      var left = Math.round((endsAt - Date.now()) / 1000);
      display.textContent = left >= 0 ? format(left) : "écoulé (+" + format(-left) + ")";
    }
    tick();
    window.setInterval(tick, 1000);
  }

  document.querySelectorAll("[data-codev-timer]").forEach(start);
})();
