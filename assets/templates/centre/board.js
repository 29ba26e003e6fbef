// The dashboard's board: fetch its HTML again every few seconds (the server renders and escapes it).
(function () {
  "use strict";
  var board = document.getElementById("board");
  var stale = document.getElementById("stale");
  var every = parseInt(board.getAttribute("data-every"), 10) || 10000;
  function refresh() {
    fetch(board.getAttribute("data-src"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 401) { window.location.reload(); throw new Error("logged out"); }
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.text();
      })
      .then(function (html) { board.innerHTML = html; stale.hidden = true; })
      .catch(function () { stale.textContent = board.getAttribute("data-failed"); stale.hidden = false; })
      .then(function () { window.setTimeout(refresh, every); });
  }
  window.setTimeout(refresh, every);
})();
