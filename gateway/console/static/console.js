// Progressive enhancement only (every page works without it): time left on running deadlines counts down, and a live
// session's page follows its new segments.
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

(function () {
  "use strict";
  // A live session's last page: every few seconds its next segments are read as the same page from the next seq
  // (server-rendered rows, overturn forms included) and appended; the counts and status follow; it stops once the
  // session is off air. Reloading the page shows the same without JavaScript.
  var follow = document.getElementById("follow");
  var body = document.querySelector("table.replay tbody");
  if (!follow || !body) { return; }
  var next = Number(follow.getAttribute("data-follow-from"));
  var busy = false;
  function take(doc) {
    Array.prototype.forEach.call(doc.querySelectorAll("table.replay tbody tr[data-seq]"), function (row) {
      var seq = Number(row.getAttribute("data-seq"));
      if (seq < next || document.getElementById("seq-" + seq)) { return; }
      var empty = body.querySelector("tr:not([data-seq])");
      if (empty) { body.removeChild(empty); }
      body.appendChild(document.importNode(row, true));
      next = seq + 1;
    });
    ["count-segments", "count-hide", "count-flag", "status"].forEach(function (id) {
      var fresh = doc.getElementById(id), here = document.getElementById(id);
      if (fresh && here) { here.textContent = fresh.textContent; }
    });
    return doc.getElementById("follow") !== null || doc.querySelector(".pager") !== null;
  }
  var timer = setInterval(function () {
    if (busy) { return; }
    busy = true;
    fetch(window.location.pathname + "?from=" + next, {credentials: "same-origin"})
      .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer.status); })
      .then(function (html) {
        if (!take(new DOMParser().parseFromString(html, "text/html"))) { clearInterval(timer); }
      })
      .catch(function () { /* a missed poll: the next one tries again */ })
      .then(function () { busy = false; });
  }, 3000);
}());
