(function () {
  "use strict";
  var PAGE = 100;
  var data = JSON.parse(document.getElementById("flow-data").textContent);
  var S = data.strings, rows = data.rows, kinds = data.kinds;
  var C = {}; data.cols.forEach(function (c, i) { C[c] = i; });
  var table = document.getElementById("flow-table");
  var tbody = table.tBodies[0];
  var fVerdict = document.getElementById("f-verdict"), fRole = document.getElementById("f-role");
  var fHost = document.getElementById("f-host");
  var state = { sort: 0, dir: 1, page: 0, view: [] };
  var lowerHost = {};
  function verdictMatches(r, v) {
    return v === "unanswered" ? kinds[r[C.kind]] === "unanswered attempt" : S[r[C.verdict]] === v;
  }
  function val(r, col) {
    var c = data.cols[col];
    if (c === "kind") { return kinds[r[col]]; }
    if (c === "id" || c === "startMs" || c === "durMs" || c === "up" || c === "down") { return r[col]; }
    return S[r[col]];
  }
  function readHash() {
    var so = /[#&]sort=(-?)(\w+)/.exec(location.hash);
    if (so && C[so[2]] !== undefined) { state.sort = C[so[2]]; state.dir = so[1] ? -1 : 1; }
    var m = /[#&]filter=([^&]*)/.exec(location.hash);
    if (!m) { return; }
    decodeURIComponent(m[1]).split(",").forEach(function (part) {
      var i = part.indexOf(":"); if (i < 0) { return; }
      var k = part.slice(0, i), v = part.slice(i + 1);
      if (k === "verdict") { fVerdict.value = v; }
      else if (k === "role") { fRole.value = v; }
      else if (k === "host") { fHost.value = v; }
    });
  }
  function filter() {
    var v = fVerdict.value, role = fRole.value, host = fHost.value.trim().toLowerCase();
    var out = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (v && !verdictMatches(r, v)) { continue; }
      if (role && S[r[C.role]] !== role) { continue; }
      if (host) {
        var h = lowerHost[r[C.host]];
        if (h === undefined) { h = lowerHost[r[C.host]] = S[r[C.host]].toLowerCase(); }
        if (h.indexOf(host) < 0) { continue; }
      }
      out.push(r);
    }
    var col = state.sort, dir = state.dir;
    out.sort(function (a, b) {
      var x = val(a, col), y = val(b, col);
      if (x < y) { return -dir; } if (x > y) { return dir; } return a[0] - b[0];
    });
    state.view = out; state.page = 0;
    table.setAttribute("data-visible-rows", String(out.length));
    render();
  }
  function cell(tr, text) { var td = document.createElement("td"); td.textContent = text; tr.appendChild(td); }
  function render() {
    var view = state.view, pages = Math.max(1, Math.ceil(view.length / PAGE));
    if (state.page >= pages) { state.page = pages - 1; }
    var frag = document.createDocumentFragment();
    var end = Math.min(view.length, (state.page + 1) * PAGE);
    for (var i = state.page * PAGE; i < end; i++) {
      var r = view[i], tr = document.createElement("tr");
      tr.className = "k" + r[C.kind];
      cell(tr, String(r[C.id])); cell(tr, (r[C.startMs] / 1000).toFixed(3)); cell(tr, String(r[C.durMs]));
      cell(tr, kinds[r[C.kind]]); cell(tr, S[r[C.route]]); cell(tr, S[r[C.role]]); cell(tr, S[r[C.host]]);
      cell(tr, S[r[C.server]] + (S[r[C.proxy]] ? " via " + S[r[C.proxy]] : "")); cell(tr, S[r[C.sni]]);
      cell(tr, S[r[C.client]]); cell(tr, S[r[C.process]]);
      cell(tr, String(r[C.up])); cell(tr, String(r[C.down])); cell(tr, S[r[C.reason]]);
      frag.appendChild(tr);
    }
    tbody.textContent = "";
    tbody.appendChild(frag);
    document.getElementById("p-info").textContent = "page " + (state.page + 1) + " of " + pages;
    document.getElementById("f-count").textContent = view.length + " of " + rows.length + " connections";
    document.getElementById("p-prev").disabled = state.page === 0;
    document.getElementById("p-next").disabled = state.page >= pages - 1;
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener("click", function () {
      var col = Number(th.getAttribute("data-col"));
      state.dir = state.sort === col ? -state.dir : 1; state.sort = col;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.className = ""; });
      th.className = state.dir > 0 ? "asc" : "desc";
      filter();
    });
  });
  fVerdict.addEventListener("change", filter); fRole.addEventListener("change", filter);
  fHost.addEventListener("input", filter);
  document.getElementById("flow-controls").addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("p-prev").addEventListener("click", function () { state.page--; render(); });
  document.getElementById("p-next").addEventListener("click", function () { state.page++; render(); });
  window.addEventListener("hashchange", function () { readHash(); filter(); });
  Array.prototype.forEach.call(document.querySelectorAll("button.copy"), function (b) {
    b.addEventListener("click", function () {
      var text = b.getAttribute("data-copy");
      if (navigator.clipboard) {
        navigator.clipboard.writeText(text).then(function () { b.textContent = "Copied"; }, function () { b.textContent = "Select and copy"; });
      }
    });
  });
  readHash();
  filter();
  // Read by the browser test: a page wider than the window means a long name broke the layout.
  document.body.setAttribute("data-scroll-width", String(document.documentElement.scrollWidth));
  document.body.setAttribute("data-view-width", String(document.documentElement.clientWidth));
  document.body.setAttribute("data-ready", "1");
})();
