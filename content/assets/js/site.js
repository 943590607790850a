/* Framework Facts: table sorting (Tablesort, from npm), the "hide discontinued" filter, the compare
   page and the folded evidence of framework pages. Text from data is only ever set with textContent,
   never as HTML; the evidence fragments are HTML the build escaped (see loadEvidence). */
(function () {
  "use strict";

  function initSorting() {
    if (typeof Tablesort === "undefined") return;
    document.querySelectorAll("table.ff-sortable").forEach(function (table) {
      var sorter = new Tablesort(table);
      // Cells with no value (not rated, not sourced) stay below the others in both directions:
      // a reader sorting by a level wants the rated frameworks first, not a block of blanks.
      table.addEventListener("afterSort", function () {
        var body = table.tBodies[0];
        Array.prototype.slice.call(body.rows).forEach(function (row) {
          var cell = row.cells[sorter.col];
          if (cell && (cell.classList.contains("ff-unrated") || cell.classList.contains("ff-missing"))) {
            body.appendChild(row);
          }
        });
      });
    });
  }

  function initFilters() {
    document.querySelectorAll("input.ff-hide-ended").forEach(function (box) {
      var table = document.getElementById(box.dataset.table);
      if (!table) return;
      box.addEventListener("change", function () {
        table.querySelectorAll("tbody tr").forEach(function (row) {
          row.classList.toggle("ff-hidden", box.checked && row.dataset.status === "discontinued");
        });
      });
    });
  }

  // Every value that holds now (the export merges the current entries of each fact).
  function currentValue(framework, fact) {
    var values = framework.current[fact];
    return values && values.length ? values.join(", ") : "not sourced";
  }

  function cell(tag, text, href) {
    var element = document.createElement(tag);
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      element.appendChild(link);
    } else {
      element.textContent = text;
    }
    return element;
  }

  function initCompare() {
    var root = document.querySelector(".ff-compare");
    if (!root) return;
    var status = root.querySelector(".ff-compare-status");
    var result = root.querySelector(".ff-compare-result");
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[name=framework]"));
    var siteRoot = root.dataset.root;
    var data = null;

    // Columns follow the order the reader picked the frameworks in.
    var order = [];
    function picked() {
      order = order.filter(function (id) { return boxes.some(function (b) { return b.checked && b.value === id; }); });
      boxes.forEach(function (b) { if (b.checked && order.indexOf(b.value) < 0) order.push(b.value); });
      return order.slice();
    }

    function draw() {
      var ids = picked();
      boxes.forEach(function (b) { b.disabled = !b.checked && ids.length >= 4; });
      result.textContent = "";
      if (ids.length < 2) { status.textContent = "Pick at least two frameworks to compare them side by side."; return; }
      if (!data) { status.textContent = "Loading the data..."; return; }
      var byId = Object.create(null);  // ids are data: no id may find an Object property
      data.frameworks.forEach(function (f) { byId[f.id] = f; });
      var chosen = ids.map(function (id) { return byId[id]; }).filter(Boolean);
      status.textContent = "Comparing " + chosen.map(function (f) { return f.name; }).join(", ") + ".";
      var table = document.createElement("table");
      table.className = "ff-pair ff-compare-table";
      var head = table.createTHead().insertRow();
      head.appendChild(cell("th", ""));
      chosen.forEach(function (f) { head.appendChild(cell("th", f.name, siteRoot + f.url)); });
      head.querySelectorAll("th").forEach(function (th) { th.scope = "col"; });
      var body = table.createTBody();
      function addRow(label, values) {
        var row = body.insertRow();
        var th = cell("th", label);
        th.scope = "row";
        row.appendChild(th);
        values.forEach(function (v) { row.appendChild(cell("td", v)); });
        if (values.some(function (v) { return v !== values[0]; })) row.className = "ff-differs";
      }
      addRow("Status", chosen.map(function (f) { return f.status; }));
      data.attributes.forEach(function (a) {
        addRow(a.name, chosen.map(function (f) {
          var v = Object.prototype.hasOwnProperty.call(f.verdicts, a.id) ? f.verdicts[a.id] : null;
          var gap = f.unrated && Object.prototype.hasOwnProperty.call(f.unrated, a.id);
          return v ? v.label + (v.disputed ? " (disputed)" : "") : gap ? "no source rates it" : "not rated yet";
        }));
      });
      // Measured training steps: each framework's fastest mode, and its time against the fastest of
      // those picked (the pair pages add whether the two spreads overlap).
      var workloads = [];
      chosen.forEach(function (f) {
        (f.measured_steps || []).forEach(function (s) {
          if (!workloads.some(function (w) { return w.id === s.workload; })) workloads.push({ id: s.workload, name: s.workload_name });
        });
      });
      workloads.forEach(function (w) {
        var steps = chosen.map(function (f) {
          return (f.measured_steps || []).filter(function (s) { return s.workload === w.id; })[0] || null;
        });
        var fastest = Math.min.apply(null, steps.filter(Boolean).map(function (s) { return s.median_ms; }));
        addRow(w.name + " training step (measured)", steps.map(function (s) {
          if (!s) return "not measured";
          var standing = s.median_ms === fastest ? "fastest of these" : (s.median_ms / fastest).toFixed(1) + "x the time";
          return s.median_text + " ms, " + s.mode + "; " + standing;
        }));
      });
      [["developer", "Developer"], ["first_release", "First release"], ["license", "License"],
       ["execution_model", "Execution model"], ["distributed_training", "Distributed training"],
       ["deployment_targets", "Deployment targets"], ["hardware", "Hardware"]].forEach(function (pair) {
        addRow(pair[1], chosen.map(function (f) { return currentValue(f, pair[0]); }));
      });
      result.appendChild(table);
    }

    boxes.forEach(function (b) { b.addEventListener("change", draw); });
    fetch(root.dataset.api)
      .then(function (response) { return response.json(); })
      .then(function (json) { data = json; draw(); })
      .catch(function () { status.textContent = "The data could not be loaded."; });
  }

  // A framework page folds the claims behind each verdict; they load from a fragment the build wrote
  // (frameworks/<id>/evidence/<attribute>.html) when the reader opens them. The fragment is HTML the
  // build rendered with autoescaping, parsed inertly (DOMParser runs no script). Until it arrives, and
  // if it cannot, the fold holds a link to the same claims on the attribute page.
  function loadEvidence(details) {
    if (details.dataset.loaded) return;
    details.dataset.loaded = "loading";
    var body = details.querySelector(".ff-evidence-body");
    fetch(details.dataset.src)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (text) {
        var parsed = new DOMParser().parseFromString(text, "text/html");
        body.replaceChildren.apply(body, Array.prototype.slice.call(parsed.body.childNodes));
        details.dataset.loaded = "yes";
      })
      .catch(function () { delete details.dataset.loaded; });
  }

  function openTargetedEvidence() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var details = target.matches("details.ff-evidence") ? target : target.querySelector("details.ff-evidence");
    if (details) details.open = true;
  }

  function initEvidence() {
    document.querySelectorAll("details.ff-evidence[data-src]").forEach(function (details) {
      details.addEventListener("toggle", function () { if (details.open) loadEvidence(details); });
    });
    openTargetedEvidence();
    window.addEventListener("hashchange", openTargetedEvidence);
  }

  // Material marks its search box as a dialog without a name; screen readers then announce an
  // unnamed dialog.
  function nameSearchDialog() {
    var search = document.querySelector('.md-search[role="dialog"]');
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
  }

  function init() {
    nameSearchDialog();
    initSorting();
    initFilters();
    initCompare();
    initEvidence();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
