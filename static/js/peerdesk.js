// Small behaviours on top of htmx. No inline script anywhere: the Content Security Policy forbids it.
(function () {
  "use strict";

  // A "toast" event raised by a response's HX-Trigger header becomes a message in the live region,
  // which is how screen readers hear about what an htmx request changed.
  function showToast(detail) {
    var region = document.getElementById("toasts");
    if (!region || !detail || !detail.message) return;
    var toast = document.createElement("p");
    toast.className = "toast" + (detail.level === "error" ? " toast--error" : "");
    toast.textContent = detail.message;
    region.appendChild(toast);
    window.setTimeout(function () { toast.remove(); }, 6000);
  }

  document.addEventListener("toast", function (event) { showToast(event.detail); });

  // htmx leaves 4xx responses unswapped; their toast still explains what happened.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && !xhr.getResponseHeader("HX-Trigger")) {
      showToast({ message: document.documentElement.lang === "de"
        ? "Das hat nicht geklappt. Bitte laden Sie die Seite neu."
        : "That did not work. Please reload the page.", level: "error" });
    }
  });

  // Close an open <details> menu when the person clicks elsewhere or presses Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
    });
  });

  // Focus the error summary after a failed submit, so keyboard and screen-reader users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
