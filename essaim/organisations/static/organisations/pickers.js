// Long lists (legal forms, NAF codes, territories) marked data-picker become searchable
// comboboxes: type a code or words of the label, move with the arrows, choose with Enter.
// Without this script the <select> still works, grouped with its common choices first.
(function () {
  "use strict";

  function enhance(root) {
    root.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect) {
        return;
      }
      var picker = new TomSelect(select, {
        maxOptions: null,
        // The options are on the page: filter at once, so that Enter right after typing
        // picks what was typed rather than the previous list's first option.
        refreshThrottle: 0,
        allowEmptyOption: !select.multiple,
        plugins: select.multiple ? { remove_button: { title: "Retirer" } } : [],
        // Several choices: empty the search after each one, ready for the next.
        onItemAdd: function () {
          if (select.multiple) {
            this.setTextboxValue("");
            this.refreshOptions(false);
          }
        },
        render: {
          no_results: function () {
            return '<div class="no-results">Aucun résultat : essayez un autre mot ou le code.</div>';
          },
        },
      });
      // The combobox replaces the <select> for everyone: it takes over the help text and
      // errors the select was described by, and the select leaves the accessibility tree.
      ["aria-describedby", "aria-invalid"].forEach(function (name) {
        if (select.hasAttribute(name)) {
          picker.control_input.setAttribute(name, select.getAttribute(name));
        }
      });
      select.setAttribute("aria-hidden", "true");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
