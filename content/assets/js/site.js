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

  var MAX_COMPARED = 6;

  // The capability matrix: show one kind of framework (each row says its kind).
  function initCapabilityFilter() {
    document.querySelectorAll("select.ff-capability-filter").forEach(function (select) {
      select.addEventListener("change", function () {
        document.querySelectorAll("table.ff-capabilities tbody tr").forEach(function (row) {
          row.hidden = !!select.value && row.dataset.kind !== select.value;
        });
      });
    });
  }

  // The disagreements page: show only the sections about one framework (the sections say which
  // frameworks they are about); an attribute with none left hides its heading too.
  function initDisputeFilter() {
    var select = document.querySelector("select.ff-dispute-filter");
    if (!select) return;
    select.addEventListener("change", function () {
      var wanted = select.value;
      document.querySelectorAll(".ff-dispute-group").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("section.ff-dispute").forEach(function (section) {
          var about = (section.dataset.frameworks || "").split(" ");
          var show = !wanted || about.indexOf(wanted) >= 0;
          section.hidden = !show;
          if (show) shown += 1;
        });
        group.hidden = shown === 0;
      });
    });
  }

  // Every value that holds now, in reader words (the export merges the current entries of each fact).
  function currentValue(framework, fact) {
    var text = framework.current_text && Object.prototype.hasOwnProperty.call(framework.current_text, fact)
      ? framework.current_text[fact] : null;
    return text || "not sourced";
  }

  function cell(tag, text, href, cites) {
    var element = document.createElement(tag);
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      element.appendChild(link);
    } else {
      element.textContent = text;
    }
    (cites || []).forEach(function (cite) {
      var sup = document.createElement("sup");
      var a = document.createElement("a");
      a.href = cite.href;
      a.textContent = "[" + cite.n + "]";
      a.title = cite.title;
      sup.appendChild(a);
      element.appendChild(document.createTextNode(" "));
      element.appendChild(sup);
    });
    return element;
  }

  // The picked frameworks, in order, from the page's address (?fw=pytorch,jax): a shared link shows
  // the same comparison. Only ids of frameworks on the page are kept.
  function pickedFromAddress(known) {
    var raw = "";
    try { raw = new URLSearchParams(location.search).get("fw") || ""; } catch (e) { raw = ""; }
    var seen = [];
    raw.split(",").forEach(function (id) {
      if (known.indexOf(id) >= 0 && seen.indexOf(id) < 0 && seen.length < MAX_COMPARED) seen.push(id);
    });
    return seen;
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
    var order = pickedFromAddress(boxes.map(function (b) { return b.value; }));
    boxes.forEach(function (b) { b.checked = order.indexOf(b.value) >= 0; });
    function picked() {
      order = order.filter(function (id) { return boxes.some(function (b) { return b.checked && b.value === id; }); });
      boxes.forEach(function (b) { if (b.checked && order.indexOf(b.value) < 0) order.push(b.value); });
      return order.slice();
    }

    function remember(ids) {
      var url = new URL(location.href);
      if (ids.length) url.searchParams.set("fw", ids.join(",")); else url.searchParams.delete("fw");
      history.replaceState(null, "", url.pathname + url.search + url.hash);
    }

    function draw() {
      var ids = picked();
      remember(ids);
      boxes.forEach(function (b) { b.disabled = !b.checked && ids.length >= MAX_COMPARED; });
      result.textContent = "";
      if (ids.length < 2) { status.textContent = "Pick at least two frameworks to compare them side by side."; return; }
      if (!data) { status.textContent = "Loading the data..."; return; }
      var byId = Object.create(null);  // ids are data: no id may find an Object property
      data.frameworks.forEach(function (f) { byId[f.id] = f; });
      var chosen = ids.map(function (id) { return byId[id]; }).filter(Boolean);
      status.textContent = "Comparing " + chosen.map(function (f) { return f.name; }).join(", ") + ".";
      // Citations numbered for this table; each links to the source on the sources page.
      var numbers = Object.create(null);
      var count = 0;
      function cite(sourceId) {
        if (!(sourceId in numbers)) numbers[sourceId] = ++count;
        var source = data.sources && Object.prototype.hasOwnProperty.call(data.sources, sourceId) ? data.sources[sourceId] : null;
        return { n: numbers[sourceId], href: siteRoot + "sources/#source-" + encodeURIComponent(sourceId),
                 title: source ? source.title : sourceId };
      }
      var table = document.createElement("table");
      table.className = "ff-pair ff-compare-table ff-sticky";
      var head = table.createTHead().insertRow();
      head.appendChild(cell("th", "Framework"));
      chosen.forEach(function (f) { head.appendChild(cell("th", f.name, siteRoot + f.url)); });
      head.querySelectorAll("th").forEach(function (th) { th.scope = "col"; });
      var body = table.createTBody();
      function addRow(label, values) {
        var row = body.insertRow();
        var th = cell("th", label);
        th.scope = "row";
        row.appendChild(th);
        values.forEach(function (v) { row.appendChild(cell("td", v.text, v.href, v.cites)); });
        if (values.some(function (v) { return v.text !== values[0].text; })) row.className = "ff-differs";
      }
      addRow("Status", chosen.map(function (f) {
        return { text: f.status, cites: (f.current_sources && f.current_sources.status || []).map(cite) };
      }));
      data.attributes.forEach(function (a) {
        addRow(a.name, chosen.map(function (f) {
          var v = Object.prototype.hasOwnProperty.call(f.verdicts, a.id) ? f.verdicts[a.id] : null;
          var gap = f.unrated && Object.prototype.hasOwnProperty.call(f.unrated, a.id);
          var text = v ? v.label + (v.disputed ? " (disputed)" : "") : gap ? "no source rates it" : "not rated yet";
          // The verdict's evidence (its claims and their sources) is on the framework page.
          return { text: text, href: v || gap ? siteRoot + f.url + "#attr-" + a.id : null };
        }));
      });
      // Measured training steps: each framework's fastest mode, and its time against the fastest of
      // those picked, with the scope the figures hold for.
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
        addRow(w.name + " training step (measured on CPU, small model)", steps.map(function (s) {
          if (!s) return { text: "not measured" };
          var standing = s.median_ms === fastest ? "fastest of these" : (s.median_ms / fastest).toFixed(1) + "x the time";
          return { text: s.median_text + " ms, " + s.mode + "; " + standing + (s.contributed ? " (" + s.contributed + ")" : ""),
                   cites: [cite(s.source)] };
        }));
      });
      [["developer", "Developer"], ["first_release", "First release"], ["license", "License"],
       ["execution_model", "Execution model"], ["distributed_training", "Distributed training"],
       ["deployment_targets", "Deployment targets"], ["hardware", "Hardware"]].forEach(function (pair) {
        addRow(pair[1], chosen.map(function (f) {
          var sources = f.current_sources && Object.prototype.hasOwnProperty.call(f.current_sources, pair[0])
            ? f.current_sources[pair[0]] : [];
          return { text: currentValue(f, pair[0]), cites: sources.map(cite) };
        }));
      });
      // Capabilities: what each can do, from primary sources. A kind that applies to none of those
      // picked (training strategies for inference runtimes) is left out; where it applies to some,
      // the others read "not applicable".
      (data.capability_kinds || []).forEach(function (kind) {
        var cells = chosen.map(function (f) {
          return f.capabilities && Object.prototype.hasOwnProperty.call(f.capabilities, kind.id) ? f.capabilities[kind.id] : null;
        });
        if (cells.every(function (c) { return c && c.state === "not-applicable"; })) return;
        addRow(kind.label, cells.map(function (c, i) {
          var href = siteRoot + chosen[i].url + "#capability-" + kind.id;
          if (!c) return { text: "unknown", href: href };
          if (c.state === "known") return { text: c.labels.join(", "), cites: (c.sources || []).map(cite) };
          return { text: c.state === "not-applicable" ? "not applicable" : "unknown", href: href };
        }));
      });
      result.appendChild(table);
    }

    boxes.forEach(function (b) { b.addEventListener("change", draw); });
    draw();
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

  // A fragment is whatever the address holds: a lone "%" or a broken escape must not throw, or
  // nothing after it (the listeners below) would be set up.
  function fragmentId() {
    var raw = location.hash.slice(1);
    try { return decodeURIComponent(raw); } catch (error) { return raw; }
  }

  function openTargetedEvidence() {
    var id = fragmentId();
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
    initDisputeFilter();
    initCapabilityFilter();
    initEvidence();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
