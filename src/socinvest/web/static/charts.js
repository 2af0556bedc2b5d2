/* Draws the charts of a page: each <script type="application/json" class="chart-spec">
   holds a Vega-Lite spec for the element named by its data-target, drawn with the vendored
   Vega-Embed, on load and after htmx puts a fragment in the page. */
(function () {
  "use strict";
  function draw(root) {
    if (typeof vegaEmbed === "undefined") { return; }
    var nodes = root.querySelectorAll("script.chart-spec:not([data-drawn])");
    Array.prototype.forEach.call(nodes, function (node) {
      node.setAttribute("data-drawn", "1");
      var target = document.getElementById(node.getAttribute("data-target"));
      if (!target) { return; }
      var options = { actions: false, renderer: "svg" };
      var locale = document.querySelector("script.chart-locale");
      if (locale) { options.formatLocale = JSON.parse(locale.textContent); }
      vegaEmbed(target, JSON.parse(node.textContent), options)
        .catch(function (error) { console.error("chart " + target.id + ": " + error); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
