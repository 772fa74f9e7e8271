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
          if (!res.ok) {
            out.className = "error";
            out.textContent = res.status + ": " + (res.body.error || "");
            return;
          }
          out.className = "";
          out.textContent = form.dataset.queued || "…";
          poll(res.body.status_url, out);
        })
        .catch(function (e) {
          out.className = "error";
          out.textContent = String(e);
        });
    });
  }
  // Upload jobs run in the background: ask their status URL until they are finished, then
  // say what happened in words, with a link to each stored document.
  function poll(url, out) {
    fetch(url)
      .then(function (r) {
        return r.json();
      })
      .then(function (job) {
        if (job.status === "queued" || job.status === "running") {
          setTimeout(function () {
            poll(url, out);
          }, 400);
          return;
        }
        out.className = job.status === "done" ? "ok" : "error";
        out.textContent =
          (job.status === "done" ? form.dataset.done : form.dataset.failed) +
          (job.error ? ": " + job.error : "");
        (job.outcomes || []).forEach(function (o) {
          var line = document.createElement("div");
          line.textContent = o.status + " · " + job.file + " ";
          if (o.doc_id) {
            var a = document.createElement("a");
            a.href = "/doc/" + o.doc_id;
            a.textContent = "→ #" + o.doc_id;
            line.appendChild(a);
          }
          out.appendChild(line);
        });
      })
      .catch(function (e) {
        out.className = "error";
        out.textContent = String(e);
      });
  }
  // Reader: bring the highlighted span into view.
  var hl = document.getElementById("hl");
  if (hl && hl.scrollIntoView) hl.scrollIntoView({ block: "center" });
})();
