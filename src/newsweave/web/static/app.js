// newsweave web page: highlight a claim's counterparts in every column; toggle marks in an article.
// Plain script, no dependencies; the pages work without it.
(function () {
  "use strict";

  var selection = document.getElementById("selection");
  var hoveredClaim = null;

  function claimElements(claim) {
    return document.querySelectorAll('[data-claim="' + CSS.escape(claim) + '"]');
  }

  function mark(className, claim) {
    document.querySelectorAll("." + className).forEach(function (el) { el.classList.remove(className); });
    if (!claim) { return []; }
    var found = claimElements(claim);
    found.forEach(function (el) { el.classList.add(className); });
    return found;
  }

  function describe(claim, found) {
    var columns = new Set();
    var status = "";
    found.forEach(function (el) {
      var column = el.closest(".column");
      if (column) {
        columns.add(column.getAttribute("data-article"));
        status = status || ["shared", "unique", "conflict"].find(function (s) { return el.classList.contains(s); }) || "";
      }
    });
    var total = document.querySelectorAll(".column").length;
    return "Claim " + claim + (status ? " (" + status + ")" : "") + ": in " + columns.size + " of " + total +
      " sources, highlighted. Esc clears.";
  }

  function select(claim) {
    var found = mark("selected", claim);
    if (selection) {
      selection.textContent = claim ? describe(claim, found) : "Selection cleared.";
    }
    document.body.setAttribute("data-selected-claim", claim || "");
  }

  function hover(claim) {
    if (claim === hoveredClaim) { return; }
    hoveredClaim = claim;
    mark("hovered", claim);
  }

  function claimOf(target) {
    var el = target && target.closest ? target.closest("[data-claim]") : null;
    return el ? el.getAttribute("data-claim") : null;
  }

  document.addEventListener("click", function (event) {
    var claim = claimOf(event.target);
    if (claim) { select(claim); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { select(null); return; }
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target.matches && target.matches("[data-claim][tabindex]")) {
      event.preventDefault();
      select(target.getAttribute("data-claim"));
    }
  });
  document.addEventListener("mouseover", function (event) { hover(claimOf(event.target)); });
  document.addEventListener("focusin", function (event) { hover(claimOf(event.target)); });

  var toggles = document.getElementById("toggles");
  var body = document.getElementById("article-body");
  if (toggles && body) {
    toggles.hidden = false;
    toggles.querySelectorAll("input[data-toggle]").forEach(function (box) {
      box.addEventListener("change", function () {
        body.classList.toggle("hide-" + box.getAttribute("data-toggle"), !box.checked);
      });
    });
  }
}());
