// Co-development timer: counts down the current stage from its data-ends-at attribute.
// Progressive enhancement: without JavaScript the page already shows the stage, its start and
// its planned end, and the time left when the page was served.
// The count changes every second, so it is not announced (role=timer is aria-live off) and can be
// paused or hidden (RGAA 13.8); the end of the stage's time is announced once, in a status region.
// Pausing freezes the display only: the stage still ends at its planned time.
(function () {
  "use strict";

  function pad(value) {
    return String(value).padStart(2, "0");
  }

  function format(seconds) {
    return pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
  }

  // The buttons carry their other state's label: "Pause" <-> "Reprendre", "Masquer" <-> "Afficher".
  function swapLabel(button) {
    var other = button.getAttribute("data-alt-label");
    button.setAttribute("data-alt-label", button.textContent);
    button.textContent = other;
  }

  function start(box) {
    var display = box.querySelector("[data-timer-display]");
    var clock = box.querySelector("[data-timer-clock]");
    var controls = box.querySelector("[data-timer-controls]");
    var pause = box.querySelector("[data-timer-pause]");
    var hide = box.querySelector("[data-timer-hide]");
    var announce = box.querySelector("[data-timer-announce]");
    var endsAt = Date.parse(box.getAttribute("data-ends-at"));
    if (!display || Number.isNaN(endsAt)) {
      return;
    }
    var paused = false;
    var hidden = false;
    // Already over when the page was served: the page says so, nothing to announce.
    var announced = endsAt <= Date.now();

    function tick() {
      var left = Math.round((endsAt - Date.now()) / 1000);
      if (left < 0 && !announced) {
        announced = true;
        announce.textContent = announce.getAttribute("data-message");
      }
      if (!paused && !hidden) {
        display.textContent = left >= 0 ? format(left) : "écoulé (+" + format(-left) + ")";
      }
    }

    pause.addEventListener("click", function () {
      paused = !paused;
      swapLabel(pause);
      tick();
    });
    hide.addEventListener("click", function () {
      hidden = !hidden;
      clock.hidden = hidden;
      swapLabel(hide);
      tick();
    });
    controls.hidden = false;
    tick();
    window.setInterval(tick, 1000);
  }

  document.querySelectorAll("[data-codev-timer]").forEach(start);
})();
