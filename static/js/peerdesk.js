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
        ? "Das hat nicht geklappt. Lade die Seite bitte neu."
        : "That did not work. Please reload the page.", level: "error" });
    }
  });

  // The bell and the staff menu poll; a tab in the background does not need to ask.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (document.hidden && elt && (elt.id === "bell" || elt.hasAttribute("data-poll"))) event.preventDefault();
  });

  // On a phone the tabs may not all fit their row, which then scrolls sideways by itself: the current tab
  // is brought into view (the page itself never moves).
  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector(".site-nav [aria-current='page']");
    var row = current && current.closest("ul");
    if (!row || row.scrollWidth <= row.clientWidth) return;
    var hidden = current.getBoundingClientRect().right - row.getBoundingClientRect().right;
    if (hidden > 0) row.scrollLeft += hidden;
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

  // Times: the page says the date; here it becomes "3 hours ago" in the page's language, with the exact
  // time in the reader's own time zone on hover. Pages stay cacheable because the server writes no
  // "ago" that goes stale.
  var lang = document.documentElement.lang || "en";
  var relative = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(lang, { numeric: "auto" }) : null;
  var exact = window.Intl ? new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }) : null;
  var steps = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]];

  function describe(time) {
    var when = new Date(time.getAttribute("datetime"));
    if (isNaN(when)) return;
    if (exact && !time.title) time.title = exact.format(when);
    if (!relative) return;
    var seconds = (when.getTime() - Date.now()) / 1000;
    for (var i = 0; i < steps.length; i++) {
      if (Math.abs(seconds) >= steps[i][1]) {
        time.textContent = relative.format(Math.round(seconds / steps[i][1]), steps[i][0]);
        return;
      }
    }
    time.textContent = relative.format(0, "second");
  }

  function describeAll(root) {
    (root || document).querySelectorAll("time[data-relative]").forEach(describe);
  }

  document.addEventListener("DOMContentLoaded", function () { describeAll(document); });
  document.addEventListener("htmx:load", function (event) { describeAll(event.target); });
  window.setInterval(function () { describeAll(document); }, 60000);

  // Charts: the data sits beside the canvas as JSON (a table shows the same for those who prefer it).
  function drawCharts() {
    if (!window.Chart) return;
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var brand = getComputedStyle(document.documentElement).getPropertyValue("--brand").trim() || "#0b5cad";
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.querySelector('script[data-chart-for="' + canvas.dataset.chart + '"]');
      if (!source || canvas.dataset.drawn) return;
      var data = JSON.parse(source.textContent);
      canvas.dataset.drawn = "1";
      // One series ({labels, values}) or several ({type, labels, series: [{label, values}]}).
      var series = data.series || [{ label: canvas.dataset.label, values: data.values }];
      var colours = [brand, "#b45309", "#047857", "#7c3aed", "#be123c", "#475569"];
      var bar = data.type === "bar";
      new window.Chart(canvas, {
        type: bar ? "bar" : "line",
        data: { labels: data.labels, datasets: series.map(function (one, i) {
          var colour = colours[i % colours.length];
          // Few points (a quiet period) would vanish without dots: a single day has no line to draw.
          var shown = one.values.filter(function (value) { return value !== null; }).length;
          return { label: one.label, data: one.values, borderColor: colour, backgroundColor: colour,
            stepped: !bar && !data.series, spanGaps: true, borderWidth: 2, pointRadius: shown < 8 ? 3 : 0 };
        }) },
        options: { animation: reduce ? false : undefined, plugins: { legend: { display: series.length > 1 } },
          scales: { x: { ticks: { maxTicksLimit: 6 } }, y: { beginAtZero: true } } }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", drawCharts);

  // Focus the error summary after a failed submit, so keyboard and screen-reader users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
