// Autosave of the application steps: when the server or the network fails, say so in the
// status line instead of leaving "saved" on screen (htmx does not swap error responses).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = document.getElementById("autosave");
    function failed() {
      status.textContent = "Échec de l'enregistrement automatique : vos dernières modifications " +
        "ne sont pas enregistrées. Cliquez sur « Enregistrer et continuer ».";
      status.classList.remove("text-muted");
      status.classList.add("text-danger", "fw-semibold");
    }
    form.addEventListener("htmx:responseError", failed);
    form.addEventListener("htmx:sendError", failed);
    form.addEventListener("htmx:afterSwap", function () {
      status.classList.remove("text-danger", "fw-semibold");
      status.classList.add("text-muted");
    });
  });
});
