// casework: small progressive enhancements; every page works without this script.
// Board filters update the results in place (a partial update, like htmx's hx-get/hx-select)
// and keep the address bar in step, so the filtered board can be bookmarked.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-live]");
  var target = document.getElementById("board-results");
  if (!form || !target || !window.fetch) { return; }
  form.addEventListener("change", function () {
    var query = new URLSearchParams(new FormData(form)).toString();
    var url = form.getAttribute("action") + (query ? "?" + query : "");
    target.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("board-results");
        if (fresh) { target.replaceWith(fresh); target = fresh; }
        history.replaceState(null, "", url);
      })
      .catch(function () { form.submit(); })
      .finally(function () { target.removeAttribute("aria-busy"); });
  });
});
