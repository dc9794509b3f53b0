/**
 * The HTTP control interface under `/__sandbox/` for the e2e suite, the demo and people poking
 * at the sandbox with curl: the same powers as the programmatic API. No auth (loopback only).
 * Errors answer 400 `{ error }`.
 */
import type { IncomingMessage } from 'node:http';

import { readRawBody, type HttpResult } from '../httpIo';
import { Router, type Params } from '../router';
import type { SandboxInstance } from '../sandbox';
import type { AgentMessageInput, ButtonTapInput, FaultSpec, InboundMessageInput, RealismSwitches } from '../types';
import { controlPage, sentRows } from './page';

type Body = Record<string, unknown>;
type ControlHandler = (sandbox: SandboxInstance, request: { params: Params; query: URLSearchParams; body: Body }) => HttpResult | Promise<HttpResult>;

const ok = (body: unknown, status = 200): HttpResult => ({ status, body });
const html = (body: string): HttpResult => ({ status: 200, body, headers: { 'content-type': 'text/html; charset=utf-8' } });

/** An org id from the body or query, else the default org. */
function orgOf(sandbox: SandboxInstance, request: { query: URLSearchParams; body: Body }): string {
	const fromBody = request.body.orgId;
	return typeof fromBody === 'string' && fromBody ? fromBody : (request.query.get('orgId') ?? sandbox.defaultOrg.orgId);
}

const optionalOrg = (query: URLSearchParams): string | undefined => query.get('orgId') ?? undefined;

/** JSON cannot say Infinity or carry a RegExp: accept "Infinity"/null for times and pathPattern for a regex. */
function faultFromBody(body: Body): FaultSpec {
	const times = body.times === 'Infinity' || body.times === null ? Infinity : (body.times as number | undefined);
	const path = typeof body.pathPattern === 'string' ? new RegExp(body.pathPattern) : (body.path as string | undefined);
	return {
		method: body.method as string | undefined,
		path,
		status: Number(body.status ?? 0),
		body: body.body,
		retryAfterSeconds: body.retryAfterSeconds as number | undefined,
		times,
		latencyMs: body.latencyMs as number | undefined,
	};
}

function buildControlRouter(): Router<ControlHandler> {
	const router = new Router<ControlHandler>();
	router
		.add('GET', '/', (sandbox) => html(controlPage({ sent: sandbox.sentMessages(), realism: sandbox.realism })))
		.add('GET', '/sent-rows', (sandbox) => html(sentRows(sandbox.sentMessages())))
		.add('GET', '/state', (sandbox) => ok(sandbox.summary()))
		.add('POST', '/inbound', async (sandbox, request) =>
			ok(await sandbox.simulateInboundMessage(orgOf(sandbox, request), request.body as unknown as InboundMessageInput)),
		)
		.add('POST', '/read', async (sandbox, request) => {
			await sandbox.simulateRead(orgOf(sandbox, request), request.body as { phone?: string; appUserId?: string });
			return ok({ ok: true });
		})
		.add('POST', '/flow', async (sandbox, request) =>
			ok(await sandbox.simulateFlowSubmission(orgOf(sandbox, request), request.body as unknown as { phone: string; response: unknown })),
		)
		.add('POST', '/tap', async (sandbox, request) =>
			ok(await sandbox.simulateButtonTap(orgOf(sandbox, request), request.body as unknown as ButtonTapInput)),
		)
		.add('POST', '/agent', async (sandbox, request) =>
			ok(await sandbox.simulateAgentMessage(orgOf(sandbox, request), request.body as unknown as AgentMessageInput)),
		)
		.add('GET', '/realism', (sandbox) => ok(sandbox.realism))
		.add('POST', '/realism', (sandbox, { body }) => ok(sandbox.setRealism(body as RealismSwitches)))
		.add('POST', '/clock/advance', (sandbox, { body }) => {
			const ms = typeof body.hours === 'number' ? body.hours * 3_600_000 : Number(body.ms);
			sandbox.clock.advance(ms);
			return ok({ now: sandbox.clock.now(), iso: new Date(sandbox.clock.now()).toISOString() });
		})
		.add('POST', '/clock/set', (sandbox, { body }) => {
			const at = typeof body.at === 'string' ? Date.parse(body.at) : Number(body.at);
			sandbox.clock.set(at);
			return ok({ now: sandbox.clock.now(), iso: new Date(sandbox.clock.now()).toISOString() });
		})
		.add('POST', '/faults', (sandbox, { body }) => {
			sandbox.injectFault(faultFromBody(body));
			return ok({ ok: true }, 201);
		})
		.add('DELETE', '/faults', (sandbox) => {
			sandbox.clearFaults();
			return ok({ ok: true });
		})
		.add('POST', '/rate-limit', (sandbox, { body }) => {
			sandbox.setRateLimit(body.perSecond === null || body.perSecond === undefined ? null : Number(body.perSecond));
			return ok({ perSecond: sandbox.rateLimitPerSecond });
		})
		.add('POST', '/delivery-mode', (sandbox, { body }) => {
			sandbox.setDeliveryMode(body);
			return ok(sandbox.deliveryMode);
		})
		.add('GET', '/sent', (sandbox, { query }) => ok(sandbox.sentMessages(optionalOrg(query))))
		.add('GET', '/notifications', (sandbox, { query }) => ok(sandbox.notifications(optionalOrg(query))))
		.add('GET', '/notifications/:id', (sandbox, { params }) => {
			const notification = sandbox.notifications().find((n) => n.id === params.id);
			return notification ? ok(notification) : { status: 404, body: { error: `No notification ${params.id}` } };
		})
		.add('GET', '/deliveries', (sandbox) => ok(sandbox.deliveries()))
		.add('GET', '/webhooks', (sandbox, { query }) => ok(sandbox.webhooks(optionalOrg(query))))
		.add('GET', '/requests', (sandbox) => ok(sandbox.requests()))
		.add('GET', '/appusers', (sandbox, { query }) => ok(sandbox.appUsers(optionalOrg(query))))
		.add('GET', '/templates', (sandbox, request) => ok(sandbox.templatesOf(orgOf(sandbox, request))))
		.add('POST', '/templates', (sandbox, request) => ok(sandbox.addTemplate(orgOf(sandbox, request), request.body as never), 201))
		.add('POST', '/templates/status', (sandbox, request) => {
			const { name, language, status } = request.body as { name: string; language: string; status: string };
			sandbox.setTemplateStatus(orgOf(sandbox, request), name, language, status);
			return ok({ ok: true });
		})
		.add('POST', '/subscribers', (sandbox, request) => ok(sandbox.addSubscriber(orgOf(sandbox, request), request.body as never), 201))
		.add('POST', '/organisations', (sandbox, { body }) =>
			ok(sandbox.createOrganisation({ orgId: body.orgId as string | undefined, name: body.name as string | undefined }), 201),
		)
		.add('POST', '/reset', (sandbox) => {
			sandbox.reset();
			return ok({ ok: true });
		});
	return router;
}

export function createControlHandler(sandbox: SandboxInstance) {
	const router = buildControlRouter();
	return async function handleControlRequest(req: IncomingMessage, url: URL): Promise<HttpResult> {
		const subPath = url.pathname.slice('/__sandbox'.length) || '/';
		const match = router.match(req.method ?? 'GET', subPath);
		if (!match) return { status: 404, body: { error: `No sandbox control route ${req.method} ${url.pathname}` } };
		try {
			const raw = await readRawBody(req);
			const parsed = raw.trim() ? (JSON.parse(raw) as unknown) : {};
			const body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Body) : {};
			return await match.handler(sandbox, { params: match.params, query: url.searchParams, body });
		} catch (error) {
			return { status: 400, body: { error: (error as Error)?.message ?? String(error) } };
		}
	};
}
