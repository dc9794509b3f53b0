/**
 * A deliberately small page for people trying the demo: write as a customer (with or without a
 * phone number), tap a button, answer as an inbox agent, flip the realism switches, and see what
 * the business sent. The sent list is rendered into the page itself, so it shows on load.
 */
import type { RealismSwitches, SentMessage } from '../types';

export interface ControlPageState {
	sent: SentMessage[];
	realism: Required<RealismSwitches>;
}

const escapeHtml = (text: string): string =>
	text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character);

function sentSummary(sent: SentMessage): string {
	if (sent.type === 'interactive') return `[interactive] ${JSON.stringify(sent.interactive)}`;
	return sent.text ?? sent.mediaUrl ?? `[${sent.type}]`;
}

export function sentRows(sent: SentMessage[]): string {
	if (sent.length === 0) return '<tr><td colspan="4">Nothing sent yet.</td></tr>';
	return [...sent]
		.reverse()
		.map(
			(message) =>
				`<tr><td>${new Date(message.at).toISOString().slice(0, 19).replace('T', ' ')}</td><td>${escapeHtml(message.phone ?? message.appUserId)}</td>` +
				`<td>${escapeHtml(message.origin ?? 'reply')}${message.windowOpen ? '' : ' (window closed: not delivered)'}</td><td>${escapeHtml(sentSummary(message))}</td></tr>`,
		)
		.join('\n');
}

const checked = (on: boolean) => (on ? ' checked' : '');

export function controlPage(state: ControlPageState): string {
	const { realism } = state;
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Channel360 sandbox</title>
<style>body{font:15px system-ui,sans-serif;max-width:52em;margin:2em auto}input,textarea,select{width:100%;margin:.2em 0 .8em}input[type=checkbox]{width:auto}
pre{background:#f4f4f4;padding:1em;overflow:auto}table{border-collapse:collapse;width:100%}td{border-top:1px solid #ddd;padding:.3em;vertical-align:top;font-size:13px}
fieldset{margin:1em 0}</style>
</head><body>
<h1>Channel360 sandbox</h1>
<p>Pretend to be a WhatsApp customer writing to the business. Webhooks registered by n8n receive <code>message:appUser</code>.</p>
<form id="inbound" data-path="/__sandbox/inbound">
<label>Phone <input name="phone" value="+27821234567"></label>
<label>Name <input name="name" value="Thandi"></label>
<label>Message <textarea name="text" rows="3">Hi, is my order ready?</textarea></label>
<label><input type="checkbox" name="hidePhone"> this customer hides their number (WhatsApp username: a business-scoped id instead)</label><br>
<button>Send as customer</button>
</form>
<fieldset><legend>Tap a button of the latest interactive message sent to this phone</legend>
<form id="tap" data-path="/__sandbox/tap">
<label>Phone <input name="phone" value="+27821234567"></label>
<label>Button or list row title <input name="title" placeholder="e.g. Yes"></label>
<button>Tap</button></form></fieldset>
<fieldset><legend>Answer as a human agent in the Channel360 inbox</legend>
<form id="agent" data-path="/__sandbox/agent">
<label>Phone <input name="phone" value="+27821234567"></label>
<label>Agent <input name="agentName" value="Sipho"></label>
<label>Message <input name="text" value="Hi, Sipho here. How can I help?"></label>
<button>Send as agent</button></form></fieldset>
<fieldset><legend>Realism switches (see docs/channel360-api.md)</legend>
<form id="realism" data-path="/__sandbox/realism">
<label><input type="checkbox" name="phonelessCustomers"${checked(realism.phonelessCustomers)}> customers hide their number</label><br>
<label><input type="checkbox" name="repeatStatusEvents"${checked(realism.repeatStatusEvents)}> status events are delivered twice</label><br>
<label>Retries <select name="retryPolicy"><option value="none"${realism.retryPolicy === 'none' ? ' selected' : ''}>none (the 2024 source)</option>
<option value="documented"${realism.retryPolicy === 'documented' ? ' selected' : ''}>documented: 5 tries over 15 min, 20 s timeout</option></select></label>
<button>Apply</button></form></fieldset>
<p><a href="/__sandbox/state">state</a> · <a href="/__sandbox/sent">sent (JSON)</a> · <a href="/__sandbox/notifications">notifications</a> · <a href="/__sandbox/deliveries">webhook deliveries</a></p>
<pre id="out"></pre>
<h2>Sent by the business</h2>
<table><tbody id="sent">
${sentRows(state.sent)}
</tbody></table>
<script>
const out = document.getElementById('out');
for (const form of document.querySelectorAll('form')) {
  form.onsubmit = async (e) => {
    e.preventDefault();
    const body = Object.fromEntries(new FormData(form));
    // A switch says on or off; the customer's own box only overrides the switch when ticked.
    for (const box of form.querySelectorAll('input[type=checkbox]')) {
      if (box.checked || form.id === 'realism') body[box.name] = box.checked; else delete body[box.name];
    }
    const res = await fetch(form.dataset.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    out.textContent = JSON.stringify(await res.json(), null, 2);
    setTimeout(refreshSent, 300);
  };
}
async function refreshSent() {
  const res = await fetch('/__sandbox/sent-rows');
  document.getElementById('sent').innerHTML = await res.text();
}
setInterval(refreshSent, 3000);
</script>
</body></html>`;
}
