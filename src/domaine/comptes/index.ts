export * from './roles.ts';
export * from './permissions.ts';
export * from './organisations.ts';
export * from './audit.ts';
export * from './attestation.ts';
