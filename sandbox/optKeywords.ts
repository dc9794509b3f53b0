/**
 * Channel360's inbound opt-out / opt-in keywords (webhook MessageProcessor): the whole message,
 * case-insensitive, must equal one of them.
 */
const OPT_OUT = ['STOP', 'STOPALL', 'STOP ALL', 'STOP ALL MESSAGES', 'OPT OUT', 'OPTOUT', 'UNSUBSCRIBE', 'UNSUB', 'UNSUB ALL'];
const OPT_IN = ['OPTIN', 'OPT IN', 'SUBSCRIBE'];

/** false = opt out, true = opt in, undefined = an ordinary message. */
export function optInChangeFor(text: string | undefined): boolean | undefined {
	const normalised = (text ?? '').trim().toUpperCase();
	if (OPT_OUT.includes(normalised)) return false;
	if (OPT_IN.includes(normalised)) return true;
	return undefined;
}
