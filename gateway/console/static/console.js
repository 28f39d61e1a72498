// Progressive enhancement only (every page works without it): time left on running deadlines counts down.
(function () {
  "use strict";
  function text(seconds) {
    if (seconds <= 0) { return "overdue"; }
    var d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
    return (d ? d + "d " : "") + (h ? h + "h " : "") + (d ? "" : m + "m");
  }
  var started = Date.now();
  var cells = Array.prototype.slice.call(document.querySelectorAll("[data-seconds-left]"));
  if (!cells.length) { return; }
  setInterval(function () {
    var gone = (Date.now() - started) / 1000;
    cells.forEach(function (cell) {
      cell.textContent = text(Number(cell.getAttribute("data-seconds-left")) - gone).trim();
    });
  }, 30000);
}());
