// The light-client demo page a node serves on its WebSocket listeners (GET /, light-demo.ts): it loads
// the browser bundle (/kuber-light.js) and the chain's genesis (/genesis.json) from the
// node and follows the node's chain over ws://<same host>/, showing the verified head,
// block times, finality and the node's PeerID, and turning red when the node sends
// something that does not verify. (A real wallet ships its genesis rather than asking
// the node for it.)

export const DEMO_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kuber light client</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 46rem; color: #1c2430; }
  #status { padding: .8rem 1rem; border-radius: 8px; background: #e8eef7; font-weight: 600; }
  #status[data-state="ok"] { background: #dff5e3; color: #14532d; }
  #status[data-state="invalid"] { background: #c81e1e; color: #fff; }
  dl { display: grid; grid-template-columns: 12rem 1fr; gap: .3rem 1rem; }
  dt { color: #5b6575; } dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
  #height { font-size: 2.2rem; font-weight: 700; }
  table { border-collapse: collapse; width: 100%; font-family: ui-monospace, monospace; font-size: 13px; }
  td, th { text-align: left; padding: .15rem .5rem; border-bottom: 1px solid #e3e7ee; }
</style></head>
<body>
<h1>Kuber light client</h1>
<p id="status" data-state="connecting">connecting…</p>
<dl>
  <dt>verified head</dt><dd id="height">–</dd>
  <dt>head hash</dt><dd id="hash">–</dd>
  <dt>finality</dt><dd id="finality">–</dd>
  <dt>block time</dt><dd id="interval">–</dd>
  <dt>node PeerID</dt><dd id="peer">–</dd>
  <dt>chain</dt><dd id="chain">–</dd>
</dl>
<h2>Latest verified blocks</h2>
<table><thead><tr><th>height</th><th>time</th><th>proposer</th><th>signers</th><th>verified, after its timestamp</th></tr></thead><tbody id="blocks"></tbody></table>
<script type="module">
  import { runDemo } from '/kuber-light.js'
  runDemo(document, location)
</script>
</body></html>
`
