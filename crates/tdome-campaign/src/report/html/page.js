// Draws the report's plots with vega-embed, from the specifications and the report data
// that the page carries, and tells whoever waits (a reader's eye, or the headless check
// scripts/check-report.mjs) when every plot is drawn and what went wrong.
(function () {
  "use strict";
  var errors = [];
  window.tdomeReportErrors = errors;
  window.tdomeReportReady = false;
  window.addEventListener("error", function (e) {
    errors.push("page: " + e.message);
  });

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function drawPlot(plot, tables) {
    var element = document.getElementById(plot.id);
    var spec = plot.spec;
    // The impacts and events are in the page once, in the report data; a plot names them.
    spec.datasets = spec.datasets || {};
    (plot.tables || []).forEach(function (name) {
      spec.datasets[name] = tables[name] || [];
    });
    var options = { mode: "vega-lite", actions: false, renderer: "svg" };
    return vegaEmbed(element, spec, options).then(
      function () {
        element.setAttribute("data-drawn", "true");
      },
      function (err) {
        errors.push(plot.id + ": " + err.message);
        element.classList.add("failed");
        element.textContent = "This plot could not be drawn: " + err.message;
      }
    );
  }

  var drawn;
  try {
    var report = readJson("tdome-report-data");
    var plots = readJson("tdome-report-plots");
    var tables = {
      impacts: report.impacts || [],
      timeline_events: (report.timeline && report.timeline.events) || [],
    };
    drawn = Promise.all(
      plots.map(function (plot) {
        return drawPlot(plot, tables);
      })
    );
  } catch (err) {
    errors.push("page: " + err.message);
    drawn = Promise.resolve();
  }
  window.tdomeReportDone = drawn.then(function () {
    window.tdomeReportReady = true;
  });
})();
