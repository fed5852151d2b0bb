// The officer's phone without a signal (issue 15). Loaded as a file on every page (no inline script: CSP).
//
// - Every DASH answer tapped is first written to this device (IndexedDB) as an event with the device's
//   time and an idempotency key, then sent; each answer shows "Saved", "Waiting" or "Failed", and the page
//   counts what is waiting. Waiting events go in order when the signal returns (online, the page becoming
//   visible, Background Sync where the browser has it, and every 15 s while any wait).
// - What the device keeps (the events, the DASH pages opened online, the photographs) is encrypted with
//   AES-GCM under a key the server hands out for the session (/api/v1/device-key/), kept as a
//   non-extractable CryptoKey. A new session's key (or none: signed out, session ended) wipes it all.
// - The service worker (/sw.js) caches only static files and the offline page; a DASH page opened
//   without a signal is the offline page, which fills itself from this store.
(function () {
  "use strict";
  var DB_NAME = "dacase-device";
  var STORES = ["meta", "events", "pages", "photos"];
  var KEY_URL = "/api/v1/device-key/";
  var BATCH = 50;
  var body = document.body;
  var signedIn = body.dataset.signedIn === "true";
  var shellEl = document.getElementById("offline-shell");
  var mainEl = document.getElementById("main");
  var pageHtml = mainEl ? mainEl.innerHTML : "";
  var state = { key: null, keyId: null, csrf: null, device: null, syncing: null };

  if (!window.indexedDB || !window.crypto || !window.crypto.subtle) {
    return;
  }

  // ---- IndexedDB -------------------------------------------------------------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore("meta");
        db.createObjectStore("events", { keyPath: "seq", autoIncrement: true });
        db.createObjectStore("pages");
        db.createObjectStore("photos", { keyPath: "seq", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // Runs fn(stores) in one transaction; resolves with what fn's request (if any) gave.
  function tx(names, mode, fn) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(names, mode);
        var stores = {};
        [].concat(names).forEach(function (n) { stores[n] = t.objectStore(n); });
        var request = fn(stores);
        t.oncomplete = function () {
          db.close();
          resolve(request && "result" in request ? request.result : undefined);
        };
        t.onerror = t.onabort = function () {
          db.close();
          reject(t.error);
        };
      });
    });
  }

  function metaGet(name) { return tx("meta", "readonly", function (s) { return s.meta.get(name); }); }
  function metaSet(name, value) { return tx("meta", "readwrite", function (s) { return s.meta.put(value, name); }); }
  function allEvents() { return tx("events", "readonly", function (s) { return s.events.getAll(); }); }
  function allPhotos() { return tx("photos", "readonly", function (s) { return s.photos.getAll(); }); }

  // Everything personal goes: the key, the events, the pages, the photographs. The device's own random id
  // stays, and so does a count of answers deleted unsent (the officer is told: never a silent loss).
  function wipe(reason) {
    return Promise.all([allEvents(), allPhotos()]).then(function (found) {
      var lost = found[0].filter(function (e) { return e.state === "waiting"; }).length + found[1].length;
      return tx(STORES, "readwrite", function (s) {
        var device = s.meta.get("device");
        device.onsuccess = function () {
          s.meta.clear();
          if (device.result) { s.meta.put(device.result, "device"); }
          if (lost) { s.meta.put({ count: lost, reason: reason }, "lost"); }
        };
        s.events.clear();
        s.pages.clear();
        s.photos.clear();
      });
    }).then(function () {
      state.key = state.keyId = null;
    });
  }
  window.dacaseDeviceWipe = wipe;

  // ---- Web Crypto ------------------------------------------------------------------------------------
  function b64ToBytes(text) {
    var raw = atob(text);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function encrypt(value) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var plain = value instanceof ArrayBuffer ? value : new TextEncoder().encode(JSON.stringify(value));
    return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, state.key, plain).then(function (data) {
      return { iv: iv, data: data, keyId: state.keyId, binary: value instanceof ArrayBuffer };
    });
  }

  function decrypt(box) {
    if (!box || box.keyId !== state.keyId) { return Promise.reject(new Error("not this session's key")); }
    return crypto.subtle.decrypt({ name: "AES-GCM", iv: box.iv }, state.key, box.data).then(function (plain) {
      return box.binary ? plain : JSON.parse(new TextDecoder().decode(plain));
    });
  }

  // The session's key: asked of the server when there is a signal (a new session's key wipes what the
  // last one kept), else the one this device holds for the session it was opened in.
  function ensureKey() {
    return metaGet("device").then(function (device) {
      state.device = device || crypto.randomUUID();
      return device ? null : metaSet("device", state.device);
    }).then(function () {
      return fetch(KEY_URL, { credentials: "same-origin", headers: { Accept: "application/json" } });
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        return wipe("session-ended").then(function () { return null; });
      }
      if (!response.ok) { throw new Error("no key"); }
      return response.json().then(function (json) {
        state.csrf = json.csrf_token;
        return metaGet("key").then(function (held) {
          if (held && held.id === json.key_id) {
            state.key = held.key;
            state.keyId = held.id;
            return state.key;
          }
          return (held ? wipe("new-session") : Promise.resolve()).then(function () {
            return crypto.subtle.importKey("raw", b64ToBytes(json.key), "AES-GCM", false, ["encrypt", "decrypt"]);
          }).then(function (key) {
            state.key = key;
            state.keyId = json.key_id;
            return metaSet("key", { id: json.key_id, key: key }).then(function () { return key; });
          });
        });
      });
    }, function () {
      // No signal: the key this device holds, if any.
      return metaGet("key").then(function (held) {
        if (held) {
          state.key = held.key;
          state.keyId = held.id;
        }
        return state.key;
      });
    });
  }

  // ---- What the officer sees -------------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  function showLost() {
    return metaGet("lost").then(function (lost) {
      var box = document.getElementById("device-notice");
      if (!lost || !box || !signedIn) { return; }
      box.hidden = false;
      box.textContent =
        lost.count + (lost.count === 1 ? " answer or photograph" : " answers or photographs") +
        " kept on this phone could not be sent before your session ended, and were deleted from it " +
        "(a session's data is unreadable once it ends). Enter them again.";
      return metaSet("lost", null);
    });
  }

  function notice(text, kind) {
    var box = document.getElementById("dash-notices");
    if (!box) { return; }
    var p = el("p", "alert alert-" + (kind || "info") + " mb-2", text);
    box.appendChild(p);
  }

  function fieldsetFor(questionId) {
    return document.querySelector("fieldset[data-question='" + questionId + "']");
  }

  function markAnswer(questionId, status, text) {
    var fieldset = fieldsetFor(questionId);
    if (!fieldset) { return; }
    fieldset.dataset.state = status;
    fieldset.classList.toggle("answer-unsaved", status !== "saved");
    var target = fieldset.querySelector(".save-state");
    target.textContent = "";
    var cls = status === "saved" ? "text-success" : status === "failed" ? "answer-unsaved-text" : "answer-waiting-text";
    target.appendChild(el("span", "small " + cls, text));
  }

  function conflictNote(questionId) {
    var fieldset = fieldsetFor(questionId);
    if (!fieldset || fieldset.querySelector(".two-devices")) { return; }
    fieldset.appendChild(el("p", "two-devices small mb-0",
      "Also answered on another device: the later answer is kept, and both are in the assessment's history."));
  }

  function showCount() {
    return allEvents().then(function (events) {
      var waiting = events.filter(function (e) { return e.state === "waiting"; }).length;
      var failed = events.filter(function (e) { return e.state === "failed"; }).length;
      return allPhotos().then(function (photos) {
        var count = document.getElementById("unsaved-count");
        if (count) {
          var parts = [];
          if (waiting) { parts.push(waiting + " waiting to be sent (kept on this phone)"); }
          if (photos.length) { parts.push(photos.length + (photos.length === 1 ? " photograph" : " photographs") + " waiting"); }
          if (failed) { parts.push(failed + " failed"); }
          count.textContent = parts.length ? parts.join(" · ") + "." : "";
        }
        document.body.classList.toggle("dash-has-unsaved", waiting > 0);
        var block = document.getElementById("unsaved-block");
        if (block && !waiting) { block.hidden = true; }
        return waiting;
      });
    });
  }

  // ---- Events ----------------------------------------------------------------------------------------
  function addEvent(record, payload) {
    return encrypt(payload).then(function (box) {
      record.box = box;
      record.state = "waiting";
      return tx("events", "readwrite", function (s) { return s.events.add(record); });
    });
  }

  function queueAnswer(fieldset, assessment) {
    var id = parseInt(fieldset.dataset.question, 10);
    var checked = fieldset.querySelector("input[type=radio]:checked");
    if (!checked) { return Promise.resolve(); }
    var comment = fieldset.querySelector("[name='q" + id + "_comment']");
    var source = fieldset.querySelector("[name='q" + id + "_source']");
    var payload = {
      key: crypto.randomUUID(),
      question_id: id,
      value: checked.value,
      comment: comment ? comment.value : "",
      source: source ? source.value : "",
      client_time: new Date().toISOString(),
    };
    markAnswer(id, "waiting", "Waiting \u2014 kept on this phone, sent when the signal returns.");
    return addEvent({ kind: "answer", assessment: assessment, question: id }, payload).then(function () {
      showCount();
      requestSync();
    }, function () {
      markAnswer(id, "failed", "Failed: this phone could not keep the answer. Reload the page while online.");
    });
  }

  function requestSync() {
    if (navigator.serviceWorker && navigator.serviceWorker.ready) {
      navigator.serviceWorker.ready.then(function (registration) {
        if (registration.sync) { return registration.sync.register("dacase-sync"); }
      }).catch(function () {});
    }
    sync();
  }

  function postJson(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": state.csrf },
      body: JSON.stringify(data),
    });
  }

  function removeEvents(seqs) {
    return tx("events", "readwrite", function (s) { seqs.forEach(function (seq) { s.events.delete(seq); }); });
  }

  function failEvents(records, reason) {
    return tx("events", "readwrite", function (s) {
      records.forEach(function (r) {
        r.state = "failed";
        r.reason = reason;
        s.events.put(r);
      });
    }).then(function () {
      records.forEach(function (r) {
        if (r.kind === "answer") { markAnswer(r.question, "failed", "Failed: " + reason + " Tap the answer again."); }
      });
    });
  }

  function reasonOf(json) {
    if (!json) { return "refused."; }
    if (json.errors) {
      var texts = [];
      Object.keys(json.errors).forEach(function (k) { texts = texts.concat(json.errors[k]); });
      return texts.map(function (t) { return typeof t === "string" ? t : JSON.stringify(t); }).join(" ");
    }
    return json.detail || "refused.";
  }

  // One batch of one assessment's answers. Resolves true to go on, false to stop (no signal: try later).
  function sendAnswers(assessment, records) {
    return Promise.all(records.map(function (r) { return decrypt(r.box); })).then(function (events) {
      return postJson("/api/v1/assessments/" + assessment + "/answer-events/", { device: state.device, events: events });
    }).then(function (response) {
      if (response.ok) {
        return response.json().then(function (json) {
          json.results.forEach(function (result) {
            markAnswer(result.question_id, "saved", result.status === "superseded"
              ? "Saved \u2014 a later answer from another device is kept."
              : "Saved");
            if (result.conflict_device) { conflictNote(result.question_id); }
          });
          if (document.querySelector("form.dash-section[data-assessment='" + assessment + "']")) { refreshTally(); }
          return removeEvents(records.map(function (r) { return r.seq; })).then(function () { return true; });
        });
      }
      return response.json().catch(function () { return null; }).then(function (json) {
        if (response.status === 403 && json && /CSRF/i.test(json.detail || "")) {
          state.csrf = null;
          return false;
        }
        if (response.status === 400 && records.length > 1) {
          // Which one is refused: send them one by one (the good ones are saved).
          return records.reduce(function (chain, record) {
            return chain.then(function (go) { return go && sendAnswers(assessment, [record]); });
          }, Promise.resolve(true));
        }
        if (response.status === 400 || response.status === 403 || response.status === 404) {
          var reason = response.status === 400 ? reasonOf(json)
            : "this assessment can no longer be changed from here (submitted, or not yours).";
          return failEvents(records, reason).then(function () { return true; });
        }
        return false;  // 401 (signed out), 5xx, an outage: later
      });
    });
  }

  // The page's progress and tally (yes count, suggested grade) as the server now counts them.
  function refreshTally() {
    return fetch(window.location.pathname, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) { return; }
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["tally", "dash-progress"].forEach(function (id) {
          var fresh = doc.getElementById(id);
          var here = document.getElementById(id);
          if (fresh && here) { here.innerHTML = fresh.innerHTML; }
        });
      });
    }).catch(function () {});
  }

  function errorsIn(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var texts = [];
    doc.querySelectorAll("#main .invalid-feedback, #main .alert-danger, #main .errorlist").forEach(function (n) {
      var t = n.textContent.trim();
      if (t && texts.indexOf(t) === -1) { texts.push(t); }
    });
    return texts.join(" ") || "refused.";
  }

  // A form the officer sent offline (a child added, the victim's refusal, the grading and submission):
  // posted now, through the same page and the same server rules as online.
  function sendForm(record) {
    return decrypt(record.box).then(function (form) {
      var data = new URLSearchParams();
      form.fields.forEach(function (pair) { if (pair[0] !== "csrfmiddlewaretoken") { data.append(pair[0], pair[1]); } });
      data.append("csrfmiddlewaretoken", state.csrf);
      return fetch(form.url, { method: "POST", credentials: "same-origin", body: data }).then(function (response) {
        var path = new URL(response.url).pathname;
        if (path.indexOf("/accounts/login") === 0) { return false; }
        if (response.ok && response.redirected) {
          notice(form.label + ": sent and accepted.", "success");
          return removeEvents([record.seq]).then(function () {
            if (form.submits) { return dropPages(record.assessment); }
          }).then(function () { return true; });
        }
        if (response.status === 400) {
          return response.text().then(function (html) {
            var reason = errorsIn(html);
            notice(form.label + " was refused now the signal is back: " + reason + " Open the page and correct it.", "danger");
            return failEvents([record], reason).then(function () { return true; });
          });
        }
        if (response.status === 403 || response.status === 404) {
          notice(form.label + " was refused: this assessment can no longer be changed from here.", "danger");
          return failEvents([record], "refused").then(function () { return true; });
        }
        return false;
      });
    });
  }

  function dropPages(assessment) {
    var prefix = "/assessments/" + assessment + "/";
    return tx("pages", "readwrite", function (s) {
      var request = s.pages.getAllKeys();
      request.onsuccess = function () {
        request.result.forEach(function (k) { if (k.indexOf(prefix) === 0) { s.pages.delete(k); } });
      };
    });
  }

  // Everything waiting, in the order it was made: runs of one assessment's answers in batches, forms and
  // photographs one at a time. Stops at the first that cannot go (no signal), to keep the order.
  function syncOnce() {
    if (!state.key || !state.csrf) { return Promise.resolve(); }
    return allEvents().then(function (events) {
      var waiting = events.filter(function (e) { return e.state === "waiting"; });
      var steps = [];
      var run = [];
      waiting.forEach(function (e) {
        if (e.kind === "answer" && run.length && (run[0].assessment !== e.assessment || run.length >= BATCH)) {
          steps.push(run);
          run = [];
        }
        if (e.kind === "answer") {
          run.push(e);
        } else {
          if (run.length) { steps.push(run); run = []; }
          steps.push(e);
        }
      });
      if (run.length) { steps.push(run); }
      return steps.reduce(function (chain, step) {
        return chain.then(function (go) {
          if (!go) { return false; }
          return Array.isArray(step) ? sendAnswers(step[0].assessment, step) : sendForm(step);
        });
      }, Promise.resolve(true));
    }).then(function (go) {
      if (go !== false && window.dacasePhotos) { return window.dacasePhotos.upload(); }
    }).catch(function () { /* no signal mid-way: what is left waits */ });
  }

  // One sync at a time; one asked for meanwhile (a tap while a batch is on its way) runs straight after.
  function sync() {
    if (state.syncing) {
      state.again = true;
      return state.syncing;
    }
    var begin = state.csrf ? Promise.resolve() : ensureKey();
    function done() {
      state.syncing = null;
      if (state.again) {
        state.again = false;
        return sync();
      }
    }
    state.syncing = begin.then(syncOnce).then(showCount, showCount).then(done, done);
    return state.syncing;
  }

  // ---- The DASH pages --------------------------------------------------------------------------------
  // Keeps each DASH page of the draft on the device (encrypted) so that it opens without a signal.
  function keepPages(root) {
    var holder = root.querySelector("[data-dash-pages]");
    if (!holder || !state.key) { return Promise.resolve(); }
    var here = window.location.pathname;
    var urls = JSON.parse(holder.dataset.dashPages);
    return encrypt({ html: pageHtml, title: document.title }).then(function (box) {
      return tx("pages", "readwrite", function (s) { return s.pages.put(box, here); });
    }).then(function () {
      return Promise.all(urls.filter(function (u) { return u !== here; }).map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok || response.redirected) { return; }
          return response.text().then(function (html) {
            var doc = new DOMParser().parseFromString(html, "text/html");
            var main = doc.getElementById("main");
            if (!main) { return; }
            return encrypt({ html: main.innerHTML, title: doc.title }).then(function (box) {
              return tx("pages", "readwrite", function (s) { return s.pages.put(box, url); });
            });
          });
        }).catch(function () {});
      }));
    });
  }

  function formFields(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var fields = [];
    data.forEach(function (value, name) { if (typeof value === "string") { fields.push([name, value]); } });
    return fields;
  }

  function initDash(root) {
    var holder = root.querySelector("[data-dash-pages]");
    if (!holder) { return; }
    var assessment = parseInt(holder.dataset.assessment, 10);
    var form = root.querySelector("form.dash-section");

    // What is still waiting (or failed) for this page's questions shows as such, with its latest value.
    allEvents().then(function (events) {
      var latest = {};
      events.forEach(function (e) {
        if (e.kind === "answer" && e.assessment === assessment && fieldsetFor(e.question)) { latest[e.question] = e; }
      });
      return Promise.all(Object.keys(latest).map(function (q) {
        var e = latest[q];
        return decrypt(e.box).then(function (payload) {
          var radio = fieldsetFor(q).querySelector("input[type=radio][value='" + payload.value + "']");
          if (radio) { radio.checked = true; }
          if (e.state === "waiting") {
            markAnswer(q, "waiting", "Waiting \u2014 kept on this phone, sent when the signal returns.");
          } else {
            markAnswer(q, "failed", "Failed: " + (e.reason || "refused.") + " Tap the answer again.");
          }
        }).catch(function () {});
      }));
    }).then(showCount);

    if (form) {
      form.addEventListener("change", function (event) {
        var fieldset = event.target.closest("fieldset[data-question]");
        if (fieldset) { queueAnswer(fieldset, assessment); }
      });
      // With anything waiting, or no signal, "continue" goes to the next page: every answer is already an
      // event on this phone, and the grading checks that each reached the server.
      form.addEventListener("submit", function (event) {
        if (event.defaultPrevented) { return; }
        var next = form.dataset.next;
        var waiting = document.body.classList.contains("dash-has-unsaved");
        if (navigator.onLine === false || waiting || shellEl) {
          event.preventDefault();
          window.location.href = next;
        }
      });
    }

    // The other DASH forms (children, the victim declining, grading and submission): without a signal they
    // are kept as events and posted when it returns.
    root.querySelectorAll("form.dash-offline-form").forEach(function (other) {
      other.addEventListener("submit", function (event) {
        if (navigator.onLine !== false && !shellEl) { return; }
        event.preventDefault();
        var payload = {
          url: other.getAttribute("action") || holder.dataset.here,
          fields: formFields(other, event.submitter),
          label: other.dataset.offlineLabel || "A form",
          submits: other.dataset.offlineSubmits === "true",
        };
        addEvent({ kind: "form", assessment: assessment }, payload).then(function () {
          notice(payload.label + ": kept on this phone, sent when the signal returns. The server then checks it " +
            "as it would now, and you are told if it is refused.", "warning");
          showCount();
          requestSync();
        });
      });
    });
  }

  // The offline page: the DASH page asked for, from this device's store.
  function fillShell() {
    var status = document.getElementById("offline-shell-status");
    var path = window.location.pathname;
    return tx("pages", "readonly", function (s) { return s.pages.get(path); }).then(function (box) {
      if (!box || !state.key) { throw new Error("not kept"); }
      return decrypt(box);
    }).then(function (page) {
      mainEl.innerHTML = page.html;
      document.title = page.title;
      var banner = el("p", "alert alert-warning offline-banner mb-2",
        "No signal: you are working on this phone. Answers are kept here, encrypted, and sent when the signal returns.");
      banner.setAttribute("role", "status");
      mainEl.insertBefore(banner, mainEl.firstChild);
      initDash(mainEl);
    }).catch(function () {
      status.textContent = "This page was not opened on this phone while it had a signal, so it is not here. " +
        "It opens when the signal returns.";
    });
  }

  // ---- Injury photographs ---------------------------------------------------------------------------
  // Taken with the camera (an <input capture>), hashed (SHA-256 of the original bytes) at once, kept on the
  // phone encrypted, and uploaded when there is a signal; the server checks the hash and keeps it once.
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function photoState(incident, text) {
    document.querySelectorAll(".photo-capture[data-incident='" + incident + "'] .photo-state").forEach(function (p) {
      p.textContent = text;
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    var box = input.closest && input.closest(".photo-capture");
    if (!box || !input.files || !input.files.length || !state.key) { return; }
    var file = input.files[0];
    var takenAt = new Date().toISOString();
    file.arrayBuffer().then(function (bytes) {
      return crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
        var record = { incident: parseInt(box.dataset.incident, 10), url: box.dataset.uploadUrl, sha256: hex(digest),
          takenAt: takenAt, type: file.type || "image/jpeg", name: file.name || "photograph.jpg" };
        return encrypt(bytes).then(function (enc) {
          record.box = enc;
          return tx("photos", "readwrite", function (s) { return s.photos.add(record); });
        }).then(function () {
          input.value = "";
          photoState(record.incident, "Photograph kept on this phone (SHA-256 " + record.sha256.slice(0, 12) +
            "\u2026), waiting to upload.");
          showCount();
          requestSync();
        });
      });
    }).catch(function () {
      photoState(box.dataset.incident, "Failed: this phone could not keep the photograph. Try again.");
    });
  });

  function uploadPhotos() {
    return allPhotos().then(function (photos) {
      return photos.reduce(function (chain, record) {
        return chain.then(function (go) {
          if (!go) { return false; }
          return decrypt(record.box).then(function (bytes) {
            var form = new FormData();
            form.append("image", new Blob([bytes], { type: record.type }), record.name);
            form.append("sha256", record.sha256);
            form.append("taken_at", record.takenAt);
            form.append("device", state.device);
            return fetch(record.url, { method: "POST", credentials: "same-origin", body: form,
              headers: { "X-CSRFToken": state.csrf, Accept: "application/json" } });
          }).then(function (response) {
            if (response.ok) {
              photoState(record.incident, "Photograph uploaded; its SHA-256 matched.");
              return tx("photos", "readwrite", function (s) { s.photos.delete(record.seq); }).then(function () { return true; });
            }
            if (response.status === 400 || response.status === 403 || response.status === 404) {
              return response.json().catch(function () { return null; }).then(function (json) {
                photoState(record.incident, "Photograph refused: " + reasonOf(json));
                notice("A photograph was refused: " + reasonOf(json), "danger");
                return tx("photos", "readwrite", function (s) { s.photos.delete(record.seq); }).then(function () { return true; });
              });
            }
            return false;
          });
        });
      }, Promise.resolve(true));
    });
  }
  window.dacasePhotos = { upload: uploadPhotos };

  // ---- Sign-out, the end of a session ----------------------------------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form.sign-out") || form.dataset.wiped === "true") { return; }
    event.preventDefault();
    var timeout = new Promise(function (resolve) { setTimeout(resolve, 5000); });
    Promise.race([sync(), timeout]).then(showCount).then(function (waiting) {
      if (waiting && !window.confirm(waiting + " answers have not reached the server yet. Signing out deletes " +
        "them from this phone. Sign out anyway?")) {
        form.dataset.submitted = "false";
        return;
      }
      return wipe("signed-out").then(function () {
        return metaSet("lost", null);
      }).then(function () {
        form.dataset.wiped = "true";
        form.submit();
      });
    });
  }, true);

  // ---- Start -----------------------------------------------------------------------------------------
  if (shellEl) {
    ensureKey().then(fillShell).then(function () {
      body.dataset.deviceReady = "true";
    }).then(sync);
  } else if (!signedIn) {
    // Signed out (or the session ended): nothing of it stays readable on this device.
    wipe("session-ended");
  } else {
    if (navigator.serviceWorker && body.dataset.serviceWorker) {
      navigator.serviceWorker.register(body.dataset.serviceWorker, { scope: "/" }).catch(function () {});
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "dacase-sync") { sync(); }
      });
    }
    ensureKey().then(function () {
      showLost();
      // A submitted assessment's pages are not kept any longer.
      var done = document.querySelector("[data-dash-done]");
      if (done) { dropPages(parseInt(done.dataset.dashDone, 10)); }
      initDash(document);
      return keepPages(document);
    }).then(function () {
      body.dataset.deviceReady = "true";  // the pages are kept: this draft opens without a signal
    }).then(sync);
  }
  window.addEventListener("online", sync);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { sync(); }
  });
  window.setInterval(function () {
    if (document.body.classList.contains("dash-has-unsaved") && navigator.onLine !== false) { sync(); }
  }, 15000);
  window.dacaseDevice = { sync: sync, encrypt: encrypt, decrypt: decrypt, tx: tx, state: state, showCount: showCount,
    requestSync: requestSync, allPhotos: allPhotos };
})();
