/* pyheap --html: replays a run step by step from compact per-step deltas.
 * The data format is described in src/inspect/html.c. No network, no
 * libraries: everything this page needs is in this file. */
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("data").textContent);
  const STR = D.strs, STEPS = D.steps, HEAP = D.heap, N = STEPS.length;
  const O = D.objs;
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  const str = (sid) => (sid < 0 ? String(-sid - 1) : STR[sid] || "");
  const typeOf = (id) => (O.t[id] !== undefined ? str(O.t[id]) : "?");
  const REASON = ["last reference gone", "found unreachable by the collector",
                  "last reference gone; kept on the type's freelist for reuse"];
  const KIND = { LEAF: 0, LIST: 1, TUPLE: 2, DICT: 3, SET: 4, INST: 5 };
  const STEP_KIND = ["start", "line", "return", "end"];
  const HDR = 4; /* step header: kind, line, file, function */
  const isSeq = (kind) => kind === 1 || kind === 2 || kind === 4;
  /* Length of the operation at a[i] (see html.c). */
  function opLen(a, i) {
    switch (a[i]) {
      case 1: case 3: return 4;
      case 4: return 9 + a[i + 8] * (isSeq(a[i + 4]) ? 1 : 2);
      case 5: case 7: case 11: return 3;
      case 9: return 8;
      default: return 2;
    }
  }

  /* ---- state: frames with names, objects in view, the pool map ---------------------- */
  let NPOOLS = 64;
  for (const h of HEAP) for (let i = 0; i < h.length; i += 3) NPOOLS = Math.max(NPOOLS, h[i] + 1);
  NPOOLS = Math.ceil(NPOOLS / 64) * 64;

  function emptyState() {
    return { step: -1, hiddenFrames: 0, frames: [], objs: new Map(), pcls: new Int32Array(NPOOLS), pused: new Int32Array(NPOOLS),
             ghosts: [], freed: new Set() };
  }
  function cloneState(s) {
    return { step: s.step, hiddenFrames: s.hiddenFrames, frames: s.frames.map((f) => ({ serial: f.serial, func: f.func, line: f.line, names: new Map(f.names) })),
             objs: new Map(s.objs), pcls: s.pcls.slice(), pused: s.pused.slice(), ghosts: [], freed: new Set() };
  }
  function frameBy(s, serial) { for (const f of s.frames) if (f.serial === serial) return f; return null; }

  /* Applies step k to s (which must hold step k-1). Object records are never
   * mutated, so a checkpoint can share them (shallow Map copy). */
  function apply(s, k) {
    const a = STEPS[k];
    s.ghosts = []; s.freed = new Set();
    for (let i = HDR; i < a.length;) {
      switch (a[i]) {
        case 1: s.frames.push({ serial: a[i + 1], func: a[i + 2], line: a[i + 3], names: new Map() }); i += 4; break;
        case 2: s.frames = s.frames.filter((f) => f.serial !== a[i + 1]); i += 2; break;
        case 3: { const f = frameBy(s, a[i + 1]); if (f) { if (a[i + 3]) f.names.set(a[i + 2], a[i + 3]); else f.names.delete(a[i + 2]); } i += 4; break; }
        case 4: { const id = a[i + 1], kind = a[i + 4], keep = a[i + 7], n = a[i + 8], seq = isSeq(kind);
          const old = s.objs.get(id), edges = old && keep ? old.edges.slice(0, 2 * keep) : [];
          let j = i + 9;
          for (let e = 0; e < n; e++) {
            if (seq) { edges.push(-(keep + e) - 1, a[j]); j += 1; } else { edges.push(a[j], a[j + 1]); j += 2; }
          }
          s.objs.set(id, { id, rc: a[i + 2], gen: a[i + 3], kind, more: a[i + 5], val: a[i + 6], edges });
          i = j; break; }
        case 5: { const o = s.objs.get(a[i + 1]); if (o) s.objs.set(a[i + 1], Object.assign({}, o, { rc: a[i + 2] })); i += 3; break; }
        case 6: { const o = s.objs.get(a[i + 1]); if (o) { s.objs.delete(a[i + 1]); if (s.freed.has(a[i + 1])) s.ghosts.push(o); } i += 2; break; }
        case 7: s.freed.add(a[i + 1]); i += 3; break;
        case 8: i += 2; break;
        case 9: i += 8; break;
        case 10: i += 2; break;
        case 11: { const f = frameBy(s, a[i + 1]); if (f) f.line = a[i + 2]; i += 3; break; }
        case 12: s.hiddenFrames = a[i + 1]; i += 2; break;
        default: throw new Error("bad op " + a[i] + " in step " + k);
      }
    }
    const h = HEAP[k] || [];
    for (let i = 0; i < h.length; i += 3) { s.pcls[h[i]] = h[i + 1]; s.pused[h[i]] = h[i + 2]; }
    const top = s.frames.length ? s.frames[s.frames.length - 1] : null;
    if (top && a[1]) top.line = a[1];
    s.step = k;
    return s;
  }

  /* ---- one pass over the run: checkpoints and the heap-over-time picture ------------ */
  const K = Math.max(64, Math.ceil(N / 400));
  const checkpoints = [];
  const heatW = 420, BUCKETS = Math.min(heatW, Math.max(1, N));
  const heat = new Float64Array(BUCKETS * 32), heatBytes = new Float64Array(BUCKETS);
  let heatMax = new Float64Array(32), bytesMax = 1;
  (function scan() {
    const s = emptyState();
    const used = new Float64Array(32);
    for (let k = 0; k < N; k++) {
      const h = HEAP[k] || [];
      for (let i = 0; i < h.length; i += 3) {
        const p = h[i], c0 = s.pcls[p], u0 = s.pused[p];
        if (c0) used[c0 - 1] -= u0;
        if (h[i + 1]) used[h[i + 1] - 1] += h[i + 2];
      }
      apply(s, k);
      if (k % K === 0) checkpoints.push(cloneState(s));
      const b = Math.floor(k * BUCKETS / N);
      let bytes = 0;
      for (let c = 0; c < 32; c++) {
        const v = used[c];
        if (v > heat[b * 32 + c]) heat[b * 32 + c] = v;
        if (v > heatMax[c]) heatMax[c] = v;
        bytes += v * (c + 1) * 16;
      }
      if (bytes > heatBytes[b]) heatBytes[b] = bytes;
      if (bytes > bytesMax) bytesMax = bytes;
    }
  })();

  function stateAt(k) {
    if (k < 0) return emptyState();
    const c = Math.floor(k / K);
    const s = cloneState(checkpoints[c]);
    for (let j = c * K + 1; j <= k; j++) apply(s, j);
    return s;
  }

  /* Short value of an object in view; containers are written from their
   * items (the data carries values only for leaves). */
  function valueOf(s, o, depth) {
    if (!o) return "…";
    if (o.kind === KIND.LEAF) return str(o.val);
    if (depth >= 2) return o.kind === KIND.LIST ? "[…]" : o.kind === KIND.TUPLE ? "(…)" : o.kind === KIND.INST ? typeOf(o.id) + "(…)" : "{…}";
    const parts = [];
    let len = 0;
    for (let e = 0; e < o.edges.length; e += 2) {
      const t = s.objs.get(o.edges[e + 1]);
      const v = valueOf(s, t, depth + 1);
      const item = o.kind === KIND.DICT ? str(o.edges[e]) + ": " + v : o.kind === KIND.INST ? str(o.edges[e]) + "=" + v : v;
      len += item.length + 2;
      if (len > 60) { parts.push("…"); break; }
      parts.push(item);
    }
    if (o.more && parts[parts.length - 1] !== "…") parts.push("…+" + o.more);
    const body = parts.join(", ");
    switch (o.kind) {
      case KIND.LIST: return "[" + body + "]";
      case KIND.TUPLE: return "(" + body + (o.edges.length === 2 && !o.more ? ",)" : ")");
      case KIND.SET: return o.edges.length ? "{" + body + "}" : "set()";
      case KIND.DICT: return "{" + body + "}";
      default: return typeOf(o.id) + "(" + body + ")";
    }
  }

  /* ---- source ---------------------------------------------------------------------------- */
  const files = new Map(D.files.map(([sid, text]) => [sid, text]));
  const ranLines = new Map(); /* file sid -> Set of lines that ran */
  for (const a of STEPS) if (a[0] === 1) { if (!ranLines.has(a[2])) ranLines.set(a[2], new Set()); ranLines.get(a[2]).add(a[1]); }
  let shownFile = -1;
  function showFile(sid) {
    if (sid === shownFile) return;
    shownFile = sid;
    const text = files.get(sid) || "";
    const ran = ranLines.get(sid) || new Set();
    const lines = text.split("\n");
    if (lines.length && lines[lines.length - 1] === "") lines.pop();
    $("source").innerHTML = lines.map((l, i) =>
      `<span class="ln${ran.has(i + 1) ? " ran" : ""}" data-line="${i + 1}"><span class="no">${i + 1}</span>${esc(l)}</span>`).join("");
    $("srcname").textContent = str(sid);
  }
  function markLines(s, a) {
    for (const el of $("source").querySelectorAll(".ln.cur, .ln.caller")) el.classList.remove("cur", "caller");
    const mark = (line, cls) => { const el = $("source").querySelector(`.ln[data-line="${line}"]`); if (el) el.classList.add(cls); return el; };
    for (let i = 0; i < s.frames.length - 1; i++) mark(s.frames[i].line, "caller");
    const el = a[1] ? mark(a[1], "cur") : null;
    if (el) { const box = $("source"); const t = el.offsetTop - box.offsetTop;
      if (t < box.scrollTop || t > box.scrollTop + box.clientHeight - 30) box.scrollTop = t - box.clientHeight / 3; }
  }

  /* ---- what happened ------------------------------------------------------------------- */
  function objLabel(id, s) { return `${esc(typeOf(id))} #${id}`; }
  function sizeText(id) {
    const c = O.c[id], z = O.z[id];
    if (c === -2) return "static object (not in the heap)";
    if (c === -1) return `${z} bytes from the system allocator (> 512)`;
    if (O.g[id] & 8) return `reused from the ${esc(typeOf(id))} freelist (no heap allocation)`;
    return `${z}-byte block, size class ${c}`;
  }
  function describeStep(k, before, after) {
    const a = STEPS[k], out = [];
    const li = (cls, tag, html) => out.push(`<li><span class="k ${cls}">${tag}</span> ${html}</li>`);
    const frameName = (serial) => { const f = frameBy(after, serial) || frameBy(before, serial); return f ? str(f.func) : "?"; };
    const isModule = (serial) => frameName(serial) === "<module>";
    const rc = (st, id) => { const o = st.objs.get(id); return o ? o.rc : null; };
    const reported = new Set(), allocated = new Set();
    for (let i = HDR; i < a.length;) {
      const op = a[i];
      if (op === 8) allocated.add(a[i + 1]);
      i += opLen(a, i);
    }
    for (let i = HDR; i < a.length;) {
      switch (a[i]) {
        case 1: li("c-frame", "call", `${esc(str(a[i + 2]))}(): new frame on the frame stack`); i += 4; break;
        case 2: li("c-frame", "return", `${esc(frameName(a[i + 1]))}(): frame popped${isModule(a[i + 1]) ? " (module globals live on)" : ", its locals released"}`); i += 2; break;
        case 3: { const name = esc(str(a[i + 2])), where = isModule(a[i + 1]) ? "" : ` in ${esc(frameName(a[i + 1]))}()`;
          const id = a[i + 3];
          if (id) { const r0 = rc(before, id), r1 = rc(after, id); reported.add(id);
            li("c-bind", "bind", `${name}${where} → <a data-sel="${id}">${objLabel(id)}</a>` +
               (r1 !== null ? ` <span class="c-ref">refs ${r0 !== null && r0 !== r1 ? r0 + " → " : ""}${r1}</span>` : "")); }
          else li("c-bind", "unbind", `${name}${where}`);
          i += 4; break; }
        case 8: { const id = a[i + 1]; const o = after.objs.get(id);
          li("c-new", "new", `<a data-sel="${id}">${objLabel(id)}</a>${o ? " = " + esc(valueOf(after, o, 0)) : ""} <span class="c-dim">${sizeText(id)}</span>`);
          i += 2; break; }
        case 7: { const id = a[i + 1];
          li("c-free", "free", `${objLabel(id)}: ${REASON[a[i + 2]] || ""}`); reported.add(id); i += 3; break; }
        case 9: li("c-gc", "gc", `collected generation ${a[i + 1]}: ${a[i + 2]} examined, ${a[i + 3]} unreachable, ` +
                   `${a[i + 4]} finalizers run, ${a[i + 5]} freed, ${a[i + 6]} uncollectable, ${(a[i + 7] / 1000).toFixed(3)} ms`); i += 8; break;
        case 10: li("c-dim", "temp", `${a[i + 1]} temporar${a[i + 1] === 1 ? "y" : "ies"} made and freed within the line`); i += 2; break;
        case 4: case 5: { const id = a[i + 1];
          if (!reported.has(id) && !before.objs.has(id) && after.objs.has(id) && !allocated.has(id)) {
            const o1 = after.objs.get(id);
            li("c-ref", "in view", `<a data-sel="${id}">${objLabel(id)}</a> = ${esc(valueOf(after, o1, 0))} <span class="c-ref">refs ${o1.rc}</span>` +
               (O.g[id] & 1 ? ` <span class="c-dim">(made before the program: a cache or a constant)</span>` : ""));
          }
          if (!reported.has(id)) { const o0 = before.objs.get(id), o1 = after.objs.get(id);
            if (o0 && o1 && o0.rc !== o1.rc && O.c[id] !== -2) li("c-ref", "refs", `<a data-sel="${id}">${objLabel(id)}</a>: ${o0.rc} → ${o1.rc}`);
            if (o0 && o1 && (o0.val !== o1.val || o0.edges.join() !== o1.edges.join()))
              li("c-ref", "change", `<a data-sel="${id}">${objLabel(id)}</a> is now ${esc(valueOf(after, o1, 0))}`); }
          i += opLen(a, i); break; }
        case 6: i += 2; break;
        case 11: i += 3; break;
        default: i += opLen(a, i);
      }
    }
    if (!out.length) out.push(`<li class="c-dim">nothing changed in memory</li>`);
    return out.join("");
  }
  function summary(k) {
    const a = STEPS[k]; let nw = 0, fr = 0, gc = 0, bd = 0, call = "";
    for (let i = HDR; i < a.length;) {
      switch (a[i]) {
        case 1: call = "call " + str(a[i + 2]); i += 4; break; case 2: call = "return"; i += 2; break;
        case 3: bd++; i += 4; break; case 4: i += opLen(a, i); break; case 5: i += 3; break;
        case 6: i += 2; break; case 7: fr++; i += 3; break; case 8: nw++; i += 2; break;
        case 9: gc++; i += 8; break; case 10: i += 2; break; case 11: i += 3; break; default: i += opLen(a, i);
      }
    }
    const parts = [];
    if (call) parts.push(call); if (bd) parts.push(bd + " bound"); if (nw) parts.push("+" + nw + " new");
    if (fr) parts.push("−" + fr + " freed"); if (gc) parts.push("gc");
    return parts.join(", ");
  }

  /* ---- the memory picture: frames, objects, arrows --------------------------------------- */
  const ROW = 20, HD = 22, META = 16, W_FRAME = 190, W_OBJ = 210, GAPX = 56, GAPY = 12, PAD = 10;
  let selected = 0, cur = 0, curState = null, prevState = null;

  function layout(s) {
    /* Depth of each object: breadth first from the names, frames bottom to top. */
    const depth = new Map(), order = [];
    const q = [];
    for (const f of s.frames) for (const id of f.names.values()) if (s.objs.has(id) && !depth.has(id)) { depth.set(id, 1); q.push(id); }
    for (let qi = 0; qi < q.length; qi++) {
      const o = s.objs.get(q[qi]); order.push(q[qi]);
      for (let e = 1; e < o.edges.length; e += 2) {
        const t = o.edges[e];
        if (s.objs.has(t) && !depth.has(t)) { depth.set(t, depth.get(q[qi]) + 1); q.push(t); }
      }
    }
    for (const id of s.objs.keys()) if (!depth.has(id)) { depth.set(id, 1); order.push(id); }
    const pos = new Map(), colY = [];
    let y = PAD;
    const fpos = [];
    s.frames.forEach((f, i) => {
      const h = HD + Math.max(1, f.names.size) * ROW; fpos.push({ f, x: PAD, y, h }); y += h + GAPY;
      if (i === 0 && s.hiddenFrames) y += ROW + GAPY; /* room for "… N frames" */
    });
    let height = y;
    const boxH = (o) => HD + META + (o.kind === KIND.LEAF || (o.edges.length === 0 && !o.more) ? ROW : (o.edges.length / 2) * ROW + (o.more ? ROW : 0));
    for (const id of order) {
      const d = depth.get(id), o = s.objs.get(id), x = PAD + W_FRAME + GAPX + (d - 1) * (W_OBJ + GAPX);
      const yy = colY[d] || PAD, h = boxH(o);
      pos.set(id, { x, y: yy, h, d }); colY[d] = yy + h + GAPY; height = Math.max(height, colY[d]);
    }
    const ghosts = [];
    let gy = PAD, gx = PAD + W_FRAME + GAPX + (colY.length ? colY.length - 1 : 0) * (W_OBJ + GAPX);
    for (const o of s.ghosts) { const h = boxH(o); ghosts.push({ o, x: gx, y: gy, h }); gy += h + GAPY; height = Math.max(height, gy); }
    const width = Math.max(gx + W_OBJ + PAD, PAD + W_FRAME + GAPX + Math.max(1, colY.length - 1) * (W_OBJ + GAPX));
    return { fpos, pos, ghosts, width, height };
  }

  function objBox(s, o, p, extra) {
    const id = o.id, meta = [], val = valueOf(s, o, 0);
    if (O.c[id] === -2) meta.push("static"); else if (O.c[id] === -1) meta.push(O.z[id] + " B (large)"); else meta.push(O.z[id] + " B · class " + O.c[id]);
    if (O.l[id] > 0) meta.push("line " + O.l[id]); else if (O.g[id] & 1) meta.push("made at start-up");
    const gen = o.gen >= 0 ? ` <span class="gen">gen ${o.gen === 3 ? "perm" : o.gen}</span>` : "";
    let body = "";
    if (o.kind === KIND.LEAF || (o.edges.length === 0 && !o.more)) body = `<div class="val" title="${esc(val)}">${esc(val)}</div>`;
    else {
      for (let e = 0; e < o.edges.length; e += 2) {
        const lab = str(o.edges[e]);
        const shown = o.kind === KIND.INST ? "." + lab : o.kind === KIND.SET ? "•" : lab;
        body += `<div class="r" data-port="${id}:${e}"><span class="lab">${esc(shown)}</span></div>`;
      }
      if (o.more) body += `<div class="r more c-dim">… ${o.more} more not shown</div>`;
    }
    const cls = "box obj" + (extra || "") + (id === selected ? " sel" : "") + (O.c[id] === -2 ? " static" : "");
    return `<div class="${cls}" data-id="${id}" style="left:${p.x}px;top:${p.y}px;width:${W_OBJ}px;height:${p.h}px" title="${esc(val)}">` +
      `<div class="hd"><span class="rc" title="reference count">refs ${o.rc}</span>${esc(typeOf(id))} <b>#${id}</b>${gen}</div>` +
      `<div class="meta">${meta.join(" · ")}</div>${body}</div>`;
  }

  function renderMemory(s, before) {
    const L = layout(s);
    const addedNow = new Set(), changedNow = new Set();
    const a = STEPS[s.step] || [];
    for (let i = HDR; i < a.length;) {
      if (a[i] === 8) addedNow.add(a[i + 1]);
      else if ((a[i] === 4 && before.objs.has(a[i + 1])) || a[i] === 5) changedNow.add(a[i + 1]);
      i += opLen(a, i);
    }
    let html = "";
    if (s.hiddenFrames && L.fpos.length) {
      const y = L.fpos[0].y + L.fpos[0].h + GAPY / 2;
      html += `<div class="box frame" style="left:${PAD}px;top:${y}px;width:${W_FRAME}px;height:${ROW}px;text-align:center;line-height:${ROW}px">` +
        `… ${s.hiddenFrames} more frame${s.hiddenFrames === 1 ? "" : "s"} not drawn …</div>`;
    }
    L.fpos.forEach((fp, idx) => {
      const f = fp.f, top = idx === L.fpos.length - 1;
      let rows = "";
      for (const [name, id] of f.names) rows += `<div class="r" data-fport="${f.serial}:${name}"><span class="lab">${esc(str(name))}</span></div>`;
      if (!f.names.size) rows = `<div class="val c-dim">(no names yet)</div>`;
      html += `<div class="box frame${top ? " top" : ""}" style="left:${fp.x}px;top:${fp.y}px;width:${W_FRAME}px;height:${fp.h}px">` +
        `<div class="hd" title="${str(f.func) === "<module>" ? "module level: the names are the module's globals" : "a function's frame: its local names"}">` +
        `${esc(str(f.func))}${str(f.func) === "<module>" ? "" : "()"} <span class="c-dim">· line ${f.line}</span></div>${rows}</div>`;
    });
    for (const [id, p] of L.pos) html += objBox(s, s.objs.get(id), p, addedNow.has(id) ? " new" : changedNow.has(id) ? " changed" : "");
    for (const g of L.ghosts) html += objBox(before, g.o, g, " freed").replace('<div class="meta">', `<div class="meta"><span class="tag">freed</span> · `);
    $("boxes").innerHTML = html;
    const mem = $("mem");
    mem.style.width = L.width + "px"; mem.style.height = L.height + PAD + "px";
    const svg = $("arrows");
    svg.setAttribute("width", L.width); svg.setAttribute("height", L.height + PAD);
    let paths = `<defs><marker id="ah" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#64748b"/></marker></defs>`;
    const arrow = (sx, sy, t, cls, from) => {
      const tx = t.x, ty = t.y + HD / 2;
      const dx = Math.max(30, Math.abs(tx - sx) / 2);
      const back = tx <= sx;
      const d = back ? `M${sx},${sy} C${sx + 60},${sy} ${tx - 60},${ty - 40} ${tx},${ty}` : `M${sx},${sy} C${sx + dx},${sy} ${tx - dx},${ty} ${tx},${ty}`;
      paths += `<path class="${cls}" data-to="${t.id}" data-from="${from}" d="${d}" marker-end="url(#ah)"/>`;
    };
    L.fpos.forEach((fp) => {
      let r = 0;
      for (const [, id] of fp.f.names) {
        const t = L.pos.get(id);
        if (t) arrow(fp.x + W_FRAME - 4, fp.y + HD + r * ROW + ROW / 2, { x: t.x, y: t.y, id }, id === selected ? "hot" : addedNow.has(id) ? "new" : "", "f" + fp.f.serial);
        r++;
      }
    });
    const edgeArrows = (o, p, cls) => {
      for (let e = 1, r = 0; e < o.edges.length; e += 2, r++) {
        const t = L.pos.get(o.edges[e]);
        if (t) arrow(p.x + W_OBJ - 4, p.y + HD + META + r * ROW + ROW / 2, { x: t.x, y: t.y, id: o.edges[e] },
                     cls || (o.edges[e] === selected || o.id === selected ? "hot" : ""), "o" + o.id);
      }
    };
    for (const [id, p] of L.pos) { const o = s.objs.get(id); if (o.kind !== KIND.LEAF) edgeArrows(o, p); }
    for (const g of L.ghosts) edgeArrows(g.o, g, "ghost");
    svg.innerHTML = paths;
    const hidden = s.objs.size >= (D.max_visible || 400) ? ` · view capped at ${D.max_visible} objects` : "";
    $("memnote").textContent = `${s.frames.length} frame${s.frames.length === 1 ? "" : "s"}, ${s.objs.size} objects in view${hidden}`;
  }

  /* ---- why alive: the chain of references in view from a name to the object ---------------- */
  function whyAlive(s, target) {
    const prev = new Map(), q = [];
    for (const f of s.frames) for (const [name, id] of f.names) if (!prev.has(id)) {
      prev.set(id, { root: `${str(f.func) === "<module>" ? "global" : "local"} '${str(name)}'${str(f.func) === "<module>" ? "" : " in " + str(f.func) + "()"}` });
      q.push(id);
    }
    for (let qi = 0; qi < q.length && !prev.has(target); qi++) {
      const o = s.objs.get(q[qi]); if (!o) continue;
      for (let e = 0; e < o.edges.length; e += 2) {
        const t = o.edges[e + 1];
        if (prev.has(t)) continue;
        const lab = str(o.edges[e]);
        const hop = o.kind === KIND.INST ? "." + lab : o.kind === KIND.SET ? " (member)" : o.kind === KIND.DICT ? `[${lab}]` : `[${lab}]`;
        prev.set(t, { from: q[qi], hop }); q.push(t);
      }
    }
    if (!prev.has(target)) return null;
    const chain = [];
    for (let id = target; ;) { const p = prev.get(id); if (p.root) { chain.unshift(p.root); break; } chain.unshift(p.hop); id = p.from; }
    return chain;
  }
  function holdersInView(s, target) {
    const out = [];
    for (const f of s.frames) for (const [name, id] of f.names) if (id === target) out.push(`name '${esc(str(name))}' in ${esc(str(f.func))}`);
    for (const o of s.objs.values()) for (let e = 0; e < o.edges.length; e += 2) if (o.edges[e + 1] === target)
      out.push(`${objLabel(o.id)} ${o.kind === KIND.INST ? "." + esc(str(o.edges[e])) : o.kind === KIND.SET ? "(member)" : "[" + esc(str(o.edges[e])) + "]"}`);
    return out;
  }
  function renderWhy(s) {
    const el = $("why");
    if (!selected) return;
    const id = selected, o = s.objs.get(id);
    const info = [`<b>${objLabel(id)}</b>`];
    const freedAt = O.d[id];
    info.push(`<div>type <b>${esc(typeOf(id))}</b>, ${sizeText(id)}` +
      (O.l[id] > 0 ? `, allocated at <a data-line="${O.l[id]}">line ${O.l[id]}</a> (<a data-step="${O.a[id]}">step ${O.a[id]}</a>)` : (O.g[id] & 1 ? ", made before the program started (a cache or a builtin)" : "")) +
      (freedAt >= 0 ? `, freed at <a data-step="${freedAt}">step ${freedAt}</a> (${REASON[O.r[id]]})` : "") + "</div>");
    if (!o) { info.push(`<p class="c-dim">Not in view at this step${freedAt >= 0 && freedAt <= s.step ? " (freed)" : ""}.</p>`); el.innerHTML = info.join(""); return; }
    info.push(`<div>value <code>${esc(valueOf(s, o, 0))}</code></div>`);
    info.push(`<div>reference count <b>${o.rc}</b>${o.gen >= 0 ? `, collector generation ${o.gen}` : ", not tracked by the collector"}</div>`);
    const chain = whyAlive(s, id);
    if (chain) info.push(`<div>Alive because: <div class="path mono">${chain.map((h, i) => (i ? "→ " : "") + esc(h)).join("<br>")}</div></div>`);
    else info.push(`<div class="c-dim">No chain from a name in view.</div>`);
    const hs = holdersInView(s, id);
    const other = o.rc - hs.length;
    info.push(`<div>References in view (${hs.length}): ${hs.join(", ") || "none"}${other > 0 ? `; <b>${other}</b> more from outside the view ` +
      `(code constants, temporaries on the value stack, caches, objects not drawn${o.rc > 1e8 ? "; a static object: CPython 3.11 starts its count at 999999999" : ""})` : ""}</div>`);
    el.innerHTML = info.join("");
  }

  /* ---- the private heap panel ---------------------------------------------------------------- */
  const hue = (c) => `hsl(${(c * 47) % 360},65%,${45 + (c % 3) * 8}%)`;
  function drawHeat() {
    const cv = $("heat"), g = cv.getContext("2d"), H = cv.height, top = 44, rowH = (H - top) / 32;
    g.clearRect(0, 0, cv.width, H);
    g.fillStyle = "#f8fafc"; g.fillRect(0, 0, cv.width, H);
    const bw = cv.width / BUCKETS;
    for (let b = 0; b < BUCKETS; b++)
      for (let c = 0; c < 32; c++) {
        const v = heat[b * 32 + c]; if (!v) continue;
        g.globalAlpha = 0.15 + 0.85 * Math.sqrt(v / heatMax[c]);
        g.fillStyle = hue(c); g.fillRect(b * bw, top + c * rowH, Math.max(1, bw), rowH);
      }
    /* Bytes in small blocks over the run: a line above the classes. */
    g.globalAlpha = 1; g.strokeStyle = "#334155"; g.lineWidth = 1.5; g.beginPath();
    let lo = Infinity; for (let b = 0; b < BUCKETS; b++) lo = Math.min(lo, heatBytes[b]);
    const span = Math.max(1, bytesMax - lo);
    for (let b = 0; b < BUCKETS; b++) {
      const y = top - 4 - ((heatBytes[b] - lo) / span) * (top - 18);
      if (b) g.lineTo(b * bw + bw / 2, y); else g.moveTo(bw / 2, y);
    }
    g.stroke();
    g.fillStyle = "#475569"; g.font = "10px sans-serif";
    g.fillText(`bytes in small blocks: ${Math.round(lo).toLocaleString()} – ${Math.round(bytesMax).toLocaleString()}`, 4, 10);
    g.fillStyle = "#64748b";
    g.fillText("class 0 (16 B)", 4, top + 9); g.fillText("class 31 (512 B)", 4, H - 2);
  }
  function drawMarker() {
    drawHeat();
    const cv = $("heat"), g = cv.getContext("2d");
    const x = N > 1 ? (cur / (N - 1)) * (cv.width - 1) : 0;
    g.fillStyle = "#dc2626"; g.fillRect(x, 0, 2, cv.height);
  }
  function drawArenas(s) {
    /* Each arena is an 8 x 8 square of its 64 pools, arenas side by side. */
    const cv = $("arenas"), g = cv.getContext("2d"), cell = 9, side = 8 * cell, gap = 14;
    let last = 0;
    for (let p = 0; p < NPOOLS; p++) if (s.pcls[p]) last = p;
    const narenas = Math.floor(last / 64) + 1, perRow = Math.max(1, Math.floor((cv.width + gap) / (side + gap)));
    const rowsOfArenas = Math.ceil(narenas / perRow);
    cv.height = rowsOfArenas * (side + 16) + 4;
    g.clearRect(0, 0, cv.width, cv.height);
    const at = (a, i) => ({ x: (a % perRow) * (side + gap) + (i % 8) * cell, y: Math.floor(a / perRow) * (side + 16) + 12 + Math.floor(i / 8) * cell });
    for (let a = 0; a < narenas; a++) {
      const o = at(a, 0);
      g.fillStyle = "#64748b"; g.font = "10px sans-serif"; g.fillText("arena " + a, o.x, o.y - 3);
      for (let i = 0; i < 64; i++) {
        const p = a * 64 + i, { x, y } = at(a, i);
        g.strokeStyle = "#cbd5e1"; g.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
        const c = s.pcls[p];
        if (!c) continue;
        const total = Math.floor((D.pool_size - D.pool_overhead) / (c * 16));
        const f = Math.min(1, s.pused[p] / total);
        g.fillStyle = hue(c - 1); g.globalAlpha = 0.25; g.fillRect(x + 1, y + 1, cell - 2, cell - 2);
        g.globalAlpha = 1; const fh = Math.max(1, Math.round((cell - 2) * f)); g.fillRect(x + 1, y + cell - 1 - fh, cell - 2, fh);
      }
    }
    cv.onmousemove = (ev) => {
      const r = cv.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top;
      const col = Math.floor(mx / (side + gap)), row = Math.floor(my / (side + 16));
      const a = row * perRow + col, lx = mx - col * (side + gap), ly = my - row * (side + 16) - 12;
      const i = Math.floor(ly / cell) * 8 + Math.floor(lx / cell);
      if (a < 0 || a >= narenas || lx < 0 || lx >= side || ly < 0 || ly >= side) { $("pooltip").textContent = ""; return; }
      const p = a * 64 + i, c = curState.pcls[p];
      $("pooltip").textContent = c ? `arena ${a}, pool ${i}: size class ${c - 1} (${c * 16}-byte blocks), ${curState.pused[p]} of ` +
        `${Math.floor((D.pool_size - D.pool_overhead) / (c * 16))} blocks in use` : `arena ${a}, pool ${i}: empty`;
    };
    const rows = [];
    const pools = new Array(32).fill(0), used = new Array(32).fill(0);
    for (let p = 0; p < NPOOLS; p++) if (s.pcls[p]) { pools[s.pcls[p] - 1]++; used[s.pcls[p] - 1] += s.pused[p]; }
    for (let c = 0; c < 32; c++) if (pools[c]) rows.push(`<tr><td><span style="color:${hue(c)}">■</span> ${c}</td><td>${(c + 1) * 16}</td><td>${pools[c]}</td><td>${used[c].toLocaleString()}</td><td>${(used[c] * (c + 1) * 16).toLocaleString()}</td></tr>`);
    $("classes").tBodies[0].innerHTML = rows.join("");
  }

  /* ---- the step list (virtual: only the rows in sight exist) -------------------------------- */
  const LOGROW = 18;
  function renderLog() {
    const box = $("log"), space = $("logspace");
    space.style.height = N * LOGROW + "px";
    const first = Math.max(0, Math.floor(box.scrollTop / LOGROW) - 5), last = Math.min(N, first + Math.ceil(box.clientHeight / LOGROW) + 10);
    let html = "";
    for (let k = first; k < last; k++) {
      const a = STEPS[k];
      const head = a[0] === 0 ? "start" : a[0] === 2 && !a[1] ? "end" : `${esc(str(a[3]))}:${a[1]}${a[0] === 2 ? " ↩" : ""}`;
      html += `<div class="row${k === cur ? " cur" : ""}" data-step="${k}" style="top:${k * LOGROW}px"><span class="s">${k}</span>${head} <span class="c-dim">${esc(summary(k))}</span></div>`;
    }
    space.innerHTML = html;
  }
  function scrollLogTo(k) {
    const box = $("log"), y = k * LOGROW;
    if (y < box.scrollTop || y > box.scrollTop + box.clientHeight - LOGROW) box.scrollTop = y - box.clientHeight / 2;
  }

  /* ---- moving around ----------------------------------------------------------------------- */
  function go(k) {
    k = Math.max(0, Math.min(N - 1, k | 0));
    cur = k;
    prevState = stateAt(k - 1);
    curState = cloneState(prevState);
    apply(curState, k);
    const a = STEPS[k];
    const fileSid = a[2] || (D.files.length ? D.files[0][0] : 0);
    showFile(fileSid);
    markLines(curState, a);
    $("happened").innerHTML = describeStep(k, prevState, curState);
    renderMemory(curState, prevState);
    renderWhy(curState);
    drawMarker();
    drawArenas(curState);
    $("stepbox").value = k; $("slider").value = k;
    const kind = a[0] === 0 ? "start (before the first line)" : a[0] === 2 && !a[1] ? "end of the program" :
      `line ${a[1]} in ${str(a[3])}${a[0] === 2 ? " (back from a call)" : ""}`;
    $("where").textContent = `step ${k} of ${N - 1}: ${kind}`;
    document.body.dataset.step = k; document.body.dataset.line = a[1]; document.body.dataset.kind = STEP_KIND[a[0]];
    scrollLogTo(k); renderLog();
    if (location.hash !== "#step=" + k + (selected ? "&select=" + selected : "")) history.replaceState(null, "", "#step=" + k + (selected ? "&select=" + selected : ""));
  }
  function select(id) { selected = id; go(cur); }
  function nextAtLine(line) {
    for (let j = 1; j <= N; j++) { const k = (cur + j) % N; if (STEPS[k][1] === line && STEPS[k][0] === 1) return go(k); }
  }

  let timer = null;
  function play(on) {
    if (timer) { clearInterval(timer); timer = null; }
    $("play").textContent = on ? "❚❚ Pause" : "▶ Play";
    if (!on) return;
    timer = setInterval(() => { if (cur >= N - 1) play(false); else go(cur + 1); }, 1000 / +$("speed").value);
  }

  $("first").onclick = () => go(0); $("last").onclick = () => go(N - 1);
  $("back").onclick = () => go(cur - 1); $("fwd").onclick = () => go(cur + 1);
  $("play").onclick = () => play(!timer);
  $("speed").onchange = () => { if (timer) play(true); };
  $("stepbox").onchange = () => go(+$("stepbox").value);
  $("slider").oninput = () => go(+$("slider").value);
  $("linego").onclick = () => nextAtLine(+$("linebox").value);
  $("linebox").onkeydown = (e) => { if (e.key === "Enter") nextAtLine(+$("linebox").value); };
  $("log").onscroll = renderLog;
  $("log").onclick = (e) => { const r = e.target.closest(".row"); if (r) go(+r.dataset.step); };
  $("source").onclick = (e) => { const n = e.target.closest(".no"); if (n) nextAtLine(+n.parentNode.dataset.line); };
  $("boxes").onclick = (e) => { const b = e.target.closest(".box.obj"); if (b) select(+b.dataset.id); };
  document.body.addEventListener("click", (e) => {
    const t = e.target.closest("a[data-sel], a[data-step], a[data-line]"); if (!t) return;
    if (t.dataset.sel) select(+t.dataset.sel); else if (t.dataset.step) go(+t.dataset.step); else nextAtLine(+t.dataset.line);
  });
  $("heat").onclick = (e) => { const r = $("heat").getBoundingClientRect(); go(Math.round(((e.clientX - r.left) / r.width) * (N - 1))); };
  document.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT" || e.target.tagName === "SELECT") return;
    if (e.key === "ArrowRight") go(cur + 1); else if (e.key === "ArrowLeft") go(cur - 1);
    else if (e.key === "Home") go(0); else if (e.key === "End") go(N - 1);
    else if (e.key === " ") { play(!timer); e.preventDefault(); } else return;
    e.preventDefault();
  });

  $("nsteps").textContent = N - 1;
  $("logspace").style.height = N * LOGROW + "px";
  $("slider").max = N - 1; $("stepbox").max = N - 1;

  /* #step=K&select=ID opens the page there; #selftest walks every step once and
   * reports in #selftest (used by tests/browser). */
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has("select")) selected = +params.get("select");
  const first = params.has("step") ? +params.get("step") : (N > 1 ? 1 : 0);
  if (params.has("selftest")) {
    const t0 = performance.now();
    let ok = 0;
    try {
      /* Every step applied in order, checked against the checkpoint path. */
      const s = emptyState(), every = Math.max(1, Math.floor(K / 3));
      for (let k = 0; k < N; k++) {
        apply(s, k);
        if (k % every === 0 || k === N - 1) {
          const t = stateAt(k);
          if (t.frames.length !== s.frames.length || t.objs.size !== s.objs.size) throw new Error("state differs at " + k);
          for (const [id, o] of s.objs) if (!t.objs.has(id) || t.objs.get(id).rc !== o.rc) throw new Error("object " + id + " differs at " + k);
        }
        ok++;
      }
      for (let k = N - 1; k >= Math.max(0, N - 30); k--) go(k);
      $("selftest").textContent = `selftest ok ${ok} steps ${Math.round(performance.now() - t0)} ms`;
    } catch (err) { $("selftest").textContent = "selftest FAILED at " + ok + ": " + err; }
  }
  go(first);
  document.body.dataset.loadms = Math.round(performance.now());
})();
