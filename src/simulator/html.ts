// The HTML report: one self-contained page (uPlot and its stylesheet inlined from the
// pinned package, the reports as JSON in the page, no network fetch) with, per run, the
// CDF of T_prop beside the shortest-path bound, T_prop per block, bytes and duplicates per
// node per message, bans over time under an attack, and the topology coloured by region
// and by honest or Byzantine; with several runs (every attack), a chart comparing their
// delivery and ban times. window.__chartsDrawn counts the charts drawn (a browser test checks it).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { SimReport } from './report.js'

const require = createRequire(import.meta.url)
const asset = (path: string): string => readFileSync(require.resolve(path), 'utf8')

/** `</script>` inside inlined text would end the script element early. */
const safe = (text: string): string => text.replace(/<\/(script|style)/gi, '<\\/$1')

export function renderHtml (reports: SimReport | SimReport[]): string {
  const runs = Array.isArray(reports) ? reports : [reports]
  const title = runs.length === 1 ? `kuber sim: ${runs[0]!.scenario.name}, seed ${runs[0]!.seed}` : `kuber sim: ${runs.length} runs`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${safe(asset('uplot/dist/uPlot.min.css'))}</style>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:20px}h2{font-size:17px;margin-top:32px;border-top:1px solid #ddd;padding-top:12px}
.grid{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #eee;padding:6px}
table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:right}td:first-child,th:first-child{text-align:left}
.ok{color:#137333}.bad{color:#b3261e;font-weight:bold}.legend span{margin-right:12px}
</style>
<script>${safe(asset('uplot/dist/uPlot.iife.min.js'))}</script>
</head><body>
<h1>${escapeHtml(title)}</h1>
<div id="runs"></div>
<script id="data" type="application/json">${safe(JSON.stringify(runs))}</script>
<script>${safe(PAGE_SCRIPT)}</script>
</body></html>
`
}

function escapeHtml (s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}

/** The page's own script: builds each run's section from the embedded JSON. */
const PAGE_SCRIPT = String.raw`
(function () {
  var runs = JSON.parse(document.getElementById('data').textContent)
  var root = document.getElementById('runs')
  window.__chartsDrawn = 0
  window.__chartsExpected = 0
  var COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#17becf', '#e377c2', '#7f7f7f']
  function el (tag, attrs, html) { var e = document.createElement(tag); for (var k in attrs || {}) e.setAttribute(k, attrs[k]); if (html !== undefined) e.innerHTML = html; return e }
  function esc (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c] }) }
  function drawn () { window.__chartsDrawn++ }
  function plot (parent, title, opts, data) {
    window.__chartsExpected++
    var box = el('div', { class: 'chart', 'data-chart': title })
    parent.appendChild(box)
    opts.title = title
    opts.width = opts.width || 560
    opts.height = opts.height || 300
    var done = false
    opts.hooks = { draw: [function () { if (!done) { done = true; drawn() } }] }
    return new uPlot(opts, data, box)
  }
  // two CDFs on one x axis: the union of their values, each a step function over it
  function mergeCdfs (a, b) {
    var xs = a.map(function (p) { return p[0] }).concat(b.map(function (p) { return p[0] })).sort(function (x, y) { return x - y })
    function at (c, x) { var f = 0; for (var i = 0; i < c.length && c[i][0] <= x; i++) f = c[i][1]; return f }
    return [xs, xs.map(function (x) { return at(a, x) }), xs.map(function (x) { return at(b, x) })]
  }
  function row (k, v) { return '<tr><td>' + esc(k) + '</td><td>' + esc(v) + '</td></tr>' }
  function pct (x) { return (Math.round(x * 10000) / 100) + '%' }

  if (runs.length > 1) {
    var cmp = el('section')
    cmp.appendChild(el('h2', {}, 'Runs compared: delivery to honest nodes and time until attackers are banned'))
    root.appendChild(cmp)
    var xs = runs.map(function (_, i) { return i })
    var names = runs.map(function (r) { return r.scenario.name })
    plot(cmp, 'delivery (%) and first ban p50 / max (ms) per run', {
      width: 1100,
      scales: { x: { time: false }, pct: { range: [0, 100] } },
      axes: [{ values: function (u, ticks) { return ticks.map(function (t) { return names[t] || '' }) } }, { scale: 'ms', label: 'ms' }, { scale: 'pct', side: 1, label: '%', grid: { show: false } }],
      series: [{}, { label: 'delivery %', scale: 'pct', stroke: COLORS[2], width: 2, points: { size: 8 } },
        { label: 'first ban p50 ms', scale: 'ms', stroke: COLORS[1], width: 2, points: { size: 8 } },
        { label: 'first ban max ms', scale: 'ms', stroke: COLORS[3], width: 2, points: { size: 8 } }]
    }, [xs, runs.map(function (r) { return r.delivery.honest_fraction * 100 }),
      runs.map(function (r) { return r.attack && r.attack.time_to_first_ban_ms ? r.attack.time_to_first_ban_ms.p50 : null }),
      runs.map(function (r) { return r.attack && r.attack.time_to_first_ban_ms ? r.attack.time_to_first_ban_ms.max : null })])
  }

  runs.forEach(function (r, k) {
    var sec = el('section')
    root.appendChild(sec)
    var pass = r.passed ? '<span class="ok">all invariants held</span>' : '<span class="bad">FAILED: ' + esc(r.invariants.first.invariant + ' at ' + r.invariants.first.atMs + ' ms, node ' + r.invariants.first.node + ': ' + r.invariants.first.detail) + '</span>'
    sec.appendChild(el('h2', {}, esc(r.scenario.name) + ' &mdash; seed ' + r.seed + ', ' + r.nodes.total + ' nodes &mdash; ' + pass))
    sec.appendChild(el('p', {}, esc(r.scenario.description)))
    var t = '<table>' + row('delivery to honest nodes', pct(r.delivery.honest_fraction) + ' (' + r.delivery.delivered + ' of ' + r.delivery.expected + ')') +
      row('T_prop p50 / p99 / max (ms)', r.t_prop_ms.p50 + ' / ' + r.t_prop_ms.p99 + ' / ' + r.t_prop_ms.max) +
      row('shortest-path bound p50 / p99 (ms)', r.bound_ms.p50 + ' / ' + r.bound_ms.p99) +
      row('T_prop / bound p50 / p99', r.t_prop_vs_bound.p50 + ' / ' + r.t_prop_vs_bound.p99) +
      row('spec §10 (T_prop ≤ 200 ms)', (r.spec_t_prop.met ? 'met: ' : 'not met: ') + r.spec_t_prop.note) +
      row('bytes per node per block', r.bytes_per_node_per_block) + row('duplicates per node per message', r.duplicates_per_node_per_message) +
      row('links', r.links) + row('blocks', r.blocks.published)
    if (r.attack) t += row('attack', r.attack.kind + ': ' + r.attack.attackers + ' attackers, ' + r.attack.banned + ' banned' + (r.attack.time_to_first_ban_ms ? ', first ban p50 ' + r.attack.time_to_first_ban_ms.p50 + ' ms' : ''))
    sec.appendChild(el('div', {}, t + '</table>'))
    var grid = el('div', { class: 'grid' })
    sec.appendChild(grid)

    plot(grid, 'CDF of T_prop and of the shortest-path bound (ms)', {
      scales: { x: { time: false }, y: { range: [0, 1] } },
      series: [{ label: 'ms' }, { label: 'T_prop', stroke: COLORS[0], width: 2 }, { label: 'bound', stroke: COLORS[1], width: 2, dash: [6, 4] }]
    }, mergeCdfs(r.charts.t_prop_cdf, r.charts.bound_cdf))

    var pb = r.charts.per_block
    plot(grid, 'T_prop per block (ms)', {
      scales: { x: { time: false } },
      series: [{ label: 'height' }, { label: 'p50', stroke: COLORS[0] }, { label: 'p99', stroke: COLORS[3] }, { label: 'max', stroke: COLORS[7] }, { label: 'bound p99', stroke: COLORS[1], dash: [6, 4] }]
    }, [pb.map(function (b) { return b.height }), pb.map(function (b) { return b.p50 }), pb.map(function (b) { return b.p99 }), pb.map(function (b) { return b.max }), pb.map(function (b) { return b.bound_p99 })])

    var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.5] }) : undefined
    plot(grid, 'bytes and duplicates per node per message', {
      scales: { x: { time: false, range: [-0.5, 1.5] }, b: {}, d: {} },
      axes: [{ values: function (u, ticks) { return ticks.map(function (t) { return t === 0 ? 'bytes / node / block' : t === 1 ? 'duplicates / node / msg' : '' }) } }, { scale: 'b', label: 'bytes' }, { scale: 'd', side: 1, label: 'duplicates', grid: { show: false } }],
      series: [{}, { label: 'bytes', scale: 'b', fill: COLORS[0], stroke: COLORS[0], paths: bars }, { label: 'duplicates', scale: 'd', fill: COLORS[1], stroke: COLORS[1], paths: bars }]
    }, [[0, 1], [r.bytes_per_node_per_block, null], [null, r.duplicates_per_node_per_message]])

    var bt = r.charts.ban_timeline
    var attackers = r.attack ? r.attack.attackers : 0
    plot(grid, r.attack ? 'attackers banned over time (' + r.attack.kind + ')' : 'delivery per block (no attack)', r.attack ? {
      scales: { x: { time: false }, y: { range: [0, Math.max(1, attackers)] } },
      series: [{ label: 'ms' }, { label: 'banned', stroke: COLORS[3], width: 2, paths: uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined }]
    } : {
      scales: { x: { time: false }, y: { range: [0, 1.05] } },
      series: [{ label: 'height' }, { label: 'delivered', stroke: COLORS[2], width: 2 }]
    }, r.attack ? [[0].concat(bt.map(function (p) { return p[0] })), [0].concat(bt.map(function (p) { return p[1] }))] : [pb.map(function (b) { return b.height }), pb.map(function (b) { return b.delivered })])

    window.__chartsExpected++
    var topo = el('div', { class: 'chart', 'data-chart': 'topology' })
    grid.appendChild(topo)
    topo.appendChild(el('div', {}, '<b>topology</b> (' + r.topology.nodes.length + ' of ' + r.nodes.total + ' nodes): colour = region, black ring = Byzantine'))
    var canvas = el('canvas', { width: 560, height: 420 })
    topo.appendChild(canvas)
    var legend = el('div', { class: 'legend' }, r.topology.regions.map(function (name, i) { return '<span style="color:' + COLORS[i % COLORS.length] + '">&#9679; ' + esc(name) + '</span>' }).join(''))
    topo.appendChild(legend)
    drawTopology(canvas, r.topology)
  })

  function drawTopology (canvas, topo) {
    var ctx = canvas.getContext('2d')
    var W = canvas.width, H = canvas.height, R = Math.min(W, H) * 0.36
    var nRegions = topo.regions.length
    var pos = {}
    topo.nodes.forEach(function (n, k) {
      var a = (2 * Math.PI * n.region) / nRegions
      var cx = W / 2 + (nRegions > 1 ? R * Math.cos(a) : 0), cy = H / 2 + (nRegions > 1 ? R * Math.sin(a) : 0)
      var spread = nRegions > 1 ? R * 0.45 : R
      var t = k * 2.399963, rr = spread * Math.sqrt((k % 97 + 0.5) / 97)
      pos[n.i] = [cx + rr * Math.cos(t), cy + rr * Math.sin(t)]
    })
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, W, H)
    ctx.strokeStyle = 'rgba(120,120,120,0.25)'
    ctx.lineWidth = 0.6
    topo.edges.forEach(function (e) { var a = pos[e[0]], b = pos[e[1]]; if (!a || !b) return; ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke() })
    topo.nodes.forEach(function (n) {
      var p = pos[n.i]
      ctx.beginPath()
      ctx.arc(p[0], p[1], n.role === 'validator' ? 5 : 3.5, 0, 2 * Math.PI)
      ctx.fillStyle = COLORS[n.region % COLORS.length]
      ctx.fill()
      if (n.role === 'byzantine') { ctx.lineWidth = 2; ctx.strokeStyle = '#000'; ctx.stroke() }
    })
    drawn()
  }
})()
`
