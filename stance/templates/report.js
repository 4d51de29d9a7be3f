// stance report: the evidence table (filter, sort, paginate) and sortable static tables.
// Plain JavaScript, no libraries, no network. Rows are built with textContent, so no text
// from a document is ever parsed as HTML.
(function () {
  "use strict";
  var dataNode = document.getElementById("evidence-data");
  if (dataNode) { evidence(JSON.parse(dataNode.textContent)); }
  var tables = document.querySelectorAll("table.sortable");
  for (var i = 0; i < tables.length; i++) { sortableTable(tables[i]); }

  function evidence(data) {
    var pageSize = parseInt(document.body.getAttribute("data-page-size"), 10) || 50;
    var body = document.querySelector("#evidence-table tbody");
    var heads = document.querySelectorAll("#evidence-table th");
    var state = { page: 0, key: "doc", dir: 1, rows: [] };
    var kinds = ["actor", "cue", "shifter"];
    fill("f-actor", data.actors);
    fill("f-source", data.sources);
    fill("f-label", data.labels);
    ["f-actor", "f-source", "f-label", "f-text"].forEach(function (id) {
      document.getElementById(id).addEventListener("input", function () { state.page = 0; update(); });
    });
    document.getElementById("p-prev").addEventListener("click", function () { state.page--; render(); });
    document.getElementById("p-next").addEventListener("click", function () { state.page++; render(); });
    for (var h = 0; h < heads.length; h++) {
      heads[h].addEventListener("click", function (event) {
        var key = event.currentTarget.getAttribute("data-key");
        state.dir = state.key === key ? -state.dir : 1;
        state.key = key;
        update();
      });
    }
    update();

    function fill(id, values) {
      var select = document.getElementById(id);
      values.forEach(function (value, index) {
        var option = document.createElement("option");
        option.value = String(index);
        option.textContent = value;
        select.appendChild(option);
      });
    }
    function value(id) { return document.getElementById(id).value; }
    function sortValue(row, key) {
      if (key === "doc") { return data.docs[row[0]][0]; }
      if (key === "source") { return data.sources[row[1]]; }
      if (key === "actor") { return data.actors[row[2]]; }
      if (key === "label") { return row[3]; }
      if (key === "score") { return row[4]; }
      return data.sentences[row[5]];
    }
    function update() {
      var actor = value("f-actor"), source = value("f-source"), label = value("f-label");
      var text = value("f-text").toLowerCase();
      state.rows = data.rows.filter(function (row) {
        return (actor === "" || row[2] === +actor) && (source === "" || row[1] === +source) &&
          (label === "" || row[3] === +label) &&
          (text === "" || data.sentences[row[5]].toLowerCase().indexOf(text) >= 0);
      });
      var key = state.key, dir = state.dir;
      state.rows.sort(function (a, b) {
        var x = sortValue(a, key), y = sortValue(b, key);
        if (x < y) { return -dir; }
        if (x > y) { return dir; }
        return 0;
      });
      for (var h = 0; h < heads.length; h++) {
        heads[h].classList.remove("asc", "desc");
        if (heads[h].getAttribute("data-key") === key) { heads[h].classList.add(dir > 0 ? "asc" : "desc"); }
      }
      render();
    }
    function cell(tr, content, className) {
      var td = document.createElement("td");
      if (className) { td.className = className; }
      if (typeof content === "string") { td.textContent = content; } else { td.appendChild(content); }
      tr.appendChild(td);
      return td;
    }
    function sentence(row) {
      var text = data.sentences[row[5]], marks = row[6], cursor = 0;
      var span = document.createDocumentFragment();
      marks.forEach(function (mark) {
        span.appendChild(document.createTextNode(text.slice(cursor, mark[0])));
        var kind = kinds[mark[2]], node;
        if (kind === "actor") { node = document.createElement("u"); node.className = "actor"; }
        else if (kind === "cue") {
          var strength = Math.abs(mark[3]) < 0.1 ? 1 : Math.abs(mark[3]) < 0.25 ? 2 : Math.abs(mark[3]) < 0.5 ? 3 : 4;
          node = document.createElement("span");
          node.className = "cue " + (mark[3] < 0 ? "neg" : "pos") + strength;
        } else { node = document.createElement("span"); node.className = "shifter"; }
        node.textContent = text.slice(mark[0], mark[1]);
        node.title = mark[4];
        span.appendChild(node);
        cursor = mark[1];
      });
      span.appendChild(document.createTextNode(text.slice(cursor)));
      return span;
    }
    function render() {
      var pages = Math.max(1, Math.ceil(state.rows.length / pageSize));
      state.page = Math.min(Math.max(state.page, 0), pages - 1);
      var start = state.page * pageSize, shown = state.rows.slice(start, start + pageSize);
      var fragment = document.createDocumentFragment();
      shown.forEach(function (row) {
        var tr = document.createElement("tr"), doc = data.docs[row[0]];
        var link = document.createElement("a");
        link.textContent = doc[0];
        if (doc[1]) { link.href = doc[1]; }
        if (doc[2]) { link.title = doc[2]; }
        cell(tr, link);
        cell(tr, data.sources[row[1]]);
        cell(tr, data.actors[row[2]]);
        cell(tr, sentence(row));
        var score = row[4];
        cell(tr, (score > 0 ? "+" : score < 0 ? "\u2212" : "") + Math.abs(score).toFixed(3), "num");
        var badge = document.createElement("span");
        badge.className = "label " + data.labels[row[3]];
        badge.textContent = data.labels[row[3]];
        cell(tr, badge);
        fragment.appendChild(tr);
      });
      body.textContent = "";
      body.appendChild(fragment);
      document.getElementById("f-count").textContent = state.rows.length + " of " + data.rows.length + " mentions";
      document.getElementById("p-info").textContent = state.rows.length ?
        "rows " + (start + 1) + "\u2013" + (start + shown.length) + " of " + state.rows.length +
        " (page " + (state.page + 1) + " of " + pages + ")" : "no mention matches the filters";
      document.getElementById("p-prev").disabled = state.page === 0;
      document.getElementById("p-next").disabled = state.page >= pages - 1;
    }
  }

  function sortableTable(table) {
    var heads = table.querySelectorAll("thead th");
    for (var i = 0; i < heads.length; i++) {
      heads[i].addEventListener("click", (function (column) {
        return function (event) {
          var th = event.currentTarget, dir = th.classList.contains("asc") ? -1 : 1;
          var tbody = table.tBodies[0], rows = Array.prototype.slice.call(tbody.rows);
          rows.sort(function (a, b) {
            var x = a.cells[column].textContent, y = b.cells[column].textContent;
            var nx = parseFloat(x.replace("\u2212", "-")), ny = parseFloat(y.replace("\u2212", "-"));
            if (!isNaN(nx) && !isNaN(ny)) { return (nx - ny) * dir; }
            return x.localeCompare(y) * dir;
          });
          for (var h = 0; h < heads.length; h++) { heads[h].classList.remove("asc", "desc"); }
          th.classList.add(dir > 0 ? "asc" : "desc");
          rows.forEach(function (row) { tbody.appendChild(row); });
        };
      })(i));
    }
  }
})();
