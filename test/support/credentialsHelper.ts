/**
 * n8n's ICredentialsHelper for the harness: hands out plain (already decrypted) credential data
 * with the credential type's defaults applied, and applies the credential type's own
 * `authenticate` block to requests the way n8n's CLI does (a generic block's values are n8n
 * expressions over `$credentials`, resolved by the workflow's expression engine). So
 * `this.helpers.httpRequestWithAuthentication` sends exactly the headers a real n8n would.
 */
import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers } from 'n8n-workflow';

export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: Record<string, ICredentialType>,
		private readonly dataByType: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	private typeNamed(name: string): ICredentialType {
		const type = this.credentialTypes[name];
		if (!type) throw new Error(`The harness has no credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		return this.typeNamed(name).extends ?? [];
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.typeNamed(type).properties;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.dataByType[type];
		if (!data) throw new Error(`The harness was given no "${type}" credentials`);
		// As n8n does: fill in the defaults of fields the stored credential leaves out.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.typeNamed(type).properties,
			data as INodeParameters,
			false,
			false,
			null,
			null,
		);
		return { ...(withDefaults as ICredentialDataDecryptedObject) };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.typeNamed(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		if (authenticate?.type !== 'generic') return requestOptions as IHttpRequestOptions;

		const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
		options.headers ??= {};
		const resolve = (value: string) => this.resolve(value, credentials, workflow, node);
		for (const [target, fields] of Object.entries(authenticate.properties)) {
			options[target] ??= {};
			for (const [key, value] of Object.entries(fields as Record<string, string>)) {
				options[target][resolve(key)] = resolve(value);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	private resolve(value: string, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode): string {
		if (typeof value !== 'string' || !value.startsWith('=')) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved === undefined || resolved === null ? '' : String(resolved);
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}
