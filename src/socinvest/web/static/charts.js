/* Draws the charts of a page: each element with a data-spec attribute (a Vega-Lite spec as
   JSON, and data-locale, the d3-format locale of its axes) is drawn with the vendored
   Vega-Embed, on load and after htmx puts a fragment in the page. */
(function () {
  "use strict";
  function draw(root) {
    if (typeof vegaEmbed === "undefined") { return; }
    var nodes = root.querySelectorAll("[data-spec]:not([data-drawn])");
    Array.prototype.forEach.call(nodes, function (node) {
      node.setAttribute("data-drawn", "1");
      var options = { actions: false, renderer: "svg" };
      var locale = node.getAttribute("data-locale");
      if (locale) { options.formatLocale = JSON.parse(locale); }
      vegaEmbed(node, JSON.parse(node.getAttribute("data-spec")), options)
        .catch(function (error) { console.error("chart " + node.id + ": " + error); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
