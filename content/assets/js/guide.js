/* Framework Facts: the guide "Which framework should I use?".

   Reads api/frameworks.json and matches the reader's needs, stated in the form, against each
   framework's current facts (`current` in the export) and verdicts. The form says what each need is
   about (data-fact, data-attribute, data-status) and how to name it, so nothing here knows the data.
   The form's state lives in the page address (?language=Python&ease_of_use=2), so a result can be
   shared; text from data is only ever set with textContent. */
(function () {
  "use strict";

  var root = document.querySelector(".ff-guide");
  if (!root) return;
  var form = root.querySelector("form");
  var status = root.querySelector(".ff-guide-status");
  var results = root.querySelector(".ff-guide-results");
  var siteRoot = root.dataset.root;
  var NEAR_MISSES = 5;
  var data = null;

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function link(text, href) {
    var a = element("a", text);
    a.href = href;
    return a;
  }

  function optionLabel(select, value) {
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
    return option ? option.textContent : value;
  }

  // The needs the reader stated: each knows how to test a framework and how to explain the result.
  // A test says ok: true (meets it), false (misses it) or null (unknown: no source says).
  function factNeed(fact, label, wanted, wantedLabel, labelOf) {
    return {
      test: function (f) {
        var values = f.current[fact];
        if (!values || !values.length) {
          return { ok: null, text: label + ": unknown, no source says (wanted " + wantedLabel + ")", anchor: "facts" };
        }
        var ok = values.indexOf(wanted) >= 0;
        return {
          ok: ok,
          text: label + ": " + (ok ? wantedLabel
            : values.map(labelOf).join(", ") + " (not " + wantedLabel + ")"),
          anchor: "facts"
        };
      }
    };
  }

  function needs() {
    var list = [];
    form.querySelectorAll("select[data-fact]").forEach(function (select) {
      if (!select.value) return;
      list.push(factNeed(select.dataset.fact, select.dataset.label, select.value, optionLabel(select, select.value),
        function (v) { return optionLabel(select, v); }));
    });
    // Several targets at once (mobile and web): each ticked one is a need of its own.
    form.querySelectorAll("input[type=checkbox][data-fact]").forEach(function (box) {
      if (!box.checked) return;
      var group = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][data-fact]"))
        .filter(function (b) { return b.name === box.name; });
      list.push(factNeed(box.dataset.fact, box.dataset.label, box.value, box.dataset.choice, function (v) {
        var match = group.filter(function (b) { return b.value === v; })[0];
        return match ? match.dataset.choice : v;
      }));
    });
    // Capabilities: met when a current item matches; unknown when no source settles it, or when the
    // source does not list every supported value (absent is "no" only then); not applicable is a miss.
    form.querySelectorAll("input[type=checkbox][data-capability]").forEach(function (box) {
      if (!box.checked) return;
      var kind = box.dataset.capability, match = JSON.parse(box.dataset.match), label = box.dataset.choice;
      list.push({
        test: function (f) {
          var cap = f.capabilities && Object.prototype.hasOwnProperty.call(f.capabilities, kind) ? f.capabilities[kind] : null;
          var anchor = "capability-" + kind;
          if (!cap || cap.state === "unknown") {
            return { ok: null, text: label + ": unknown" + (cap && cap.reason ? " (" + cap.reason + ")" : ""), anchor: anchor };
          }
          if (cap.state === "not-applicable") return { ok: false, text: label + ": not applicable (" + cap.reason + ")", anchor: anchor };
          var index = -1;
          cap.items.forEach(function (item, i) {
            if (index < 0 && Object.keys(match).every(function (k) { return item[k] === match[k]; })) index = i;
          });
          if (index >= 0) return { ok: true, text: box.dataset.label + ": " + cap.labels[index], anchor: anchor };
          return cap.complete
            ? { ok: false, text: label + ": no (its source lists every supported value)", anchor: anchor }
            : { ok: null, text: label + ": unknown (not among the values its source lists)", anchor: anchor };
        }
      });
    });
    var active = form.querySelector("input[data-status]");
    if (active && active.checked) {
      list.push({
        test: function (f) {
          var ok = f.status === active.dataset.status;
          return { ok: ok, text: "Status: " + f.status, anchor: "facts" };
        }
      });
    }
    form.querySelectorAll("select[data-attribute]").forEach(function (select) {
      if (!select.value) return;
      var attribute = select.dataset.attribute, minimum = Number(select.value);
      list.push({
        attribute: attribute,
        test: function (f) {
          var verdict = f.verdicts[attribute];
          var label = select.dataset.label + ": ";
          var wanted = " (wanted " + optionLabel(select, select.value) + ")";
          var gap = f.unrated && Object.prototype.hasOwnProperty.call(f.unrated, attribute);
          if (!verdict) return { ok: false, text: label + (gap ? "no source rates it" : "not rated yet") + wanted, anchor: "attr-" + attribute };
          var ok = verdict.rank >= minimum;
          return {
            ok: ok,
            text: label + verdict.label + (verdict.disputed ? ", disputed" : "") + (ok ? "" : wanted),
            anchor: "attr-" + attribute
          };
        }
      });
    });
    return list;
  }

  // Higher is better: [the levels on the attributes the reader chose, the levels on all attributes].
  function score(f, stated) {
    var chosen = 0, all = 0;
    Object.keys(f.verdicts).forEach(function (id) {
      var rank = f.verdicts[id].rank || 0;
      all += rank;
      if (stated.some(function (n) { return n.attribute === id; })) chosen += rank;
    });
    return [chosen, all];
  }

  // Ranked by the chosen attributes' levels, then all levels, then still developed first, then by name.
  function byScore(a, b) {
    return (b.score[0] - a.score[0]) || (b.score[1] - a.score[1]) ||
      ((a.framework.status === "active" ? 0 : 1) - (b.framework.status === "active" ? 0 : 1)) ||
      a.framework.name.localeCompare(b.framework.name);
  }

  function item(entry, showMet) {
    var f = entry.framework;
    var li = element("li", "", "ff-guide-result");
    li.dataset.framework = f.id;
    li.appendChild(link(f.name, siteRoot + f.url));
    if (f.status !== "active") li.appendChild(element("span", f.status, "ff-badge ff-status-" + f.status));
    var reasons = element("ul", "", "ff-reasons");
    entry.checks.forEach(function (check) {
      if (check.ok && !showMet) return;
      var row = element("li", "", check.ok ? "ff-met" : check.ok === null ? "ff-unknown" : "ff-missed");
      row.appendChild(element("span", check.ok ? "meets " : check.ok === null ? "unknown: " : "misses ", "ff-reason-kind"));
      row.appendChild(link(check.text, siteRoot + f.url + "#" + check.anchor));
      reasons.appendChild(row);
    });
    if (reasons.children.length) li.appendChild(reasons);
    return li;
  }

  function draw() {
    results.textContent = "";
    if (!data) return;
    var stated = needs();
    var entries = data.frameworks.map(function (f) {
      var checks = stated.map(function (n) { return n.test(f); });
      return {
        framework: f,
        checks: checks,
        missed: checks.filter(function (c) { return c.ok === false; }).length,
        unknown: checks.filter(function (c) { return c.ok === null; }).length,
        score: score(f, stated)
      };
    });
    var fits = entries.filter(function (e) { return e.missed === 0 && e.unknown === 0; }).sort(byScore);
    // Unknown is not "no": a framework the sources say nothing about on a need may still fit.
    var maybe = entries.filter(function (e) { return e.missed === 0 && e.unknown > 0; }).sort(byScore);
    var near = stated.length >= 2
      ? entries.filter(function (e) { return e.missed === 1; }).sort(byScore).slice(0, NEAR_MISSES) : [];

    status.textContent = stated.length === 0
      ? "No needs stated: all " + fits.length + " frameworks, those rated highest first."
      : fits.length + " of " + entries.length + " frameworks meet all " + stated.length + " need" +
        (stated.length === 1 ? "" : "s") + (maybe.length ? "; " + maybe.length + " may, the sources do not say" : "") +
        (near.length ? "; " + near.length + " miss one." : ".");

    var heading = element("h2", fits.length ? "Frameworks that fit" : "No framework meets every need");
    heading.id = "fits";
    results.appendChild(heading);
    if (fits.length) {
      var list = element("ol", "", "ff-guide-list ff-guide-fits");
      fits.forEach(function (e) { list.appendChild(item(e, true)); });
      results.appendChild(list);
    }
    if (maybe.length) {
      var maybeHeading = element("h2", "May fit: the sources do not say");
      maybeHeading.id = "unknown";
      results.appendChild(maybeHeading);
      var maybeList = element("ul", "", "ff-guide-list ff-guide-maybe");
      maybe.forEach(function (e) { maybeList.appendChild(item(e, false)); });
      results.appendChild(maybeList);
    }
    if (near.length) {
      var nearHeading = element("h2", "Almost: they miss one need");
      nearHeading.id = "near-misses";
      results.appendChild(nearHeading);
      var nearList = element("ul", "", "ff-guide-list ff-guide-near");
      near.forEach(function (e) { nearList.appendChild(item(e, false)); });
      results.appendChild(nearList);
    }
  }

  // The form's state <-> the page address.
  // "Only active" is on by default: the address records it only when it is off (active=0).
  function toAddress() {
    var params = new URLSearchParams();
    form.querySelectorAll("select").forEach(function (s) { if (s.value) params.set(s.name, s.value); });
    form.querySelectorAll("input[type=checkbox][data-fact]").forEach(function (b) { if (b.checked) params.append(b.name, b.value); });
    form.querySelectorAll("input[type=checkbox][data-capability]").forEach(function (b) { if (b.checked) params.set(b.name, b.value); });
    form.querySelectorAll("input[type=checkbox][data-status]").forEach(function (b) { if (!b.checked) params.set(b.name, "0"); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function fromAddress() {
    var params = new URLSearchParams(location.search);
    form.querySelectorAll("select").forEach(function (s) {
      var value = params.get(s.name);
      var known = value !== null && Array.prototype.some.call(s.options, function (o) { return o.value === value; });
      s.value = known ? value : "";
    });
    form.querySelectorAll("input[type=checkbox][data-fact]").forEach(function (b) { b.checked = params.getAll(b.name).indexOf(b.value) >= 0; });
    form.querySelectorAll("input[type=checkbox][data-status]").forEach(function (b) { b.checked = params.get(b.name) !== "0"; });
    form.querySelectorAll("input[type=checkbox][data-capability]").forEach(function (b) { b.checked = params.get(b.name) === b.value; });
  }

  form.addEventListener("change", function () { toAddress(); draw(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { toAddress(); draw(); });  // after the browser has reset the fields
  });
  window.addEventListener("popstate", function () { fromAddress(); draw(); });

  fromAddress();
  fetch(root.dataset.api)
    .then(function (response) { return response.json(); })
    .then(function (json) { data = json; draw(); })
    .catch(function () { status.textContent = "The data could not be loaded."; });
})();
