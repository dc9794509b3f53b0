/** A deliberately tiny page for people trying the demo: send a customer message, see the state. */
export function controlPage(): string {
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Channel360 sandbox</title>
<style>body{font:15px system-ui,sans-serif;max-width:40em;margin:2em auto}input,textarea{width:100%;margin:.2em 0 .8em}pre{background:#f4f4f4;padding:1em;overflow:auto}</style>
</head><body>
<h1>Channel360 sandbox</h1>
<p>Pretend to be a WhatsApp customer writing to the business. Webhooks registered by n8n receive <code>message:appUser</code>.</p>
<form id="f">
<label>Phone <input name="phone" value="+27821234567"></label>
<label>Name <input name="name" value="Thandi"></label>
<label>Message <textarea name="text" rows="3">Hi, is my order ready?</textarea></label>
<button>Send as customer</button>
</form>
<p><a href="/__sandbox/state">state</a> · <a href="/__sandbox/sent">sent replies</a> · <a href="/__sandbox/notifications">notifications</a> · <a href="/__sandbox/deliveries">webhook deliveries</a></p>
<pre id="out"></pre>
<script>
document.getElementById('f').onsubmit = async (e) => {
  e.preventDefault();
  const body = Object.fromEntries(new FormData(e.target));
  const res = await fetch('/__sandbox/inbound', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  document.getElementById('out').textContent = JSON.stringify(await res.json(), null, 2);
};
</script>
</body></html>`;
}
