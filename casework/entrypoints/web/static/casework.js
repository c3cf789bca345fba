// casework: small progressive enhancements; every page works without this script.
// Board filters update the results in place (a partial update, like htmx's hx-get/hx-select)
// and keep the address bar in step, so the filtered board can be bookmarked; an open board
// asks for its fresh results every data-poll seconds (htmx's hx-trigger="every 5s"), so a case
// that moves shows without a reload.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-live]");
  var target = document.getElementById("board-results");
  if (!target || !window.fetch) { return; }
  var busy = false;
  function load(url, onError) {
    busy = true;
    target.setAttribute("aria-busy", "true");
    return fetch(url, { credentials: "same-origin", headers: { "X-Casework-Partial": "board" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("board-results");
        if (fresh) { target.replaceWith(fresh); target = fresh; }
      })
      .catch(onError)
      .finally(function () { busy = false; target.removeAttribute("aria-busy"); });
  }
  if (form) {
    form.addEventListener("change", function () {
      var query = new URLSearchParams(new FormData(form)).toString();
      var url = form.getAttribute("action") + (query ? "?" + query : "");
      load(url, function () { form.submit(); }).then(function () {
        history.replaceState(null, "", url);
      });
    });
  }
  var every = parseFloat(target.getAttribute("data-poll") || "0");
  if (every > 0) {
    window.setInterval(function () {
      if (busy || document.visibilityState === "hidden") { return; }
      // Not while the person is choosing in a form on the board (moving a case).
      if (target.contains(document.activeElement) && document.activeElement.form) { return; }
      load(window.location.href, function () {});
    }, every * 1000);
  }
});
