// govlint health dashboard: drill-down (team -> services -> documents) and deep links
// (#team=NAME, #service=NAME). Inlined into index.html; no libraries, no network.
(function () {
  "use strict";

  function setOpen(button, open) {
    var row = document.getElementById(button.getAttribute("aria-controls"));
    if (!row) { return; }
    row.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "\u25BE" : "\u25B8";
  }

  function toggleOf(row) {
    return row ? row.querySelector("button.toggle") : null;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.toggle");
    if (button) {
      setOpen(button, button.getAttribute("aria-expanded") !== "true");
    }
  });

  function rowFor(kind, name) {
    var rows = document.querySelectorAll("tr[data-" + kind + "]");
    for (var i = 0; i < rows.length; i += 1) {
      if (rows[i].getAttribute("data-" + kind) === name) { return rows[i]; }
    }
    return null;
  }

  function openFromHash() {
    var match = /^#(team|service)=(.+)$/.exec(window.location.hash);
    if (!match) { return; }
    var row = rowFor(match[1], decodeURIComponent(match[2]));
    if (!row) { return; }
    if (match[1] === "service") {
      var team = rowFor("team", row.getAttribute("data-owner"));
      if (toggleOf(team)) { setOpen(toggleOf(team), true); }
    }
    if (toggleOf(row)) { setOpen(toggleOf(row), true); }
    row.scrollIntoView({block: "center"});
  }

  var expand = document.getElementById("expand-all");
  if (expand) {
    expand.addEventListener("click", function () {
      var open = expand.getAttribute("aria-pressed") !== "true";
      document.querySelectorAll("#teams button.toggle").forEach(function (b) { setOpen(b, open); });
      expand.setAttribute("aria-pressed", open ? "true" : "false");
      expand.textContent = open ? "Collapse all" : "Expand all";
    });
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
})();
