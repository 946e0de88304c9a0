import type { ApplicationType } from '@idp/schemas';

/** The kinds a person picks from when creating an app (Logto's "third-party" is a flagged Traditional app). */
export const creatableKinds = ['SPA', 'Traditional', 'Native', 'MachineToMachine', 'Protected', 'ThirdParty'] as const;
export type CreatableKind = (typeof creatableKinds)[number];

export const kindToBody = (kind: CreatableKind): { type: ApplicationType; isThirdParty?: boolean } =>
  kind === 'ThirdParty' ? { type: 'Traditional', isThirdParty: true } : { type: kind };

/** Apps that sign people in through a browser redirect, and so have redirect URIs. */
export const hasRedirects = (type: ApplicationType) => type === 'SPA' || type === 'Traditional' || type === 'Native';
/** Apps that hold a secret. */
export const isConfidential = (type: ApplicationType) => type === 'Traditional' || type === 'MachineToMachine' || type === 'Protected';
