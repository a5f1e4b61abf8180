/* The list's search and filters, in the browser from window.REGISTER_DATA (data/documents.js):
   no server and nothing fetched, so index.html works opened from the disk. Only hides rows the
   page already shows; never writes data into the page as HTML. */
(function () {
  "use strict";
  var data = window.REGISTER_DATA;
  var form = document.getElementById("filters");
  var list = document.getElementById("list");
  if (!form || !Array.isArray(data)) return; // without the data, the full list stays as it is
  form.hidden = false;

  // 宣府规[2026]3号, 宣府规（2026）3号 and full-width digits all find 宣府规〔2026〕3号
  function norm(s) {
    return String(s || "").toLowerCase()
      .replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
      .replace(/[\[（(【［]/g, "〔").replace(/[\]）)】］]/g, "〕").replace(/〔(\d{4})〕第/g, "〔$1〕");
  }
  var rows = list ? Array.prototype.slice.call(list.tBodies[0].rows) : [];
  var hay = data.map(function (d) { return norm([d.title, d.number, d.issuer, d.co_issuers].join(" ")); });
  var q = document.getElementById("q"), year = document.getElementById("f-year"),
      issuer = document.getElementById("f-issuer"), status = document.getElementById("f-status"),
      count = document.getElementById("count"), empty = document.getElementById("empty");

  function apply() {
    var words = norm(q.value).split(/[\s,，、;；]+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (tr) {
      var i = Number(tr.getAttribute("data-i")), d = data[i];
      var ok = !!d &&
        (!year.value || String(d.year) === year.value) &&
        (!issuer.value || d.issuer === issuer.value) &&
        (!status.value || d.status === status.value) &&
        words.every(function (w) { return hay[i].indexOf(w) >= 0; });
      tr.hidden = !ok;
      if (ok) shown++;
    });
    var filtered = shown !== data.length;
    count.textContent = filtered ? "共 " + data.length + " 件，符合条件 " + shown + " 件" : "共 " + data.length + " 件";
    empty.hidden = shown > 0;
  }
  q.addEventListener("input", apply);
  [year, issuer, status].forEach(function (el) { el.addEventListener("change", apply); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();
