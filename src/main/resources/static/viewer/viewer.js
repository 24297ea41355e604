// ICH CDS viewer: a slice stack with the model's boxes. Plain JS, no network beyond this server.
(function () {
  "use strict";
  const COLORS = {
    epidural: "#ff4d4d", intraparenchymal: "#ffa500", intraventricular: "#ffe14d",
    subarachnoid: "#4dd2ff", subdural: "#b36bff", chronic: "#5cff7a"
  };
  const params = new URLSearchParams(location.search);
  // the link's token travels in a cookie once the page is open; a query token is still honoured (older links)
  const token = params.get("token") || "";
  const tokenParam = token ? "token=" + encodeURIComponent(token) : "";
  const base = location.pathname.replace(/\/+$/, "");
  const state = { data: null, index: 0, window: "brain", boxes: true, cache: new Map() };
  const $ = (id) => document.getElementById(id);

  function imageUrl(index, window) {
    return base + "/slices/" + index + ".png?window=" + window + (tokenParam ? "&" + tokenParam : "");
  }

  function preload(index) {
    for (const i of [index - 1, index + 1, index - 2, index + 2]) {
      if (i < 0 || i >= state.data.slices.length) continue;
      const key = state.window + ":" + i;
      if (!state.cache.has(key)) {
        const img = new Image();
        img.src = imageUrl(i, state.window);
        state.cache.set(key, img);
      }
    }
  }

  function show(index) {
    const n = state.data.slices.length;
    state.index = Math.max(0, Math.min(n - 1, index));
    const img = $("slice");
    img.src = imageUrl(state.index, state.window);
    img.dataset.index = String(state.index);
    $("slider").value = String(state.index);
    $("slice-label").textContent = "Slice " + (state.index + 1) + " / " + n;
    drawBoxes();
    preload(state.index);
  }

  function drawBoxes() {
    const svg = $("overlay");
    svg.setAttribute("viewBox", "0 0 " + state.data.columns + " " + state.data.rows);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    if (!state.boxes) return;
    const ns = "http://www.w3.org/2000/svg";
    for (const box of state.data.slices[state.index].boxes) {
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("class", "box");
      rect.setAttribute("data-label", box.label);
      for (const k of ["x", "y", "width", "height"]) rect.setAttribute(k, box[k]);
      rect.setAttribute("stroke", COLORS[box.label] || "#fff");
      svg.appendChild(rect);
      const text = document.createElementNS(ns, "text");
      text.setAttribute("x", box.x);
      text.setAttribute("y", Math.max(10, box.y - 3));
      text.setAttribute("fill", COLORS[box.label] || "#fff");
      text.setAttribute("font-size", String(Math.max(6, Math.round(state.data.columns / 45))));
      text.textContent = box.label + " " + Math.round(box.score * 100) + "%";
      svg.appendChild(text);
    }
  }

  function header(d) {
    const fields = [["Patient", d.patient], ["Study", d.study], ["Study date", d.studyDate],
      ["Series", d.series], ["Model", d.model]];
    $("header").replaceChildren(...fields.filter(f => f[1]).map(([k, v]) => {
      const div = document.createElement("div");
      div.className = "field";
      const label = document.createElement("span");
      label.textContent = k + ":";
      div.append(label, document.createTextNode(v));
      return div;
    }));
  }

  function verdicts(d) {
    const body = $("verdicts").querySelector("tbody");
    body.replaceChildren(...d.findings.map(f => {
      const tr = document.createElement("tr");
      tr.dataset.label = f.label;
      if (f.positive) tr.className = "flagged";
      const cells = [f.display, (f.probability * 100).toFixed(1) + "%", (f.threshold * 100).toFixed(1) + "%",
        f.positive ? "flagged" : "not flagged"];
      cells.forEach((c, i) => {
        const td = document.createElement("td");
        td.textContent = c;
        if (i === 1 || i === 2) td.className = "num";
        tr.appendChild(td);
      });
      tr.addEventListener("click", () => { if (f.keySlices.length) show(f.keySlices[0]); });
      return tr;
    }));
    $("legend").replaceChildren(...Object.entries(COLORS).map(([label, color]) => {
      const span = document.createElement("span");
      span.style.setProperty("--c", color);
      span.textContent = label;
      return span;
    }));
  }

  function marks(d) {
    const n = d.slices.length;
    $("marks").replaceChildren(...d.slices.map((s, i) => [s, i]).filter(([s]) => s.flagged).map(([, i]) => {
      const m = document.createElement("div");
      m.className = "mark";
      m.dataset.index = String(i);
      m.style.left = (n > 1 ? (100 * i) / (n - 1) : 0) + "%";
      m.title = "Slice " + (i + 1);
      return m;
    }));
  }

  function wire() {
    $("slider").max = String(state.data.slices.length - 1);
    $("slider").addEventListener("input", e => show(Number(e.target.value)));
    $("viewport").addEventListener("wheel", e => { e.preventDefault(); show(state.index + (e.deltaY > 0 ? 1 : -1)); },
      { passive: false });
    document.addEventListener("keydown", e => {
      if (e.key === "ArrowDown" || e.key === "ArrowRight") { show(state.index + 1); e.preventDefault(); }
      if (e.key === "ArrowUp" || e.key === "ArrowLeft") { show(state.index - 1); e.preventDefault(); }
    });
    $("toggle-boxes").addEventListener("change", e => { state.boxes = e.target.checked; drawBoxes(); });
    for (const radio of document.querySelectorAll("input[name=window]")) {
      radio.addEventListener("change", e => { state.window = e.target.value; show(state.index); });
    }
  }

  fetch(base + "/data.json" + (tokenParam ? "?" + tokenParam : ""), { credentials: "same-origin" })
    .then(r => { if (!r.ok) throw new Error("The analysis could not be loaded (" + r.status + ")."); return r.json(); })
    .then(d => {
      state.data = d;
      header(d);
      verdicts(d);
      marks(d);
      $("report-link").href = d.reportUrl || "#";
      wire();
      show(d.openSlice);
      document.body.dataset.ready = "true";
    })
    .catch(err => { $("status").textContent = err.message; });
})();
