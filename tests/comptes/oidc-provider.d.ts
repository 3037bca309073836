// Minimal typings of oidc-provider (it ships none), for the local provider of the OIDC tests.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface CompteOidc {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }

  export interface ConfigurationOidc {
    clients?: Record<string, unknown>[];
    findAccount?: (ctx: unknown, id: string) => Promise<CompteOidc | undefined>;
    claims?: Record<string, string[]>;
    pkce?: { required?: () => boolean };
    features?: Record<string, unknown>;
    cookies?: Record<string, unknown>;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: ConfigurationOidc);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
