/* Bulwark HTML report: filters over the server-rendered findings. No network, no eval, no innerHTML. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var list = document.getElementById("finding-list");
  var form = document.getElementById("filters");
  if (!list || !form) { return; }
  var rows = Array.prototype.slice.call(list.children);
  var items = rows.map(function (row) {
    return {
      row: row,
      severity: row.getAttribute("data-severity") || "",
      status: row.getAttribute("data-status") || "",
      controls: (row.getAttribute("data-controls") || "").split(" "),
      flags: (row.getAttribute("data-flags") || "").split(" "),
      text: null
    };
  });
  var severity = document.getElementById("filter-severity");
  var control = document.getElementById("filter-control");
  var status = document.getElementById("filter-status");
  var search = document.getElementById("filter-search");
  var shown = document.getElementById("shown-count");
  var factsElement = document.getElementById("report-facts");
  var facts = factsElement ? JSON.parse(factsElement.textContent) : {};
  var passedNote = facts.passed ? " (" + facts.passed + " passing checks not listed)" : "";

  function matchesStatus(item, wanted) {
    if (!wanted) { return true; }
    if (wanted === "fail" || wanted === "unknown" || wanted === "suppressed") { return item.status === wanted; }
    return item.flags.indexOf(wanted) !== -1;
  }

  function apply() {
    var wantedSeverity = severity.value, wantedControl = control.value, wantedStatus = status.value;
    var words = search.value.toLowerCase().split(/\s+/).filter(function (word) { return word.length > 0; });
    var count = 0;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var visible = (!wantedSeverity || item.severity === wantedSeverity)
        && (!wantedControl || item.controls.indexOf(wantedControl) !== -1)
        && matchesStatus(item, wantedStatus);
      if (visible && words.length > 0) {
        if (item.text === null) { item.text = item.row.textContent.toLowerCase(); }
        for (var w = 0; w < words.length && visible; w++) { visible = item.text.indexOf(words[w]) !== -1; }
      }
      if (item.row.hidden === visible) { item.row.hidden = !visible; }
      if (visible) { count++; }
    }
    shown.textContent = "Showing " + count + " of " + items.length + " findings" + passedNote;
    root.setAttribute("data-shown", String(count));
  }

  var timer = null;
  search.addEventListener("input", function () {
    if (timer !== null) { clearTimeout(timer); }
    timer = setTimeout(apply, 120);
  });
  [severity, control, status].forEach(function (select) { select.addEventListener("change", apply); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });

  function setOpen(open) {
    for (var i = 0; i < items.length; i++) { if (!items[i].row.hidden) { items[i].row.open = open; } }
  }
  document.getElementById("expand-all").addEventListener("click", function () { setOpen(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { setOpen(false); });

  function showFindings() {
    var section = document.getElementById("findings");
    section.scrollIntoView();
    section.focus({ preventScroll: true });
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button[data-filter-control], button[data-search]") : null;
    if (!target) { return; }
    if (target.hasAttribute("data-filter-control")) {
      control.value = target.getAttribute("data-filter-control");
      status.value = "fail";
    } else {
      search.value = target.getAttribute("data-search");
    }
    apply();
    showFindings();
  });

  // Printing shows every finding expanded; the rows' own state comes back afterwards.
  var openBeforePrint = null;
  window.addEventListener("beforeprint", function () {
    openBeforePrint = rows.map(function (row) { return row.open; });
    rows.forEach(function (row) { row.open = true; });
  });
  window.addEventListener("afterprint", function () {
    if (openBeforePrint) { rows.forEach(function (row, i) { row.open = openBeforePrint[i]; }); }
    openBeforePrint = null;
  });
  apply();
})();
