// casework: small progressive enhancements; every page works without this script.
// Board filters update the results in place (a partial update, like htmx's hx-get/hx-select)
// and keep the address bar in step, so the filtered board can be bookmarked; an open board
// asks for its fresh results every data-poll seconds (htmx's hx-trigger="every 5s"), so a case
// that moves shows without a reload. A planned card the person may re-plan can be dragged onto
// another meeting of the same body that the case can reach: the lanes its move form offers
// (the server lists only the meetings the planner can plan it for), every other lane refuses
// the drop and nothing is sent. The drop submits the card's own move form (the same endpoint,
// CSRF token and re-plan as its button), so keyboard and no-JS users keep the form.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-live]");
  var target = document.getElementById("board-results");
  if (!target || !window.fetch) { return; }
  var busy = false;
  var dragged = null; // the card being dragged: {form, select, targets}; polling waits for it
  function load(url, onError) {
    busy = true;
    target.setAttribute("aria-busy", "true");
    return fetch(url, { credentials: "same-origin", headers: { "X-Casework-Partial": "board" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("board-results");
        if (fresh && !dragged) { target.replaceWith(fresh); target = fresh; }
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
      if (busy || dragged || document.visibilityState === "hidden") { return; }
      // Not while the person is choosing in a form on the board (moving a case).
      if (target.contains(document.activeElement) && document.activeElement.form) { return; }
      load(window.location.href, function () {});
    }, every * 1000);
  }
  // Drag and drop, delegated from the document: the results are replaced by every poll.
  function laneOf(node) {
    var lane = node && node.closest ? node.closest("#board-results [data-meeting]") : null;
    return lane && dragged && dragged.targets[lane.getAttribute("data-meeting")] ? lane : null;
  }
  function lanes() { return document.querySelectorAll("#board-results [data-meeting]"); }
  function endDrag() {
    dragged = null;
    Array.prototype.forEach.call(lanes(), function (lane) {
      lane.classList.remove("drop-ok", "drop-no");
      lane.removeAttribute("data-drop-label");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".card.dragging"), function (card) {
      card.classList.remove("dragging");
    });
  }
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest("#board-results li.card[draggable=true]") : null;
    var form = card && card.querySelector("form.move");
    var select = form && form.querySelector("select[name=target]");
    if (!select) { return; }
    var targets = {};
    Array.prototype.forEach.call(select.options, function (o) { targets[o.value] = true; });
    dragged = { form: form, select: select, targets: targets };
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-case"));
    card.classList.add("dragging");
    var label = target.getAttribute("data-drop") || "";
    Array.prototype.forEach.call(lanes(), function (lane) {
      var ok = targets[lane.getAttribute("data-meeting")] === true;
      lane.classList.add(ok ? "drop-ok" : "drop-no");
      if (ok) { lane.setAttribute("data-drop-label", label); }
    });
  });
  function accept(event) {
    if (laneOf(event.target)) {
      event.preventDefault(); // only a lane that accepts: the others refuse the drop
      event.dataTransfer.dropEffect = "move";
    }
  }
  document.addEventListener("dragenter", accept);
  document.addEventListener("dragover", accept);
  document.addEventListener("drop", function (event) {
    var lane = laneOf(event.target);
    if (!lane) { return; }
    event.preventDefault();
    var drop = dragged;
    drop.select.value = lane.getAttribute("data-meeting");
    endDrag();
    drop.form.submit(); // the move form's own post: re-planned through the engine, recorded
  });
  document.addEventListener("dragend", endDrag);
});

// The presentation's editor: each text area's preview follows the typing (the server renders
// the same on "Kontrollér"), and a file form with data-progress sends its file with a progress
// bar, then shows the page the server answers with (its message included). Text is set with
// textContent only, never as HTML.
function caseworkEditor() {
  var AT = /^at\b/i;
  function clauses(text) {
    return text.split(/\n|;/).map(function (raw) {
      return raw.replace(/^\s*(?:\d+\s*[.)]|[-*•·–])\s*/, "").trim().replace(/,$/, "");
    }).filter(function (c) { return c.length > 0; }).map(function (c) {
      return AT.test(c) ? c : "at " + c;
    });
  }
  function preview(area) {
    var target = document.getElementById(area.getAttribute("data-preview"));
    if (!target) { return; }
    target.textContent = "";
    var text = area.value.replace(/\r\n/g, "\n");
    if (area.hasAttribute("data-clauses")) {
      var items = clauses(text);
      if (!items.length) { return; }
      var list = document.createElement("ol");
      list.className = "clauses";
      items.forEach(function (c) {
        var li = document.createElement("li");
        li.textContent = c;
        list.appendChild(li);
      });
      target.appendChild(list);
      return;
    }
    text.split(/\n\n+/).filter(function (b) { return b.trim(); }).forEach(function (block) {
      var p = document.createElement("p");
      block.split("\n").forEach(function (line, i) {
        if (i) { p.appendChild(document.createElement("br")); }
        p.appendChild(document.createTextNode(line));
      });
      target.appendChild(p);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-preview]"), function (area) {
    area.addEventListener("input", function () { preview(area); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("form[data-progress]"), function (form) {
    if (!window.XMLHttpRequest || !window.FormData) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var bar = form.querySelector("progress");
      var button = form.querySelector("button[type=submit]");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      if (bar) { bar.hidden = false; bar.value = 0; }
      if (button) { button.disabled = true; }
      xhr.upload.addEventListener("progress", function (e) {
        if (bar && e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
      });
      xhr.addEventListener("load", function () {
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        if (!doc.body) { window.location.reload(); return; }
        document.title = doc.title;
        document.body.replaceWith(doc.body);
        history.replaceState(null, "", xhr.responseURL || window.location.href);
        caseworkEditor();
      });
      xhr.addEventListener("error", function () { form.submit(); });
      xhr.send(new FormData(form));
    });
  });
}
document.addEventListener("DOMContentLoaded", caseworkEditor);
