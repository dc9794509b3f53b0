/**
 * A tiny method + path-pattern router (`/webhooks/:webhookId`). Routes are tried in order, so
 * literal paths (`/templates/list`) are registered before patterns that would also match them.
 */

export type Params = Record<string, string>;

export interface Route<H> {
	method: string;
	pattern: string;
	handler: H;
}

export interface RouteMatch<H> {
	handler: H;
	params: Params;
}

function matchPattern(pattern: string, path: string): Params | undefined {
	const wanted = pattern.split('/').filter(Boolean);
	const actual = path.split('/').filter(Boolean);
	if (wanted.length !== actual.length) return undefined;
	const params: Params = {};
	for (let i = 0; i < wanted.length; i++) {
		if (wanted[i].startsWith(':')) {
			try {
				params[wanted[i].slice(1)] = decodeURIComponent(actual[i]);
			} catch {
				return undefined;
			}
		} else if (wanted[i] !== actual[i]) {
			return undefined;
		}
	}
	return params;
}

export class Router<H> {
	private readonly routes: Route<H>[] = [];

	add(method: string, pattern: string, handler: H): this {
		this.routes.push({ method: method.toUpperCase(), pattern, handler });
		return this;
	}

	match(method: string, path: string): RouteMatch<H> | undefined {
		for (const route of this.routes) {
			if (route.method !== method.toUpperCase()) continue;
			const params = matchPattern(route.pattern, path);
			if (params) return { handler: route.handler, params };
		}
		return undefined;
	}
}
