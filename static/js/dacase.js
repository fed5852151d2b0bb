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

// DASH: each answer is saved the moment it is given. One that fails (no signal, a server error) is marked
// "Not saved", counted, and sent again when the browser is back online and every little while; the section
// cannot be submitted while any is unsaved.
(function () {
  "use strict";
  var form = document.querySelector("form.dash-section");
  if (!form) {
    return;
  }
  var url = form.dataset.answerUrl;
  var RETRY_MS = 10000;
  // Question id -> true while its latest answer is not known to be saved.
  var unsaved = {};
  var count = document.getElementById("unsaved-count");
  var block = document.getElementById("unsaved-block");

  function unsavedIds() {
    return Object.keys(unsaved);
  }

  function showCount() {
    var n = unsavedIds().length;
    count.textContent = n ? n + (n === 1 ? " answer" : " answers") + " not saved yet: retrying when the connection returns." : "";
    document.body.classList.toggle("dash-has-unsaved", n > 0);
    if (!n) {
      block.hidden = true;
      block.textContent = "";
    }
  }

  function state(fieldset) {
    return fieldset.querySelector(".save-state");
  }

  function markUnsaved(fieldset, text) {
    unsaved[fieldset.dataset.question] = true;
    fieldset.classList.add("answer-unsaved");
    var el = state(fieldset);
    el.textContent = "";
    var p = document.createElement("p");
    p.className = "answer-unsaved-text mb-0";
    p.textContent = text;
    el.appendChild(p);
    showCount();
  }

  function markSaved(fieldset) {
    delete unsaved[fieldset.dataset.question];
    fieldset.classList.remove("answer-unsaved");
    showCount();
  }

  function save(fieldset) {
    var id = fieldset.dataset.question;
    var checked = fieldset.querySelector("input[type=radio]:checked");
    if (!checked) {
      return;
    }
    var comment = fieldset.querySelector("[name='q" + id + "_comment']");
    var source = fieldset.querySelector("[name='q" + id + "_source']");
    // Until the server says otherwise the answer counts as unsaved: submitting now could lose it.
    unsaved[id] = true;
    showCount();
    // Each question is its own source: htmx keeps one request in flight per source and drops all but
    // the last queued one, which for one question is right (the latest answer wins) and for the page would
    // lose answers tapped in quick succession.
    htmx.ajax("POST", url, {
      source: fieldset,
      target: state(fieldset),
      swap: "innerHTML",
      values: {
        question: id,
        value: checked.value,
        comment: comment ? comment.value : "",
        source: source ? source.value : "",
      },
    });
  }

  function retry() {
    unsavedIds().forEach(function (id) {
      var fieldset = form.querySelector("fieldset[data-question='" + id + "']");
      if (fieldset && fieldset.dataset.retry === "true" && fieldset.dataset.saving !== "true") {
        save(fieldset);
      }
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (fieldset) {
      save(fieldset);
    }
  });

  form.addEventListener("htmx:beforeRequest", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (fieldset) {
      fieldset.dataset.saving = "true";
    }
  });

  // A signed-out session answers with the login page (after a redirect): that is not a saved answer.
  form.addEventListener("htmx:beforeSwap", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    var xhr = event.detail.xhr;
    if (!fieldset || xhr.status !== 200) {
      return;
    }
    if (xhr.responseURL && new URL(xhr.responseURL).pathname !== new URL(url, window.location.href).pathname) {
      event.detail.shouldSwap = false;
      fieldset.dataset.retry = "false";
      markUnsaved(fieldset, "Not saved: you have been signed out. Sign in again in another tab, then change this answer.");
    }
  });

  form.addEventListener("htmx:afterRequest", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (!fieldset) {
      return;
    }
    fieldset.dataset.saving = "false";
    var xhr = event.detail.xhr;
    // htmx:afterRequest follows every outcome: a sent and saved answer, htmx:sendError (no connection) and
    // htmx:responseError (an error status, not swapped in).
    if (event.detail.successful && xhr.responseText.indexOf("data-saved") !== -1) {
      markSaved(fieldset);
      return;
    }
    if (!xhr || !xhr.status || xhr.status >= 500) {
      // No signal or a server fault: the same answer is sent again later.
      fieldset.dataset.retry = "true";
      markUnsaved(fieldset, "Not saved \u2014 will retry when the connection returns.");
    } else if (xhr.status === 400) {
      // Refused: sending it again would be refused again; the reason is shown and the officer changes the answer.
      fieldset.dataset.retry = "false";
      var reason = document.createElement("div");
      reason.innerHTML = xhr.responseText;
      var error = reason.querySelector("[data-save-error]");
      markUnsaved(fieldset, error ? error.textContent : "Not saved: that answer was refused.");
    } else if (fieldset.dataset.retry !== "false") {
      fieldset.dataset.retry = "false";
      markUnsaved(fieldset, "Not saved: this assessment can no longer be changed here. Reload the page.");
    }
  });

  window.addEventListener("online", retry);
  window.setInterval(function () {
    if (unsavedIds().length && navigator.onLine !== false) {
      retry();
    }
  }, RETRY_MS);

  form.addEventListener("submit", function (event) {
    var n = unsavedIds().length;
    if (!n) {
      return;
    }
    event.preventDefault();
    block.hidden = false;
    block.textContent =
      n +
      (n === 1 ? " answer is" : " answers are") +
      " not saved yet. Wait until every answer shows \u201cSaved\u201d (they are retried when the connection returns), then go on.";
    block.tabIndex = -1;
    block.focus();
    retry();
  });
})();
