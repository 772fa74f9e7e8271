// PolicyScope: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Upload: send the token as a bearer header (never as a form field) and show the result.
  var form = document.getElementById("upload");
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var data = new FormData(form);
      var token = data.get("token") || "";
      data.delete("token");
      var out = document.getElementById("upload-result");
      out.textContent = "…";
      fetch(form.action, {
        method: "POST",
        body: data,
        headers: { Authorization: "Bearer " + token },
      })
        .then(function (r) {
          return r.json().then(function (body) {
            return { ok: r.ok, status: r.status, body: body };
          });
        })
        .then(function (res) {
          out.className = res.ok ? "ok" : "error";
          out.textContent = res.ok
            ? JSON.stringify(res.body.outcomes, null, 1)
            : res.status + ": " + (res.body.error || "");
          if (res.ok) {
            res.body.outcomes.forEach(function (o) {
              if (o.doc_id) {
                var a = document.createElement("a");
                a.href = "/doc/" + o.doc_id;
                a.textContent = " → /doc/" + o.doc_id;
                out.appendChild(a);
              }
            });
          }
        })
        .catch(function (e) {
          out.className = "error";
          out.textContent = String(e);
        });
    });
  }
  // Reader: bring the highlighted span into view.
  var hl = document.getElementById("hl");
  if (hl && hl.scrollIntoView) hl.scrollIntoView({ block: "center" });
})();
