// dacase page behaviour. Loaded as a file: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  // htmx sends the CSRF token with every request it makes.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.value;
    }
  });
  // A form submits once: a double click must not create two records.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) {
      // Held back by the page (e.g. DASH answers still unsaved): it may be submitted again.
      return;
    }
    if (form.dataset.submitted === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
    });
  });
})();

// A table that scrolls sideways (a narrow screen) can be reached and scrolled from the keyboard, and is
// named for screen readers (WCAG 2.1.1; axe scrollable-region-focusable). Only while it scrolls: a tab stop
// on a table that fits would be noise.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1;
      if (scrolls && !region.hasAttribute("tabindex")) {
        var caption = region.querySelector("caption");
        region.tabIndex = 0;
        region.setAttribute("role", "region");
        region.setAttribute("aria-label", (caption ? caption.textContent.trim() : "Table") + " (scrolls sideways)");
        region.dataset.scrollFocus = "true";
      } else if (!scrolls && region.dataset.scrollFocus === "true") {
        region.removeAttribute("tabindex");
        region.removeAttribute("role");
        region.removeAttribute("aria-label");
        delete region.dataset.scrollFocus;
      }
    });
  }
  mark();
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(mark, 150);
  });
  document.addEventListener("htmx:afterSettle", mark);
  // Folded sections (details) change what scrolls when they open.
  document.addEventListener("toggle", mark, true);
})();

// Call intake: live person matching for each party, picking a match, adding parties.
(function () {
  "use strict";
  var form = document.querySelector("form.intake");
  if (!form) {
    return;
  }
  var searchUrl = form.dataset.searchUrl;
  var SEARCH_FIELDS = ["given_name", "surname", "date_of_birth", "phone", "postcode"];
  var timers = {};

  function field(row, name) {
    return row.querySelector("[name='" + row.dataset.partyRow + "-" + name + "']");
  }

  function search(row) {
    var params = new URLSearchParams();
    var any = false;
    SEARCH_FIELDS.forEach(function (name) {
      var input = field(row, name);
      if (input && input.value.trim()) {
        params.set(name === "phone" ? "phone" : name, input.value.trim());
        any = true;
      }
    });
    var target = row.querySelector(".party-candidates");
    if (!any || field(row, "person").value) {
      target.innerHTML = "";
      return;
    }
    params.set("pick", row.dataset.partyRow);
    // The row is the source: htmx keeps one request per source, so each party row searches on its own.
    htmx.ajax("GET", searchUrl + "?" + params.toString(), { source: row, target: target, swap: "innerHTML" });
  }

  form.addEventListener("input", function (event) {
    var row = event.target.closest("[data-party-row]");
    if (!row) {
      return;
    }
    var name = event.target.name.slice(row.dataset.partyRow.length + 1);
    if (SEARCH_FIELDS.indexOf(name) === -1) {
      return;
    }
    clearTimeout(timers[row.dataset.partyRow]);
    timers[row.dataset.partyRow] = setTimeout(function () { search(row); }, 300);
  });

  function unlink(row) {
    field(row, "person").value = "";
    row.querySelector(".party-chosen").innerHTML = "";
  }

  function typed(row) {
    var params = new URLSearchParams();
    SEARCH_FIELDS.forEach(function (name) {
      var input = field(row, name);
      if (input && input.value.trim()) {
        params.set(name, input.value.trim());
      }
    });
    return params.toString();
  }

  form.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-pick-row]");
    if (pick) {
      var row = form.querySelector("[data-party-row='" + pick.dataset.pickRow + "']");
      field(row, "person").value = pick.dataset.personId;
      row.querySelector(".party-candidates").innerHTML = "";
      var chosen = row.querySelector(".party-chosen");
      // The server renders the chosen person (name, band, reasons, history) exactly as it does when the
      // form comes back with an error: one template, one function.
      htmx.ajax("GET", pick.dataset.chosenUrl + "?" + typed(row), {
        source: chosen,
        target: chosen,
        swap: "innerHTML",
      }).then(function () {
        var linked = chosen.querySelector(".linked-person [tabindex]");
        if (linked) {
          linked.focus();
        }
      });
      return;
    }
    var unlinkButton = event.target.closest("[data-unlink]");
    if (unlinkButton) {
      var unlinkRow = unlinkButton.closest("[data-party-row]");
      unlink(unlinkRow);
      field(unlinkRow, "surname").focus();
    }
  });

  var addButton = document.getElementById("add-party");
  var template = document.getElementById("party-template");
  var total = form.querySelector("[name='party-TOTAL_FORMS']");
  if (addButton && template && total) {
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      row.querySelector("legend").textContent = "Person " + (index + 1);
      document.getElementById("parties").appendChild(row);
      total.value = String(index + 1);
      row.querySelector("select, input:not([type=hidden])").focus();
    });
  }

  var errors = document.getElementById("form-errors");
  if (errors) {
    errors.focus();
  }
})();

// DASH answers: static/js/offline.js (each tap kept on the device first, then sent).
