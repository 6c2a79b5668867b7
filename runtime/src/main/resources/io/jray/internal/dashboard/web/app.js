// jray dashboard: polls the JSON API once a second and renders the view that is open.
// No library, no build step: plain DOM and inline SVG.
"use strict";

const POLL_MS = 1000;
const PAGE_SIZE = 100;
const WINDOW_MS = 5 * 60 * 1000;
const COLORS = ["#1f6feb", "#e8590c", "#2f9e44", "#ae3ec9", "#f08c00", "#0c8599", "#e03131",
  "#5c7cfa", "#66a80f", "#d6336c", "#495057", "#9c36b5"];

const ui = {
  view: "overview",
  offsets: { tasks: 0, actors: 0, objects: 0 },
  taskState: "",
  history: new Map(),   // pid -> [[t, cpu, rss], ...]
  lastSample: 0,
  roles: new Map(),     // pid -> role
  logPid: 0,
  logLast: -1,
  logKey: null,
  busy: false,
};

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const num = (n) => Number(n).toLocaleString("en-US");

function bytes(n) {
  if (n == null || n < 0) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0)) + " " + units[i];
}

function duration(ms) {
  if (ms == null || ms < 0) return "–";
  if (ms < 1000) return ms + " ms";
  const s = ms / 1000;
  if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + " s";
  const m = Math.floor(s / 60);
  if (m < 60) return m + " min " + Math.floor(s % 60) + " s";
  return Math.floor(m / 60) + " h " + (m % 60) + " min";
}

const time = (ms) => ms == null ? "–" : new Date(ms).toLocaleTimeString([], { hour12: false });
const stateBadge = (s) => `<span class="state ${esc(s)}">${esc(String(s).toLowerCase().replace("_", " "))}</span>`;
const colorIndex = new Map(); // pid -> palette index, in the order processes are first seen
function colorOf(pid) {
  if (!colorIndex.has(pid)) colorIndex.set(pid, colorIndex.size % COLORS.length);
  return COLORS[colorIndex.get(pid)];
}

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
  return response.json();
}

// ---- views and navigation

function show(view) {
  ui.view = ["overview", "tasks", "actors", "objects", "logs"].includes(view) ? view : "overview";
  document.querySelectorAll(".view").forEach((v) => v.classList.toggle("on", v.id === "view-" + ui.view));
  document.querySelectorAll("#tabs a").forEach((a) => a.classList.toggle("on", a.dataset.view === ui.view));
  refresh();
}

window.addEventListener("hashchange", () => show(location.hash.slice(1)));

document.querySelectorAll("#task-filters button").forEach((button) => {
  button.addEventListener("click", () => {
    ui.taskState = button.dataset.state;
    ui.offsets.tasks = 0;
    document.querySelectorAll("#task-filters button").forEach((b) => b.classList.toggle("on", b === button));
    refresh();
  });
});

function pager(list, page) {
  const el = document.querySelector(`.pager[data-list="${list}"]`);
  const from = page.total === 0 ? 0 : page.offset + 1;
  const to = page.offset + page.items.length;
  el.innerHTML = `<span>${num(from)}–${num(to)} of ${num(page.total)}</span>
    <button data-go="-1" ${page.offset === 0 ? "disabled" : ""}>‹ Prev</button>
    <button data-go="1" ${to >= page.total ? "disabled" : ""}>Next ›</button>`;
  el.querySelectorAll("button").forEach((b) => b.addEventListener("click", () => {
    ui.offsets[list] = Math.max(0, ui.offsets[list] + Number(b.dataset.go) * PAGE_SIZE);
    refresh();
  }));
}

function rows(tableId, html, columns, empty) {
  $(tableId).querySelector("tbody").innerHTML =
    html || `<tr><td class="empty" colspan="${columns}">${esc(empty)}</td></tr>`;
}

// ---- overview

function renderSummary(s) {
  $("busy-cpus").textContent = s.busyCpus;
  $("num-cpus").textContent = s.numCpus;
  $("cpu-bar").style.width = (100 * s.busyCpus / Math.max(1, s.numCpus)) + "%";
  $("worker-count").textContent = s.workers;
  for (const state of ["PENDING", "RUNNING", "FINISHED", "FAILED"]) {
    $("count-" + state).textContent = num(s.tasks[state]);
  }
  const totalTasks = Object.values(s.tasks).reduce((a, b) => a + b, 0);
  $("nav-tasks").textContent = totalTasks ? num(totalTasks) : "";
  $("store-used").textContent = bytes(s.store.usedBytes);
  $("store-capacity").textContent = bytes(s.store.capacityBytes);
  $("store-bar").style.width = Math.min(100, 100 * s.store.usedBytes / Math.max(1, s.store.capacityBytes)) + "%";
  $("store-objects").textContent = num(s.store.objects);
  $("nav-objects").textContent = s.store.objects ? num(s.store.objects) : "";
  const actors = Object.entries(s.actors);
  const actorCount = actors.reduce((a, [, n]) => a + n, 0);
  $("actors-alive").textContent = s.actors.ALIVE || 0;
  $("actors-states").innerHTML = actors.length
    ? actors.map(([state, n]) => `${stateBadge(state)} ${n}`).join(" ") : "none yet";
  $("nav-actors").textContent = actorCount ? num(actorCount) : "";
  $("uptime").textContent = duration(s.now - s.startedAt);
  renderResources(s.resources || []);
}

/** Each resource of the node: what running tasks and live actors hold, of its capacity. */
function renderResources(resources) {
  const amount = (name, x) => name === "memory" ? bytes(x) : String(Math.round(x * 10000) / 10000);
  $("resources").innerHTML = resources.length ? resources.map((r) => `<div>
      <span class="mono">${esc(r.name)}</span>
      <b>${amount(r.name, r.used)} / ${amount(r.name, r.capacity)}</b>
      <div class="bar"><div style="width:${Math.min(100, 100 * r.used / Math.max(1e-9, r.capacity))}%"></div></div>
    </div>`).join("") : "none";
}

/** The session's nodes (one alone, or a cluster's): liveness, and each resource's use. */
function renderNodes(page) {
  const amount = (name, x) => name === "memory" ? bytes(x) : String(Math.round(x * 10000) / 10000);
  rows("nodes-table", page.items.map((n) => `<tr data-node="${esc(n.nodeId)}">
      <td class="mono" title="${esc(n.nodeId)}">${esc(n.nodeId.slice(0, 12))}</td>
      <td class="mono">${esc(n.address)}</td>
      <td>${stateBadge(n.alive ? "ALIVE" : "DEAD")}</td>
      <td>${Object.entries(n.resources).filter(([name]) => !name.startsWith("node:"))
        .map(([name, capacity]) => `<span class="mono">${esc(name)}</span>
          ${amount(name, (n.used || {})[name] || 0)} / ${amount(name, capacity)}`).join(" · ")}</td>
    </tr>`).join(""), 4, "no nodes");
}

/** A process as the pages name it: its role, and for an actor its class (the id on hover). */
function processName(p) {
  if (p.actors > 1) return `actor host <small>(${num(p.actors)} actors share it)</small>`;
  if (!p.actorId) return esc(p.role.toLowerCase());
  const name = p.actorClass ? p.actorClass.slice(p.actorClass.lastIndexOf(".") + 1) : p.actorId;
  return `actor <span class="mono" title="actor ${esc(p.actorId)}">${esc(name)}</span>`;
}

function renderProcesses(page) {
  ui.roles = new Map(page.items.map((p) => [p.pid, p.actors > 1 ? "actor host"
    : p.actorClass ? "actor " + p.actorClass.slice(p.actorClass.lastIndexOf(".") + 1)
    : p.role.toLowerCase()]));
  rows("processes-table", page.items.map((p) => `<tr data-pid="${p.pid}">
      <td class="mono"><i style="display:inline-block;width:9px;height:9px;border-radius:2px;background:${colorOf(p.pid)}"></i> ${p.pid}</td>
      <td>${processName(p)}</td>
      <td>${stateBadge(p.state)}${p.exitCode != null ? ` <small>exit ${p.exitCode}</small>` : ""}</td>
      <td class="num">${p.cpuPercent < 0 ? "–" : p.cpuPercent.toFixed(1) + " %"}</td>
      <td class="num">${bytes(p.rssBytes)}</td>
      <td>${p.function ? `${esc(p.function)} <span class="mono">${esc(p.taskId)}</span>` : ""}</td>
      <td class="num">${p.role === "DRIVER" ? "" : num(p.tasksFinished)}</td>
      <td>${p.role === "DRIVER" ? "" : `<a class="link" data-logs="${p.pid}">logs</a>`}</td></tr>`).join(""),
    8, "no processes");
  document.querySelectorAll("#processes-table a[data-logs]").forEach((a) =>
    a.addEventListener("click", () => openLogs(Number(a.dataset.logs))));
}

function mergeMetrics(m) {
  for (const proc of m.processes) {
    const series = ui.history.get(proc.pid) || [];
    for (const sample of proc.samples) {
      if (!series.length || sample[0] > series[series.length - 1][0]) series.push(sample);
      ui.lastSample = Math.max(ui.lastSample, sample[0]);
    }
    ui.history.set(proc.pid, series);
  }
  const oldest = m.now - WINDOW_MS;
  for (const [pid, series] of ui.history) {
    while (series.length && series[0][0] < oldest) series.shift();
    if (!series.length) ui.history.delete(pid);
  }
  ui.now = m.now;
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least value (and floor). */
function niceMax(value, floor) {
  const v = Math.max(value, floor);
  const step = Math.pow(10, Math.floor(Math.log10(v)));
  for (const k of [1, 2, 2.5, 5, 10]) if (k * step >= v) return k * step;
  return 10 * step;
}

/** The time the charts span: since the first sample, at least a minute, at most five. */
function chartWindow(now) {
  let first = now;
  for (const series of ui.history.values()) if (series.length) first = Math.min(first, series[0][0]);
  return Math.min(WINDOW_MS, Math.max(60000, Math.ceil((now - first) / 60000) * 60000));
}

function ago(ms) {
  return ms === 0 ? "now" : ms % 60000 === 0 ? "−" + ms / 60000 + " min" : "−" + ms / 1000 + " s";
}

function chart(svgId, column, max, label) {
  const svg = $(svgId);
  const W = 640, H = 220, left = 62, right = 8, top = 10, bottom = 22;
  const now = ui.now || Date.now();
  const span = chartWindow(now);
  const x = (t) => left + (W - left - right) * (1 - (now - t) / span);
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  let out = "";
  for (let i = 0; i <= 4; i++) {
    const v = max * i / 4;
    out += `<line class="grid" x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}"/>`;
    out += `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${esc(label(v))}</text>`;
  }
  const tick = span <= 60000 ? 10000 : span <= 180000 ? 30000 : 60000;
  for (let back = 0; back <= span; back += tick) {
    const anchor = back === 0 ? "end" : back === span ? "start" : "middle";
    out += `<text x="${x(now - back)}" y="${H - 6}" text-anchor="${anchor}">${ago(back)}</text>`;
  }
  for (const [pid, series] of ui.history) {
    const points = series.filter((s) => s[column] >= 0)
      .map((s) => `${x(s[0]).toFixed(1)},${y(s[column]).toFixed(1)}`).join(" ");
    if (points) out += `<polyline stroke="${colorOf(pid)}" points="${points}"><title>pid ${pid}</title></polyline>`;
  }
  svg.innerHTML = out;
}

function seriesMax(column) {
  let max = 0;
  for (const series of ui.history.values()) for (const s of series) max = Math.max(max, s[column]);
  return max;
}

function renderCharts() {
  const minutes = chartWindow(ui.now || Date.now()) / 60000;
  document.querySelectorAll(".charts .span").forEach((el) => {
    el.textContent = minutes === 1 ? "minute" : minutes + " minutes";
  });
  chart("chart-cpu", 1, niceMax(seriesMax(1), 100), (v) => Math.round(v) + " %");
  const MiB = 1024 * 1024;
  const mib = niceMax(seriesMax(2) / MiB, 64);
  chart("chart-rss", 2, mib * MiB, (v) => (v / MiB >= 1024 ? (v / MiB / 1024).toFixed(1) + " GiB"
    : Math.round(v / MiB) + " MiB"));
  $("legend").innerHTML = [...ui.history.keys()].map((pid) =>
    `<span><i style="background:${colorOf(pid)}"></i>${esc(ui.roles.get(pid) || "process")} ${pid}</span>`).join("");
}

// ---- tables

function renderTasks(page) {
  pager("tasks", page);
  rows("tasks-table", page.items.map((t) => {
    const end = t.endedAt ?? (t.startedAt ? ui.now : null);
    return `<tr><td class="id">${esc(t.taskId)}</td><td>${esc(t.function)}</td><td>${stateBadge(t.state)}</td>
      <td class="num mono">${t.workerPid || ""}</td><td class="num">${t.attempts}</td>
      <td>${time(t.submittedAt)}</td><td class="num">${t.startedAt ? duration(end - t.startedAt) : "–"}</td>
      <td class="error" title="${esc(t.error)}">${esc(t.error)}</td></tr>`;
  }).join(""), 8, ui.taskState ? "No " + ui.taskState.toLowerCase() + " tasks." : "No tasks yet: call a @Remote function's stub.");
}

function renderActors(page) {
  pager("actors", page);
  rows("actors-table", page.items.map((a) => `<tr><td class="id">${esc(a.actorId)}</td>
      <td title="${esc(a.className)}">${esc(a.simpleClassName)}</td><td>${esc(a.name || "")}</td><td>${stateBadge(a.state)}</td>
      <td class="num mono">${a.pid ? `<a class="link" data-logs="${a.pid}">${a.pid}</a>` : "–"}
        <small title="${a.isolated ? "alone in a JVM of its own" : "in a host JVM it shares with the other actors of this pid"}">${a.isolated ? "own JVM" : "shared"}</small></td>
      <td class="num">${num(a.concurrency)}</td><td class="num">${num(a.running)}</td><td class="num">${num(a.waiting)}</td>
      <td class="num">${num(a.calls)}</td><td>${time(a.createdAt)}</td></tr>`).join(""),
    10, "No actors yet: a @Remote class becomes one with its stub's create().");
  document.querySelectorAll("#actors-table a[data-logs]").forEach((a) =>
    a.addEventListener("click", () => openLogs(Number(a.dataset.logs))));
}

function renderObjects(page) {
  pager("objects", page);
  rows("objects-table", page.items.map((o) => `<tr><td class="id">${esc(o.objectId)}</td>
      <td class="num">${bytes(o.sizeBytes)}</td><td>${o.storedIn === "FILE" ? "own file" : o.storedIn === "DRIVER" ? "driver memory" : "inline"}</td>
      <td class="num"><span class="mono">${o.creatorPid || "–"}</span>${ui.roles.has(o.creatorPid) ? ` <small>${esc(ui.roles.get(o.creatorPid))}</small>` : ""}</td>
      <td>${o.error ? '<span class="state FAILED">error</span> ' : ""}${o.task ? "result of " + esc(o.task) : "Ray.put"}</td></tr>`).join(""),
    5, "The store is empty.");
}

// ---- logs

function openLogs(pid) {
  ui.logPid = pid;
  location.hash = "#logs";
  show("logs");
}

function renderLogProcesses(page) {
  const items = [{ pid: 0, role: "ALL", state: "" }, ...page.items.filter((p) => p.role !== "DRIVER")];
  $("log-processes").innerHTML = items.map((p) => `<li data-pid="${p.pid}" class="${p.pid === ui.logPid ? "on" : ""}">
      <span>${p.pid === 0 ? "All workers" : `${processName(p)} <span class="mono">${p.pid}</span>`}</span>
      ${p.state ? stateBadge(p.state) : ""}</li>`).join("");
  document.querySelectorAll("#log-processes li").forEach((li) => li.addEventListener("click", () => {
    ui.logPid = Number(li.dataset.pid);
    refresh();
  }));
}

async function refreshLogs() {
  const key = String(ui.logPid);
  const pre = $("log-lines");
  if (ui.logKey !== key) {
    ui.logKey = key;
    ui.logLast = -1;
    pre.innerHTML = "";
    $("log-title").textContent = ui.logPid === 0 ? "All workers" : "Output of pid " + ui.logPid;
  }
  const data = await getJson(`api/logs?pid=${ui.logPid}&after=${ui.logLast}&limit=1000`);
  if (ui.logKey !== key) return;
  if (!data.lines.length) {
    if (ui.logLast < 0) pre.innerHTML = '<div class="t">No output yet: what tasks print appears here.</div>';
    return;
  }
  if (ui.logLast < 0) pre.innerHTML = "";
  ui.logLast = data.last;
  const html = data.lines.map((l) => `<div class="${l.stderr ? "err" : ""}"><span class="t">${time(l.time)}</span> ` +
    `${ui.logPid === 0 ? `<span class="p">(pid=${l.pid})</span> ` : ""}${esc(l.text)}</div>`).join("");
  pre.insertAdjacentHTML("beforeend", html);
  while (pre.childElementCount > 5000) pre.firstElementChild.remove();
  if ($("log-follow").checked) pre.scrollTop = pre.scrollHeight;
}

// ---- the loop

async function refresh() {
  if (ui.busy) return;
  ui.busy = true;
  try {
    const summary = await getJson("api/summary");
    ui.now = summary.now;
    renderSummary(summary);
    if (ui.view === "overview") {
      const [processes, metrics, nodes] = await Promise.all([getJson("api/processes?limit=1000"),
        getJson("api/metrics?since=" + ui.lastSample), getJson("api/nodes")]);
      renderNodes(nodes);
      renderProcesses(processes);
      mergeMetrics(metrics);
      renderCharts();
    } else if (ui.view === "tasks") {
      renderTasks(await getJson(`api/tasks?offset=${ui.offsets.tasks}&limit=${PAGE_SIZE}&state=${ui.taskState}`));
    } else if (ui.view === "actors") {
      renderActors(await getJson(`api/actors?offset=${ui.offsets.actors}&limit=${PAGE_SIZE}`));
    } else if (ui.view === "objects") {
      renderProcesses(await getJson("api/processes?limit=1000"));
      renderObjects(await getJson(`api/objects?offset=${ui.offsets.objects}&limit=${PAGE_SIZE}`));
    } else if (ui.view === "logs") {
      renderLogProcesses(await getJson("api/processes?limit=1000"));
      await refreshLogs();
    }
    $("live-dot").className = "dot live";
    $("live-text").textContent = "live · updated " + time(summary.now);
  } catch (e) {
    $("live-dot").className = "dot down";
    $("live-text").textContent = "disconnected: the session has ended, or is busy";
  } finally {
    ui.busy = false;
  }
}

show(location.hash.slice(1));
setInterval(refresh, POLL_MS);
