// govlint organisation dashboard: filter boxes and pagination of big tables, and
// #filter=TEXT (applied to the page's first filter box on load). Inlined into every page;
// no libraries, no network. It marks <body data-ready-ms data-filter-ms> with what it took
// (the headless Chromium test reads them).
(function () {
  "use strict";
  var PAGE = 50;
  var started = window.performance ? performance.now() : 0;

  function rowsOf(table) {
    // a table with data-pair="1" holds (row, drill row) pairs: the drill row follows its row
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    if (table.getAttribute("data-pair") === "1") {
      return rows.filter(function (r) { return !r.classList.contains("drill"); });
    }
    return rows;
  }

  function show(row, visible) {
    row.style.display = visible ? "" : "none";
    var next = row.nextElementSibling;
    if (next && next.classList.contains("drill")) { next.style.display = visible ? "" : "none"; }
  }

  function render(table) {
    var query = (table.getAttribute("data-query") || "").toLowerCase();
    var page = parseInt(table.getAttribute("data-page") || "0", 10);
    var rows = rowsOf(table);
    var matching = [];
    rows.forEach(function (row) {
      var hit = !query || row.textContent.toLowerCase().indexOf(query) !== -1;
      if (hit) { matching.push(row); } else { show(row, false); }
    });
    var pages = Math.max(1, Math.ceil(matching.length / PAGE));
    if (page >= pages) { page = pages - 1; }
    matching.forEach(function (row, i) { show(row, Math.floor(i / PAGE) === page); });
    table.setAttribute("data-page", String(page));
    table.setAttribute("data-shown", String(Math.min(PAGE, matching.length - page * PAGE)));
    table.setAttribute("data-matching", String(matching.length));
    var count = document.querySelector('[data-count-of="' + table.id + '"]');
    if (count) { count.textContent = matching.length + " of " + rows.length; }
    var pager = table.nextElementSibling;
    if (pager && pager.classList.contains("pager")) {
      pager.hidden = pages < 2;
      pager.querySelector(".where").textContent = "page " + (page + 1) + " of " + pages;
      pager.querySelector(".prev").disabled = page === 0;
      pager.querySelector(".next").disabled = page >= pages - 1;
    }
  }

  function addPager(table) {
    var pager = document.createElement("p");
    pager.className = "pager";
    ["prev", "where", "next"].forEach(function (kind) {
      var el = document.createElement(kind === "where" ? "span" : "button");
      el.className = kind;
      if (kind !== "where") {
        el.type = "button";
        el.textContent = kind === "prev" ? "\u2190 previous" : "next \u2192";
        el.addEventListener("click", function () {
          var page = parseInt(table.getAttribute("data-page") || "0", 10);
          table.setAttribute("data-page", String(page + (kind === "prev" ? -1 : 1)));
          render(table);
        });
      }
      pager.appendChild(el);
    });
    table.parentNode.insertBefore(pager, table.nextSibling);
  }

  function filter(input) {
    var table = document.getElementById(input.getAttribute("data-target"));
    if (!table) { return; }
    table.setAttribute("data-query", input.value.trim());
    table.setAttribute("data-page", "0");
    render(table);
  }

  document.querySelectorAll("table.paged").forEach(function (table) {
    addPager(table);
    render(table);
  });
  document.querySelectorAll("input.filter").forEach(function (input) {
    input.addEventListener("input", function () { filter(input); });
  });

  var match = /^#filter=(.*)$/.exec(window.location.hash);
  var first = document.querySelector("input.filter");
  if (match && first) {
    var t0 = window.performance ? performance.now() : 0;
    first.value = decodeURIComponent(match[1]);
    filter(first);
    var t1 = window.performance ? performance.now() : 0;
    document.body.setAttribute("data-filter-ms", (t1 - t0).toFixed(1));
  }
  document.body.setAttribute("data-ready-ms", ((window.performance ? performance.now() : 0)
                                               - started).toFixed(1));
})();
